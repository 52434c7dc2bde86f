import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// Writes an ``AnnualReport`` as a clean HTML page for republication: the title, the six
/// sections with their headings and paragraphs, and the three tables rebuilt in the official
/// form's layout (``TableGrid``) from the parsed values.
///
/// The page is made to be read back by nianbao's HTML extractor: the title in `<h1>`, section
/// titles in `<h2>` exactly as the report printed them, plain `<table>`s with the template's
/// labels, values as plain numbers, and the signature date as the last line.
public enum ReportHTML {
    /// A standalone HTML5 document (`<html lang="zh-CN">`) with an embedded stylesheet, no scripts
    /// and no external resources.
    ///
    /// - Parameter annotate: mark the cells of failed 勾稽 checks with the class `check-failed` and
    ///   a `title` stating each failed rule, null cells with the class `null` and a `title` saying
    ///   why, and every value cell with its key in `data-key` (``CellAnnotation``).
    public static func document(_ report: AnnualReport, annotate: Bool = false) -> String {
        page(title: HTMLEscape.text(self.title(of: report)), body: article(report, annotate: annotate))
    }

    /// A whole page of nianbao's: `title` (escaped already), the report stylesheet and `css` after
    /// it, and `body` (one or more elements, each ending with a new line).
    public static func page(title: String, css: String? = nil, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="nianbao">
        <title>\(title)</title>
        <style>
        \(ReportStylesheet.css)
        \(css.map { "\($0)\n" } ?? "")</style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// The report alone, as an `<article>` element to embed in another page (no stylesheet): the
    /// title, the preamble, the sections (subheadings, paragraphs, the table, the notes printed
    /// under it), the signature and the closing matter, in the source's order.
    public static func article(_ report: AnnualReport, annotate: Bool = false) -> String {
        var out = "<article class=\"nianbao-report\">\n"
        out += "<h1>\(HTMLEscape.text(title(of: report)))</h1>\n"
        out += report.preamble.map { block($0, paragraphClass: "preamble") }.joined()
        let annotation = annotate ? CellAnnotation(report) : .none
        for spec in report.template.sections {
            let number = spec.number
            let sections = report.sections.filter { $0.number == number }
            let table = spec.table.map { self.table($0, report, annotation: annotation) }
            if sections.isEmpty {
                // The report lacks this section's title: its table still goes where the form puts it.
                if let table { out += "<div class=\"section-untitled\">\n\(table)</div>\n" }
                continue
            }
            for (i, section) in sections.enumerated() {
                out += "<section>\n<h2>\(HTMLEscape.text(section.title))</h2>\n"
                out += section.blocks.filter { $0.kind != .note }.map { block($0) }.joined()
                if i == sections.count - 1, let table { out += table }
                out += section.blocks.filter { $0.kind == .note }.map { block($0) }.joined()
                out += "</section>\n"
            }
        }
        out += signature(report)
        out += report.closing.map { block($0, paragraphClass: "closing") }.joined()
        out += "</article>\n"
        return out
    }

    /// One text block: a subheading in `<h3>`, a note in `<p class="note">`, a paragraph in `<p>`
    /// with its run-in heading (``runInHeading(_:)``) in `<strong>`.
    package static func block(_ block: SectionBlock, paragraphClass: String? = nil) -> String {
        switch block.kind {
        case .heading:
            return "<h3>\(HTMLEscape.text(block.text))</h3>\n"
        case .note:
            return "<p class=\"note\">\(HTMLEscape.text(block.text))</p>\n"
        case .paragraph:
            let open = paragraphClass.map { "<p class=\"\($0)\">" } ?? "<p>"
            guard let lead = runInHeading(block.text) else { return "\(open)\(HTMLEscape.text(block.text))</p>\n" }
            let rest = block.text.dropFirst(lead.count)
            return "\(open)<strong>\(HTMLEscape.text(lead))</strong>\(HTMLEscape.text(String(rest)))</p>\n"
        }
    }

    /// The run-in heading a paragraph starts with: numbering (一、, （一）) and at most 24 more
    /// characters up to a full stop or colon, with the paragraph's text following on
    /// ("（一）主动公开情况。" of "（一）主动公开情况。2024年，…"); nil for any other paragraph.
    package static func runInHeading(_ text: String) -> String? {
        switch LabelText.numbering(of: text) {
        case .chinese?, .parenthesized?: break
        default: return nil
        }
        guard let stop = text.prefix(30).firstIndex(where: { "。：:".contains($0) }) else { return nil }
        let end = text.index(after: stop)
        guard end < text.endIndex, !text[..<stop].contains(where: { "，；,;".contains($0) }) else { return nil }
        return String(text[..<end])
    }

    /// The report's title as printed, or "机关YYYY年政府信息公开工作年度报告" made from the agency
    /// and year when the report has none.
    public static func title(of report: AnnualReport) -> String {
        let m = report.metadata
        if let title = m.title, !title.isEmpty { return title }
        return "\(m.agency ?? "")\(m.year.map { "\($0)年" } ?? "")政府信息公开工作年度报告"
    }

    /// "2025-01-24" → "2025年1月24日".
    public static func chineseDate(_ iso: String) -> String? {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }

    /// The signature lines at the end, as ``signatureLines(_:)`` gives them.
    static func signature(_ report: AnnualReport) -> String {
        signatureLines(report).map { "<p class=\"signature\">\(HTMLEscape.text($0))</p>\n" }.joined()
    }

    /// The lines the page adds after the last section: the agency when the title does not name it,
    /// and the date ("2025年1月24日"), so that both read back. Lines the report's last paragraphs
    /// already print (its own signature) are not repeated.
    package static func signatureLines(_ report: AnnualReport) -> [String] {
        let m = report.metadata
        let tail = (report.closing.map(\.text) + (report.sections.last?.blocks.suffix(2).map(\.text) ?? []))
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var lines: [String] = []
        if let agency = m.agency, ReportText.agencyAndYear(fromTitle: ReportText.compactTitle(title(of: report))).agency != agency,
            !tail.contains(agency)
        {
            lines.append(agency)
        }
        if let published = m.publishedOn, let date = chineseDate(published),
            !tail.contains(where: { ReportText.parseDate($0, wholeLine: true) == published })
        {
            lines.append(date)
        }
        return lines
    }

    /// One statistical table in the official form's layout, filled with the report's values.
    static func table(_ id: TableID, _ report: AnnualReport, annotation: CellAnnotation = .none) -> String {
        table(id, report, attributes: annotation.attributes)
    }

    /// One statistical table in the official form's layout; `mark` gives a value cell its classes
    /// and a `title` (nil: none).
    public static func table(_ id: TableID, _ report: AnnualReport, mark: (CellKey) -> (classes: [String], title: String)?) -> String {
        table(id, report) { key, _ in
            guard let key, let marked = mark(key) else { return "" }
            return " class=\"\(marked.classes.joined(separator: " "))\" title=\"\(annotation(marked.title))\""
        }
    }

    /// One statistical table in the official form's layout; `attributes` gives the attributes of a
    /// value cell (its key, nil for a slot the report does not print, and its value), "" for none.
    static func table(_ id: TableID, _ report: AnnualReport, attributes: (CellKey?, CellValue) -> String) -> String {
        let grid = TableGrid.layout(report.template.table(id), rows: report.printedRows(id))
        var out = "<table class=\"\(id.rawValue)\">\n"
        for group in grid.groups {
            let tag = group.isHead ? "thead" : "tbody"
            out += "<\(tag)>\n"
            for row in group.rows {
                out += "<tr>"
                for cell in row {
                    var spans = ""
                    if cell.rowSpan > 1 { spans += " rowspan=\"\(cell.rowSpan)\"" }
                    if cell.colSpan > 1 { spans += " colspan=\"\(cell.colSpan)\"" }
                    switch cell.kind {
                    case .corner:
                        out += "<td class=\"corner\"\(spans)>\(HTMLEscape.text(cell.text))</td>"
                    case .columnHeader:
                        out += "<th scope=\"col\"\(spans)>\(HTMLEscape.text(cell.text))</th>"
                    case .rowHeader:
                        out += "<th scope=\"row\"\(spans)>\(HTMLEscape.text(cell.text))</th>"
                    case .blockHeader:
                        out += "<th scope=\"rowgroup\"\(spans)>\(HTMLEscape.text(cell.text))</th>"
                    case let .value(key):
                        let value = key.map { report[cell: $0] } ?? .missing
                        out += "<td\(attributes(key, value))\(spans)>\(NumberText.asPrinted(value))</td>"
                    }
                }
                out += "</tr>\n"
            }
            out += "</\(tag)>\n"
        }
        out += "</table>\n"
        return out
    }

    /// Failed checks by the full dotted keys of the cells they involve.
    static func failedChecksByCell(_ report: AnnualReport) -> [CellKey: [CheckResult]] {
        var byCell: [CellKey: [CheckResult]] = [:]
        for check in report.checks where check.status == .fail {
            for cell in check.cells { byCell[cell, default: []].append(check) }
        }
        return byCell
    }

    /// "勾稽不符：…：各项之和 4，填报 0".
    static func failureNote(_ check: CheckResult) -> String {
        "勾稽不符：\(check.statement)：各项之和 \(NumberText.canonical(check.expected))，填报 \(NumberText.canonical(check.actual))"
    }

    /// An attribute value on one line: newlines as character references.
    public static func annotation(_ text: String) -> String {
        HTMLEscape.attribute(text).replacingOccurrences(of: "\n", with: "&#10;")
    }
}
