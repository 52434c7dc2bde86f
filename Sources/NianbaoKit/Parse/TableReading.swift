/// What a table reader found: cell values by dotted key within the table, and what it noticed.
struct TableReading: Sendable {
    var cells: [String: CellValue] = [:]
    var diagnostics: [Diagnostic] = []
    var alternativeRows: Set<String> = []

    /// Writes a row's placed tokens into its cells.
    mutating func place(_ tokens: [ValueToken], row: RowSpec, table: TableID, note: String?, rowLocation: SourceLocation) {
        var blanks = 0
        for (key, token) in zip(row.cellKeys, tokens) {
            switch token.reading {
            case let .number(value, remark):
                cells[key] = CellValue(number: value, raw: token.raw, note: remark, location: token.location)
            case .blank, .nullMarker, .text:
                blanks += 1
                cells[key] = CellValue(number: nil, raw: token.raw, location: token.location)
            }
        }
        let fullKey = row.key(in: table).dotted
        if let note {
            diagnostics.append(Diagnostic(.warning, .rowValuesAdjusted, "\(row.label): \(note)", at: rowLocation, key: fullKey))
        }
        if blanks > 0 {
            diagnostics.append(Diagnostic(
                .info, .blankCells, "\(row.label): \(blanks) blank or dashed cell\(blanks == 1 ? "" : "s") read as null",
                at: rowLocation, key: fullKey))
        }
    }

    /// Marks a row as unreadable: its cells null, with the reason.
    mutating func fail(row: RowSpec, table: TableID, reason: String, at location: SourceLocation?, severity: Diagnostic.Severity = .error, code: DiagnosticCode = .rowUnreadable) {
        for key in row.cellKeys where cells[key] == nil { cells[key] = .missing }
        diagnostics.append(Diagnostic(severity, code, "\(row.label): \(reason); its cells are left null", at: location, key: row.key(in: table).dotted))
    }
}
