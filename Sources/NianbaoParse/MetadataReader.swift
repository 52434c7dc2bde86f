import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// Reads title, agency, year and date from the lines before the first section, the signature at
/// the end, and the container's metadata.
package enum MetadataReader {
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
        found.title = title(in: head) ?? document.metadata.title.map(ReportText.compactTitle)
        if let title = found.title {
            let parsed = ReportText.agencyAndYear(fromTitle: title)
            found.agency = parsed.agency
            found.year = parsed.year
        }
        if found.agency == nil, let alt = document.metadata.title.map(ReportText.compactTitle) {
            found.agency = ReportText.agencyAndYear(fromTitle: alt).agency
            found.year = found.year ?? ReportText.agencyAndYear(fromTitle: alt).year
        }
        if found.agency == nil {
            found.agency = signatureAgency(lines)
            if found.agency != nil {
                found.diagnostics.append(Diagnostic(.info, .agencyFromSignature, "the title names no agency; took the signature", at: nil))
            }
        }
        found.publishedOn = signatureDate(lines) ?? labelledDate(in: head) ?? document.metadata.published.flatMap(ReportText.isoDate)
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
    package static func title(in head: [ParseLine]) -> String? {
        let texts = head.filter { !$0.isTableRow }.map { $0.text.trimmingWhitespaces() }
        let named = texts.firstIndex { ReportText.namesReport($0) && ($0.contains("政府信息公开") || $0.contains("信息公开") && $0.contains("年报")) }
        guard let i = named ?? texts.firstIndex(where: { ReportText.namesReport($0) && ReportText.yearIn($0) != nil }) else { return nil }
        var title = texts[i]
        // A run-in title: "…年度报告 根据《…》…".
        if title.count > 60 {
            guard let end = ReportText.reportWord(in: title), title.distance(from: title.startIndex, to: end.upperBound) <= 60
            else { return nil }
            return ReportText.compactTitle(String(title[..<end.upperBound]))
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
            if previous.count <= 30, !previous.contains("。"), ReportText.yearIn(title) != nil, ReportText.agencyAndYear(fromTitle: ReportText.compactTitle(title)).agency == nil {
                title = previous + title
            }
        }
        return ReportText.compactTitle(title)
    }

    /// A line at the end that holds only a date: the signature date.
    static func signatureDate(_ lines: [ParseLine]) -> String? {
        for line in lines.suffix(6).reversed() where !line.isTableRow {
            let t = line.text.trimmingWhitespaces()
            guard t.count <= 20, let date = ReportText.parseDate(t, wholeLine: true) else { continue }
            return date
        }
        return nil
    }

    /// "发布日期：2020-01-31" near the top.
    static func labelledDate(in head: [ParseLine]) -> String? {
        for line in head where !line.isTableRow {
            let t = line.text
            guard t.count <= 40, ["发布日期", "发布时间", "成文日期", "日期"].contains(where: t.contains) else { continue }
            if let date = ReportText.isoDate(t) ?? ReportText.parseDate(t, wholeLine: false) { return date }
        }
        return nil
    }

    /// "统计期限为2024年1月1日…" in the opening text.
    static func statisticsYear(_ lines: [ParseLine]) -> Int? {
        for line in lines.prefix(30) where line.text.contains("统计") {
            if let y = ReportText.yearIn(line.text) { return y }
        }
        return nil
    }

    /// The issuing body signed above the date at the end.
    static func signatureAgency(_ lines: [ParseLine]) -> String? {
        let tail = Array(lines.suffix(6))
        guard let dateIndex = tail.lastIndex(where: { ReportText.parseDate($0.text.trimmingWhitespaces(), wholeLine: true) != nil }),
            dateIndex > 0
        else { return nil }
        let name = tail[dateIndex - 1].text.trimmingWhitespaces()
        return name.count <= 30 && !name.contains("。") ? name : nil
    }
}
