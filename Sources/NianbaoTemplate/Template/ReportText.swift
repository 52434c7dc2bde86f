import Foundation
import NianbaoSupport

/// How reports print their title and dates, as text: "XX2024年政府信息公开工作年度报告", "2025年1月24日",
/// "2020-01-20". The parser reads a report's metadata with these; the HTML writer asks them whether
/// a line it would add is already printed.
package enum ReportText {
    /// Whether a line's text up to its first 报告/年报 names the report: no sentence ("本报告…",
    /// "根据《条例》…编制本报告", a comma or a full stop before it).
    package static func namesReport(_ text: String) -> Bool {
        // A title wrapped before its last word: "…工作年度报" + "告".
        let before = reportWord(in: text).map { text[..<$0.lowerBound] } ?? (text.count <= 40 && text.contains("政府信息公开") ? text[...] : "")
        if before.isEmpty || ["本", "此", "该", "根据", "依据", "按照"].contains(where: { before.hasPrefix($0) }) { return false }
        return !before.contains { "，,。；;《》".contains($0) }
    }

    /// The first 报告 or 年报 of a text.
    package static func reportWord(in text: String) -> Range<String.Index>? {
        [text.range(of: "报告"), text.range(of: "年报")].compactMap { $0 }.min { $0.lowerBound < $1.lowerBound }
    }

    /// A title without white space or markdown markers.
    package static func compactTitle(_ text: String) -> String {
        var t = text.filter { !$0.isWhitespace }
        while t.hasPrefix("#") { t.removeFirst() }
        return t
    }

    /// "XX2024年政府信息公开…" or "2024年XX政府信息公开…".
    package static func agencyAndYear(fromTitle title: String) -> (agency: String?, year: Int?) {
        let t = PlainText.nfkcScalars(title).map(PlainText.string) ?? title.precomposedStringWithCompatibilityMapping
        guard let groups = MetadataPatterns.title(t) else { return (nil, yearIn(t)) }
        let year = yearValue(groups[1])
        var before = groups[0]
        if before.hasSuffix("关于") { before.removeLast(2) }
        let after = groups[2]
        let agency = !before.isEmpty ? before : (!after.isEmpty ? after : nil)
        return (agency, year)
    }

    package static func yearIn(_ text: String) -> Int? {
        MetadataPatterns.year(in: text).flatMap { Int($0) }
    }

    package static func yearValue(_ s: String) -> Int? {
        if let y = Int(s) { return y }
        let digits = s.compactMap { LabelText.chineseDigit($0) }
        guard digits.count == 4 else { return nil }
        return digits.reduce(0) { $0 * 10 + $1 }
    }

    /// "2020-01-20 15:22" or "2020/1/20" → "2020-01-20".
    package static func isoDate(_ text: String) -> String? {
        guard let groups = MetadataPatterns.isoDate(in: text) else { return parseDate(text, wholeLine: false) }
        let parts = groups.compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return format(parts[0], parts[1], parts[2])
    }

    package static func parseDate(_ text: String, wholeLine: Bool) -> String? {
        guard let groups = MetadataPatterns.date(in: text, wholeLine: wholeLine) else { return nil }
        guard let y = yearValue(groups[0]), let mo = Int(groups[1]) ?? LabelText.chineseNumber(groups[1]),
            let d = Int(groups[2]) ?? chineseDay(groups[2])
        else { return nil }
        return format(y, mo, d)
    }

    package static func chineseDay(_ s: String) -> Int? {
        if s.count == 3, s.dropFirst().first == "十" {
            guard let first = s.first, let last = s.last, let t = LabelText.chineseDigit(first), let o = LabelText.chineseDigit(last)
            else { return nil }
            return t * 10 + o
        }
        return LabelText.chineseNumber(s)
    }

    package static func format(_ y: Int, _ m: Int, _ d: Int) -> String? {
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
        }
        return "\(padded(y, 4))-\(padded(m, 2))-\(padded(d, 2))"
    }
}
