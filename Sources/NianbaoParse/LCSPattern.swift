import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// A label's scalar values prepared for counting its longest common subsequence with many texts.
///
/// Labels of up to 64 scalars use the bit-parallel algorithm (Allison & Dix 1986; Crochemore et
/// al. 2001): one machine word holds a row of the dynamic-programming table, so a text costs a few
/// word operations per scalar. Longer labels fall back to the table. The counts are those of
/// ``LabelMatcher/longestCommonSubsequence(_:_:)``.
package struct LCSPattern: Sendable {
    let scalars: [UInt32]
    /// The label's distinct scalars, ascending, and the positions of each as bits.
    private let keys: [UInt32]
    private let masks: [UInt64]
    /// One bit per `scalar & 63` present in the label, to skip scalars it lacks.
    private let filter: UInt64

    package init(_ scalars: [UInt32]) {
        self.scalars = scalars
        var keys: [UInt32] = [], masks: [UInt64] = []
        var filter: UInt64 = 0
        if scalars.count <= 64 {
            for (v, i) in zip(scalars, scalars.indices).sorted(by: { $0.0 < $1.0 }) {
                if keys.last == v {
                    masks[masks.count - 1] |= 1 << UInt64(i)
                } else {
                    keys.append(v)
                    masks.append(1 << UInt64(i))
                }
                filter |= 1 << UInt64(v & 63)
            }
        }
        self.keys = keys
        self.masks = masks
        self.filter = filter
    }

    /// The positions of `v` in the label as bits (0 when absent).
    @inline(__always)
    private func mask(_ v: UInt32) -> UInt64 {
        guard filter & (1 << UInt64(v & 63)) != 0 else { return 0 }
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) >> 1
            let k = keys[mid]
            if k == v { return masks[mid] }
            if k < v { low = mid + 1 } else { high = mid }
        }
        return 0
    }

    /// Length of the longest common subsequence of `text` and the label.
    package func longestCommonSubsequence(with text: [UInt32]) -> Int {
        let m = scalars.count
        guard m > 0, !text.isEmpty else { return 0 }
        guard m <= 64 else { return LabelMatcher.longestCommonSubsequence(text, scalars) }
        var v = UInt64.max
        for c in text {
            let u = v & mask(c)
            v = (v &+ u) | (v &- u)
        }
        let low: UInt64 = m == 64 ? .max : (1 << UInt64(m)) - 1
        return m - (v & low).nonzeroBitCount
    }
}
