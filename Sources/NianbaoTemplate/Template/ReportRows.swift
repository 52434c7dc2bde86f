import NianbaoDocument
import NianbaoSupport
/// Which rows of a table a report has: the one answer every stage asks.
///
/// A table's rows are its template's, except where the report prints one row in place of several
/// (（六）其他处理 as one row, ``RowSpec/replaces``): the report then *prints* that row instead of
/// the rows it replaces, and *records* both (the replaced rows stay in the JSON and the corpus, as
/// nulls, so that every report of a template has the same keys).
package extension TableSpec {
    /// Whether a report that printed the rows `alternatives` in place of others prints the row
    /// `key`: an alternative row when it was printed, a row it replaces when it was not.
    public func prints(_ key: String, alternatives: Set<String>) -> Bool {
        guard let row = row(key) else { return false }
        if !row.replaces.isEmpty { return alternatives.contains(key) }
        return !rows.contains { alternatives.contains($0.key) && $0.replaces.contains(key) }
    }

    /// The rows such a report prints, in template order (the CSV, the HTML, the checks).
    public func printedRows(alternatives: Set<String>) -> [RowSpec] {
        rows.filter { prints($0.key, alternatives: alternatives) }
    }

    /// The rows such a report records, in template order: every standard row, and the alternative
    /// rows it printed (the JSON's `tables`, the corpus's cells).
    public func recordedRows(alternatives: Set<String>) -> [RowSpec] {
        rows.filter { $0.replaces.isEmpty || alternatives.contains($0.key) }
    }
}

package extension AnnualReport {
    /// The rows of a table as this report prints them (see ``TableSpec/printedRows(alternatives:)``).
    public func printedRows(_ id: TableID) -> [RowSpec] {
        template.table(id).printedRows(alternatives: tables.alternativeRows)
    }

    /// The rows of a table this report records (see ``TableSpec/recordedRows(alternatives:)``).
    public func recordedRows(_ id: TableID) -> [RowSpec] {
        template.table(id).recordedRows(alternatives: tables.alternativeRows)
    }

    /// The cells of the rows this report records, in template order.
    public func recordedCells(_ id: TableID) -> [CellKey] {
        recordedRows(id).flatMap { $0.cells(in: id) }
    }

    /// The cells of the rows this report prints, in template order.
    public func printedCells(_ id: TableID) -> [CellKey] {
        printedRows(id).flatMap { $0.cells(in: id) }
    }

    /// The value of a cell (``CellValue/missing`` when the report has none).
    public subscript(cell key: CellKey) -> CellValue { tables[key.table][key.path] ?? .missing }

    /// The row keys each line of the source was read into, by page and line (for drawing them over a page).
    public var rowKeysByLine: [SourceLocation: [RowKey]] {
        var result: [SourceLocation: [RowKey]] = [:]
        for id in TableID.allCases {
            for key in recordedCells(id) {
                guard let location = self[cell: key].location, !(result[location.pageAndLine]?.contains(key.rowKey) ?? false) else { continue }
                result[location.pageAndLine, default: []].append(key.rowKey)
            }
        }
        return result
    }
}
