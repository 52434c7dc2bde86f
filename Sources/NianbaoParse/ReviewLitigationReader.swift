import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Reads section 四's table (review and litigation): the fifteen numbers of its value row, in the
/// template's order, whatever state its header is in; or, failing that, one labelled row per group.
package struct ReviewLitigationReader {
    let template: ReportTemplate
    var table: TableSpec { template.reviewLitigation }

    func read(_ candidates: [RowCandidate]) -> TableReading {
        var reading = TableReading()
        let width = table.rows.reduce(0) { $0 + $1.columns.count }
        let groupRules = groupSumRules()
        var lastFailure: (String, SourceLocation)?
        // A row of at least half the values, or a row of exactly the table's cells, blanks included
        // (a table with more blank cells than values).
        for candidate in candidates where candidate.potentialValueCount >= width / 2 || candidate.hasValues && candidate.tokens.count == width {
            switch ValueResolver.resolve(candidate.tokens, expected: width, rules: groupRules, exactGrid: candidate.exactGrid) {
            case let .placed(tokens, note, tentative):
                if tentative, let reason = unconfirmed(tokens) {
                    lastFailure = (reason, candidate.location)
                    continue
                }
                var offset = 0
                for row in table.rows {
                    let slice = Array(tokens[offset..<(offset + row.columns.count)])
                    reading.place(slice, row: row, table: .reviewLitigation, note: note, rowLocation: candidate.location)
                    offset += row.columns.count
                }
                return reading
            case let .failed(reason):
                lastFailure = (reason, candidate.location)
            }
        }
        // One row per group, labelled.
        let identifier = RowIdentifier.of(template, table.id)
        var done = Set<String>()
        for candidate in candidates where candidate.hasValues {
            guard case let .row(key) = identifier.identify(candidate.labels), let row = table.row(key), !done.contains(key) else { continue }
            if case let .placed(tokens, note, false) = ValueResolver.resolve(
                candidate.tokens, expected: row.columns.count, rules: [], exactGrid: candidate.exactGrid)
            {
                reading.place(tokens, row: row, table: .reviewLitigation, note: note, rowLocation: candidate.location)
                done.insert(key)
            }
        }
        for row in table.rows where !done.contains(row.key) {
            let reason = lastFailure.map { "the value row could not be read: \($0.0)" } ?? "no row of \(width) values found"
            reading.fail(row: row, table: .reviewLitigation, reason: reason, at: lastFailure?.1, code: lastFailure == nil ? .rowNotFound : .rowValueCount)
        }
        return reading
    }

    /// Why a tentatively placed value row is not confirmed by the group sums, or nil when it is.
    func unconfirmed(_ tokens: [ValueToken]) -> String? {
        var cells: [String: CellValue] = [:]
        var offset = 0
        for row in table.rows {
            for (column, token) in zip(row.columns, tokens[offset..<(offset + row.columns.count)]) {
                if case let .number(n, _) = token.reading { cells[CellKey.path(row: row.key, column: column.key)] = CellValue(number: n, raw: token.raw) }
            }
            offset += row.columns.count
        }
        for row in table.rows {
            let keys = row.cellKeys
            let present = keys.filter { cells[$0] != nil }
            guard !present.isEmpty else { continue }
            let values = keys.compactMap { cells[$0]?.number }
            guard values.count == keys.count, values.dropLast().reduce(0, +) == values.last! else {
                return "the value row has blank end cells and \(row.label)'s numbers do not confirm their places (a value may be missing)"
            }
        }
        return nil
    }

    /// 维持+纠正+其他+尚未审结 = 总计 for each group, as column indexes of the fifteen.
    func groupSumRules() -> [ValueResolver.SumRule] {
        var rules: [ValueResolver.SumRule] = []
        var offset = 0
        for row in table.rows {
            let n = row.columns.count
            rules.append(ValueResolver.SumRule(parts: Array(offset..<(offset + n - 1)), total: offset + n - 1))
            offset += n
        }
        return rules
    }
}
