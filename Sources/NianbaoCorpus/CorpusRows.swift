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
            sha256, r.source.file, r.source.format, m.title, m.agency, m.year, m.template.rawValue, m.publishedOn,
            formatter.string(from: convertedAt),
            r.checks.filter { $0.status == .fail }.count, r.checks.filter { $0.status == .notEvaluated }.count,
        ]
        for id in TableID.allCases {
            let values = r.tables[id]
            // The rows of the JSON's `tables`: the template's, and rows printed in place of others.
            for row in r.template.table(id).rows where row.replaces.isEmpty || r.tables.alternativeRows.contains(row.key) {
                for column in row.columns {
                    let cell = values["\(row.key).\(column.key)"] ?? .missing
                    cells.append([sha256, id.rawValue, row.key, column.key, JSONValue.finite(cell.number), cell.raw, cell.note, cell.location?.page, cell.location?.line])
                }
            }
        }
        for (position, c) in r.checks.enumerated() {
            let keys = JSONValue.array(c.cells.map(JSONValue.string)).serialized(pretty: false)
            checks.append([sha256, position, c.rule, c.table.rawValue, c.place, c.statement, c.status.rawValue, JSONValue.finite(c.expected), JSONValue.finite(c.actual), keys, c.reason])
        }
        for (position, d) in r.diagnostics.enumerated() {
            diagnostics.append([sha256, position, d.severity.rawValue, d.code, d.message, d.location?.page, d.location?.line, d.key])
        }
    }
}
