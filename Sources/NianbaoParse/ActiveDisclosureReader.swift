import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Reads section 二's table (第二十条 items) from the candidates of its region, by row label only.
package struct ActiveDisclosureReader {
    let template: ReportTemplate
    var table: TableSpec { template.activeDisclosure }

    func read(_ candidates: [RowCandidate]) -> TableReading {
        var reading = TableReading()
        let identifier = RowIdentifier.of(template, table.id)
        var done = Set<String>()
        for (index, labelled) in candidates.enumerated() {
            guard case let .row(key) = identifier.identify(labelled.labels), let row = table.row(key) else { continue }
            let candidate = Self.withValuesAfter(labelled, next: candidates.dropFirst(index + 1).first)
            guard candidate.hasValues || candidate.tokens.count >= row.columns.count else { continue }
            if done.contains(key) {
                reading.diagnostics.append(Diagnostic(
                    .info, .rowRepeated, "\(row.label) is printed again; the first row was used", at: candidate.location,
                    key: RowKey(.activeDisclosure, row: key).dotted))
                continue
            }
            done.insert(key)
            switch ValueResolver.resolve(candidate.tokens, expected: row.columns.count, rules: [], exactGrid: candidate.exactGrid) {
            case .placed(_, _, tentative: true):
                // No rule ties section 二's numbers together, so nothing could confirm them.
                reading.fail(
                    row: row, table: .activeDisclosure,
                    reason: "found \(candidate.valueCount) value\(candidate.valueCount == 1 ? "" : "s") and blank end cells where the template has \(row.columns.count); a value may be missing",
                    at: candidate.location, code: .rowValueCount)
            case let .placed(tokens, note, _):
                reading.place(tokens, row: row, table: .activeDisclosure, note: note, rowLocation: candidate.location)
            case let .failed(reason):
                reading.fail(row: row, table: .activeDisclosure, reason: reason, at: candidate.location, code: .rowValueCount)
            }
        }
        for row in table.rows where !done.contains(row.key) {
            reading.fail(row: row, table: .activeDisclosure, reason: "row not found in the table", at: nil, severity: .warning, code: .rowNotFound)
        }
        return reading
    }

    /// A label printed on a line of its own with its values on the lines right after it (each cell on
    /// a line of its own, as text copied from a PDF prints it): the label with those values.
    static func withValuesAfter(_ candidate: RowCandidate, next: RowCandidate?) -> RowCandidate {
        guard !candidate.hasValues, let next, next.labels.isEmpty, next.hasValues else { return candidate }
        var joined = candidate
        joined.tokens = next.tokens
        return joined
    }
}
