import Foundation

/// Reads title, agency, year and date from the lines before the first section, the signature at
/// the end, and the container's metadata.
enum MetadataReader {
    struct Found {
        var title: String?
        var agency: String?
        var year: Int?
        var publishedOn: String?
        var diagnostics: [Diagnostic] = []
    }

    static func read(lines: [ParseLine], firstSection: Int?, document: Document) -> Found {
        var found = Found()
        let head = Array(lines.prefix(firstSection ?? min(lines.count, 12)).prefix(12))
        found.title = title(in: head) ?? document.metadata.title.map(compactTitle)
        if let title = found.title {
            let parsed = agencyAndYear(fromTitle: title)
            found.agency = parsed.agency
            found.year = parsed.year
        }
        if found.agency == nil, let alt = document.metadata.title.map(compactTitle) {
            found.agency = agencyAndYear(fromTitle: alt).agency
            found.year = found.year ?? agencyAndYear(fromTitle: alt).year
        }
        if found.agency == nil {
            found.agency = signatureAgency(lines)
            if found.agency != nil {
                found.diagnostics.append(Diagnostic(.info, .agencyFromSignature, "the title names no agency; took the signature", at: nil))
            }
        }
        found.publishedOn = signatureDate(lines) ?? labelledDate(in: head) ?? document.metadata.published.flatMap(isoDate)
        if found.year == nil {
            found.year = statisticsYear(lines)
            if found.year == nil, let published = found.publishedOn, let y = Int(published.prefix(4)) {
                found.year = y - 1
                found.diagnostics.append(Diagnostic(.warning, .yearFromDate, "no year in the title; took the year before the date \(published)", at: nil))
            }
        }
        return found
    }

    /// The first line naming the report (政府信息公开 with 报告/年报, or 年度报告/年报 with a year), with a
    /// wrapped continuation or a preceding agency line. A sentence that speaks of the report
    /// ("本报告根据《中华人民共和国政府信息公开条例》…") names no title.
    static func title(in head: [ParseLine]) -> String? {
        let texts = head.filter { !$0.isTableRow }.map { $0.text.trimmingWhitespaces() }
        let named = texts.firstIndex { namesReport($0) && ($0.contains("政府信息公开") || $0.contains("信息公开") && $0.contains("年报")) }
        guard let i = named ?? texts.firstIndex(where: { namesReport($0) && yearIn($0) != nil }) else { return nil }
        var title = texts[i]
        // A run-in title: "…年度报告 根据《…》…".
        if title.count > 60 {
            guard let end = reportWord(in: title), title.distance(from: title.startIndex, to: end.upperBound) <= 60
            else { return nil }
            return compactTitle(String(title[..<end.upperBound]))
        }
        // A title wrapped over two or three lines: "…工作年度报" + "告".
        var joined = title
        for next in texts.dropFirst(i + 1).prefix(2) where !(title.hasSuffix("报告") || title.hasSuffix("年报")) {
            guard next.count <= 12 else { break }
            joined += next
            if joined.hasSuffix("报告") || joined.hasSuffix("年报") { title = joined }
        }
        if i > 0 {
            let previous = texts[i - 1]
            if previous.count <= 30, !previous.contains("。"), yearIn(title) != nil, agencyAndYear(fromTitle: compactTitle(title)).agency == nil {
                title = previous + title
            }
        }
        return compactTitle(title)
    }

    /// Whether a line's text up to its first 报告/年报 names the report: no sentence ("本报告…",
    /// "根据《条例》…编制本报告", a comma or a full stop before it).
    static func namesReport(_ text: String) -> Bool {
        // A title wrapped before its last word: "…工作年度报" + "告".
        let before = reportWord(in: text).map { text[..<$0.lowerBound] } ?? (text.count <= 40 && text.contains("政府信息公开") ? text[...] : "")
        if before.isEmpty || ["本", "此", "该", "根据", "依据", "按照"].contains(where: { before.hasPrefix($0) }) { return false }
        return !before.contains { "，,。；;《》".contains($0) }
    }

    /// The first 报告 or 年报 of a text.
    static func reportWord(in text: String) -> Range<String.Index>? {
        [text.range(of: "报告"), text.range(of: "年报")].compactMap { $0 }.min { $0.lowerBound < $1.lowerBound }
    }

