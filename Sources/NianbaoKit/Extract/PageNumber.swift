/// Recognises lines that are only a page number: "-1-", "— 2 —", "第3页", "第 3 页 共 9 页", "3/9".
enum PageNumber {
    static func matches(_ line: String) -> Bool {
        guard line.utf8.count <= 60 else { return false }
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
}
