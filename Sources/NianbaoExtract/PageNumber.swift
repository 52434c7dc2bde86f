import NianbaoDocument
import NianbaoSupport
/// Recognises lines that are only a page number: "-1-", "— 2 —", "第3页", "第 3 页 共 9 页", "3/9".
package enum PageNumber {
    package static func matches(_ line: String) -> Bool {
        guard line.utf8.count <= 60 else { return false }
        // Plain text (one character per scalar) with a character no page number has is none.
        if let scalars = PlainText.scalars(line), !scalars.allSatisfy(mayBeInPageNumber) { return false }
        let t = line.filter { !$0.isWhitespace }
        let dashes: Set<Character> = ["-", "—", "–", "－", "─"]
        let core = String(t.drop { dashes.contains($0) }.reversed().drop { dashes.contains($0) }.reversed())
        if core.count < t.count, !core.isEmpty, core.allSatisfy(\.isASCIIDigitish) { return true }
        if t.hasPrefix("第"), t.hasSuffix("页") {
            let inner = t.dropFirst().dropLast().replacingOccurrences(of: "页共", with: "")
            return !inner.isEmpty && inner.allSatisfy(\.isASCIIDigitish)
        }
        let parts = t.split(separator: "/")
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitish) }
    }

    /// White space, digits, dashes, "/" and 第页共: the characters of the forms above.
    private static func mayBeInPageNumber(_ v: UInt32) -> Bool {
        switch v {
        case 0x30...0x39, 0xFF10...0xFF19, 0x2D, 0x2014, 0x2013, 0xFF0D, 0x2500, 0x2F, 0x7B2C, 0x9875, 0x5171: return true
        default: return PlainText.isWhiteSpace(v)
        }
    }
}
