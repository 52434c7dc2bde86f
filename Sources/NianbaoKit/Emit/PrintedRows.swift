extension AnnualReport {
    /// The rows of a table as this report prints them, in template order: every row of its
    /// template, with a row printed in place of others (（六）其他处理 as one row) instead of the
    /// rows it replaces when the report printed it that way. The same rows as ``ReportJSON/cellKeys(_:of:)``.
    public func printedRows(_ id: TableID) -> [RowSpec] {
        let rows = template.table(id).rows
        let alternatives = rows.filter { !$0.replaces.isEmpty && tables.alternativeRows.contains($0.key) }
        let replaced = Set(alternatives.flatMap(\.replaces))
        return rows.filter { $0.replaces.isEmpty ? !replaced.contains($0.key) : tables.alternativeRows.contains($0.key) }
    }
}
