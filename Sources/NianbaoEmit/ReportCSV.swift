import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Writes reports as CSV (see ``CSVText``), in two shapes.
///
/// - ``Layout/long``: tidy, one record per cell of each report: where it is (table, row and
///   column keys), what the template calls it, its value and the text printed.
/// - ``Layout/wide``: one record per report: metadata, then one column per cell key of either
///   template in template order, so the header is the same for every report and every template.
public enum ReportCSV {
    /// The two shapes of the CSV output.
    public enum Layout: String, Codable, Sendable, CaseIterable {
        case long, wide
    }

    /// The columns of the long CSV.
    ///
    /// `source` is the input path as given; `table`, `row`, `column` the keys (KEYS.md: `row` is a
    /// dotted row key such as `denied.stateSecret`); `group` the label printed beside or above the
    /// row (（三）不予公开, 行政诉讼, 第二十条第（一）项); `row_label` and `column_label` the labels
    /// as the template prints them; `value` the number (empty when null); `raw` the cell's printed
    /// text (empty when the cell was not found); `ocr` how OCR read the cell (`digits`, `text`,
    /// `skipped`; empty when it was not read by OCR) and `ocr_confidence` Tesseract's confidence
    /// (0–100), so that OCR'd values can be filtered.
    public static let longHeader = [
        "source", "agency", "year", "template", "table", "row", "column", "group", "row_label", "column_label", "value", "raw",
        "ocr", "ocr_confidence",
    ]

    /// The metadata columns that open every wide record; the cell columns follow (``wideCellColumns``).
    public static let wideMetadataHeader = [
        "source", "format", "sha256", "title", "agency", "year", "published_on", "template", "checks_failed", "checks_not_evaluated",
    ]

    /// The long records of one report: every cell of the rows it prints, in template order.
    public static func longRecords(_ report: AnnualReport) -> [[String]] {
        let m = report.metadata
        var records: [[String]] = []
        for id in TableID.allCases {
            for row in report.printedRows(id) {
                for column in row.columns {
                    let cell = report[cell: CellKey(id, row: row.key, column: column.key)]
                    let ocr = cell.location?.ocr
                    records.append([
                        report.source.file, m.agency ?? "", m.year.map(String.init) ?? "", m.template.rawValue, id.rawValue, row.key,
                        column.key, row.group ?? row.block ?? "", row.label, column.label, NumberText.canonical(cell.number), cell.raw ?? "",
                        ocr?.reading.rawValue ?? "", ocr.map { String($0.confidence) } ?? "",
                    ])
                }
            }
        }
        return records
    }

    /// The cell columns of the wide CSV: full dotted keys ("tables.applications.granted.total") of
    /// every cell of either template, including alternative rows (`otherHandling.total`). Rows in
    /// the 2021 template's order with the 2019 template's own rows after the row they follow there;
    /// within a row the 2021 columns, then the 2019 template's own.
    public static let wideCellColumns: [String] = TableID.allCases.flatMap { id in
        var rows: [(key: String, columns: [String])] = []
        for version in TemplateVersion.allCases {
            var previous: Int? = nil
            for row in ReportTemplate.of(version).table(id).rows {
                if let i = rows.firstIndex(where: { $0.key == row.key }) {
                    for column in row.columns where !rows[i].columns.contains(column.key) { rows[i].columns.append(column.key) }
                    previous = i
                } else {
                    let at = previous.map { $0 + 1 } ?? 0
                    rows.insert((row.key, row.columns.map(\.key)), at: at)
                    previous = at
                }
            }
        }
        return rows.flatMap { row in row.columns.map { CellKey(id, row: row.key, column: $0).dotted } }
    }

    /// The header of the wide CSV.
    public static var wideHeader: [String] { wideMetadataHeader + wideCellColumns }

    /// The wide record of one report: empty cells for keys of the other template and for rows
    /// the report does not print (its three （六） rows when it prints （六）其他处理 as one, and
    /// the other way round), and for null values.
    public static func wideRecord(_ report: AnnualReport) -> [String] {
        let m = report.metadata
        var values: [String: String] = [:]
        for key in TableID.allCases.flatMap(report.printedCells) {
            values[key.dotted] = NumberText.canonical(report[cell: key].number)
        }
        let failed = report.checks.filter { $0.status == .fail }.count
        let notEvaluated = report.checks.filter { $0.status == .notEvaluated }.count
        return [
            report.source.file, report.source.format.rawValue, report.source.sha256, m.title ?? "", m.agency ?? "", m.year.map(String.init) ?? "",
            m.publishedOn ?? "", m.template.rawValue, String(failed), String(notEvaluated),
        ] + wideCellColumns.map { values[$0] ?? "" }
    }

    /// The CSV text of several reports in one shape, one header; text cells that a spreadsheet
    /// would run as formulas get a `'` before them unless `raw` (see ``CSVText``).
    public static func text(_ reports: [AnnualReport], layout: Layout, byteOrderMark: Bool = false, raw: Bool = false) -> String {
        switch layout {
        case .long:
            return CSVText.document(header: longHeader, records: reports.flatMap(longRecords), byteOrderMark: byteOrderMark, raw: raw)
        case .wide:
            return CSVText.document(header: wideHeader, records: reports.map(wideRecord), byteOrderMark: byteOrderMark, raw: raw)
        }
    }
}
