/// What a table reader found: cell values by dotted key within the table, and what it noticed.
struct TableReading: Sendable {
    var cells: [String: CellValue] = [:]
    var diagnostics: [Diagnostic] = []
    var alternativeRows: Set<String> = []

    /// Writes a row's placed tokens into its cells.
    mutating func place(_ tokens: [ValueToken], row: RowSpec, table: TableID, note: String?, rowLocation: SourceLocation) {
        var blanks = 0
        for (column, token) in zip(row.columns, tokens) {
            let key = "\(row.key).\(column.key)"
            switch token.reading {
            case let .number(value, remark):
                cells[key] = CellValue(number: value, raw: token.raw, note: remark, location: token.location)
            case let .unreadable(reason):
                cells[key] = CellValue(number: nil, raw: token.raw, location: token.location)
                diagnostics.append(Diagnostic(
                    .warning, "value-unreadable", "\(row.label)（\(column.label)）: \"\(Self.shortened(token.raw))\" \(reason); read as null",
                    at: token.location, key: "tables.\(table.rawValue).\(key)"))
            case .blank, .nullMarker, .text:
                blanks += 1
                cells[key] = CellValue(number: nil, raw: token.raw, location: token.location)
            }
        }
        let fullKey = "tables.\(table.rawValue).\(row.key)"
        if let note {
            diagnostics.append(Diagnostic(.warning, "row-values-adjusted", "\(row.label): \(note)", at: rowLocation, key: fullKey))
        }
        if blanks > 0 {
            diagnostics.append(Diagnostic(
                .info, "blank-cells", "\(row.label): \(blanks) blank or dashed cell\(blanks == 1 ? "" : "s") read as null",
                at: rowLocation, key: fullKey))
        }
    }

    /// Printed text for a message: at most 40 characters, the rest elided (cellSources keeps it whole).
    static func shortened(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(40)) + "…（\(text.count) characters）"
    }

    /// Marks a row as unreadable: its cells null, with the reason.
    mutating func fail(row: RowSpec, table: TableID, reason: String, at location: SourceLocation?, severity: Diagnostic.Severity = .error, code: String = "row-unreadable") {
        for key in row.cellKeys where cells[key] == nil { cells[key] = .missing }
        diagnostics.append(Diagnostic(severity, code, "\(row.label): \(reason); its cells are left null", at: location, key: "tables.\(table.rawValue).\(row.key)"))
    }
}
