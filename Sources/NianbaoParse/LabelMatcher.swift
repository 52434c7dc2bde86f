import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Fuzzy comparison of a printed label with the template's labels.
///
/// The score is the Dice coefficient of the longest common subsequence of the normalised texts,
/// so a dropped or swapped character ("2.其他法律行政止公开", "本年度止件数") still scores high while
/// a different label scores low. A truncated label ("4.无正当理由大量反") scores as a prefix.
public enum LabelMatcher {
    /// A label is taken to be a template label at this score or above…
    public static let threshold = 0.78
    /// …and only when no other label scores within this margin of it.
    public static let margin = 0.08

    /// Similarity of two normalised labels in 0…1.
    public static func score(_ observed: String, _ expected: String) -> Double {
        score(observed.unicodeScalars.map(\.value), expected.unicodeScalars.map(\.value))
    }

    /// Similarity of two labels given as ``LabelText/key(_:)`` scalars.
    public static func score(_ a: [UInt32], _ b: [UInt32]) -> Double {
        score(a, LCSPattern(b))
    }

    /// Similarity of a label's key to a template label prepared as a pattern.
    static func score(_ a: [UInt32], _ pattern: LCSPattern) -> Double {
        let b = pattern.scalars
        if a == b { return a.isEmpty ? 0 : 1 }
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let lcs = pattern.longestCommonSubsequence(with: a)
        var dice = 2 * Double(lcs) / Double(a.count + b.count)
        // A label cut short at a line or page break: a long enough prefix of the template's label.
        if a.count >= 5, b.starts(with: a) { dice = max(dice, 0.85 + 0.1 * Double(a.count) / Double(b.count)) }
        return dice
    }

    /// Length of the longest common subsequence.
    package static func longestCommonSubsequence(_ a: [UInt32], _ b: [UInt32]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for i in 1...a.count {
            let ai = a[i - 1]
            for j in 1...b.count {
                current[j] = ai == b[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Candidate labels prepared once: ids with the keys of their printed wordings.
    public struct Candidates<ID: Equatable & Sendable>: Sendable {
        let entries: [(id: ID, keys: [LCSPattern])]

        public init(_ candidates: [(id: ID, labels: [String])]) {
            entries = candidates.map { ($0.id, $0.labels.map(LabelText.key).filter { !$0.isEmpty }.map(LCSPattern.init)) }
        }
    }

    /// The best candidate for an observed label key.
    public static func bestMatch<ID: Equatable & Sendable>(
        for observed: [UInt32], among candidates: Candidates<ID>, threshold: Double = threshold
    ) -> (id: ID, score: Double)? {
        guard !observed.isEmpty else { return nil }
        var best: (id: ID, score: Double)?
        var second = 0.0
        for candidate in candidates.entries {
            var s = 0.0
            for key in candidate.keys { s = max(s, score(observed, key)) }
            if let b = best, s <= b.score {
                if candidate.id != b.id { second = max(second, s) }
                continue
            }
            if let b = best, candidate.id != b.id { second = max(second, b.score) }
            best = (candidate.id, s)
        }
        guard let b = best, b.score >= threshold, b.score - second >= margin else { return nil }
        return b
    }
}