    /// A title without white space or markdown markers.
    static func compactTitle(_ text: String) -> String {
        var t = text.filter { !$0.isWhitespace }
        while t.hasPrefix("#") { t.removeFirst() }
        return t
    }

    /// "XX2024年政府信息公开…" or "2024年XX政府信息公开…".
    static func agencyAndYear(fromTitle title: String) -> (agency: String?, year: Int?) {
        let t = PlainText.nfkcScalars(title).map(PlainText.string) ?? title.precomposedStringWithCompatibilityMapping
        guard let groups = MetadataPatterns.title(t) else { return (nil, yearIn(t)) }
        let year = yearValue(groups[1])
        var before = groups[0]
        if before.hasSuffix("关于") { before.removeLast(2) }
        let after = groups[2]
        let agency = !before.isEmpty ? before : (!after.isEmpty ? after : nil)
        return (agency, year)
    }

    static func yearIn(_ text: String) -> Int? {
        MetadataPatterns.year(in: text).flatMap { Int($0) }
    }

    static func yearValue(_ s: String) -> Int? {
        if let y = Int(s) { return y }
        let digits = s.compactMap { LabelText.chineseDigit($0) }
        guard digits.count == 4 else { return nil }
        return digits.reduce(0) { $0 * 10 + $1 }
    }

    /// A line at the end that holds only a date: the signature date.
    static func signatureDate(_ lines: [ParseLine]) -> String? {
        for line in lines.suffix(6).reversed() where !line.isTableRow {
            let t = line.text.trimmingWhitespaces()
            guard t.count <= 20, let date = parseDate(t, wholeLine: true) else { continue }
            return date
        }
        return nil
    }

    /// "发布日期：2020-01-31" near the top.
    static func labelledDate(in head: [ParseLine]) -> String? {
        for line in head where !line.isTableRow {
            let t = line.text
            guard t.count <= 40, ["发布日期", "发布时间", "成文日期", "日期"].contains(where: t.contains) else { continue }
            if let date = isoDate(t) ?? parseDate(t, wholeLine: false) { return date }
        }
        return nil
    }

    /// "2020-01-20 15:22" or "2020/1/20" → "2020-01-20".
    static func isoDate(_ text: String) -> String? {
        guard let groups = MetadataPatterns.isoDate(in: text) else { return parseDate(text, wholeLine: false) }
        let parts = groups.compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return format(parts[0], parts[1], parts[2])
    }

    static func parseDate(_ text: String, wholeLine: Bool) -> String? {
        guard let groups = MetadataPatterns.date(in: text, wholeLine: wholeLine) else { return nil }
        guard let y = yearValue(groups[0]), let mo = Int(groups[1]) ?? LabelText.chineseNumber(groups[1]),
            let d = Int(groups[2]) ?? chineseDay(groups[2])
        else { return nil }
        return format(y, mo, d)
    }

    static func chineseDay(_ s: String) -> Int? {
        if s.count == 3, s.dropFirst().first == "十" {
            guard let t = LabelText.chineseDigit(s.first!), let o = LabelText.chineseDigit(s.last!) else { return nil }
            return t * 10 + o
        }
        return LabelText.chineseNumber(s)
    }

    static func format(_ y: Int, _ m: Int, _ d: Int) -> String? {
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
        }
        return "\(padded(y, 4))-\(padded(m, 2))-\(padded(d, 2))"
    }

    /// "统计期限为2024年1月1日…" in the opening text.
    static func statisticsYear(_ lines: [ParseLine]) -> Int? {
        for line in lines.prefix(30) where line.text.contains("统计") {
            if let y = yearIn(line.text) { return y }
        }
        return nil
    }

    /// The issuing body signed above the date at the end.
    static func signatureAgency(_ lines: [ParseLine]) -> String? {
        let tail = Array(lines.suffix(6))
        guard let dateIndex = tail.lastIndex(where: { parseDate($0.text.trimmingWhitespaces(), wholeLine: true) != nil }),
            dateIndex > 0
        else { return nil }
        let name = tail[dateIndex - 1].text.trimmingWhitespaces()
        return name.count <= 30 && !name.contains("。") ? name : nil
    }
}
