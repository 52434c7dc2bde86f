import Foundation
import GRDB
import NianbaoKit

/// The rows a report becomes in the corpus (see ``CorpusSchema``), as statement arguments.
struct CorpusRows {
    var sha256: String
    var report: [(any DatabaseValueConvertible)?]
    var cells: [[(any DatabaseValueConvertible)?]] = []
    var checks: [[(any DatabaseValueConvertible)?]] = []
    var diagnostics: [[(any DatabaseValueConvertible)?]] = []

    init(report r: AnnualReport, convertedAt: Date) {
        sha256 = r.source.sha256
        let m = r.metadata
        let formatter = ISO8601DateFormatter()
        report = [
            sha256, r.source.file, r.source.format.rawValue, m.title, m.agency, m.year, m.template.rawValue, m.publishedOn,
            formatter.string(from: convertedAt),
            r.checks.filter { $0.status == .fail }.count, r.checks.filter { $0.status == .notEvaluated }.count,
        ]
        // The cells of the JSON's `tables`: the template's rows, and rows printed in place of others.
        for key in TableID.allCases.flatMap(r.recordedCells) {
            let cell = r[cell: key]
            let ocr = cell.location?.ocr
            cells.append([
                sha256, key.table.rawValue, key.row, key.column, JSONValue.finite(cell.number), cell.raw, cell.note, cell.location?.page,
                cell.location?.line, ocr?.reading.rawValue, ocr?.confidence,
            ])
        }
        for (position, c) in r.checks.enumerated() {
            let keys = JSONValue.array(c.cells.map { .string($0.dotted) }).serialized(pretty: false)
            checks.append([sha256, position, c.rule.rawValue, c.table.rawValue, c.place, c.statement, c.status.rawValue, JSONValue.finite(c.expected), JSONValue.finite(c.actual), keys, c.reason])
        }
        for (position, d) in r.diagnostics.enumerated() {
            diagnostics.append([sha256, position, d.severity.rawValue, d.code.rawValue, d.message, d.location?.page, d.location?.line, d.key])
        }
    }
}
