import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// What a table reader found: cell values by dotted key within the table, and what it noticed.
package struct TableReading: Sendable {
    var cells: [String: CellValue] = [:]
    var diagnostics: [Diagnostic] = []
    var alternativeRows: Set<String> = []

    /// Writes a row's placed tokens into its cells.
    mutating func place(_ tokens: [ValueToken], row: RowSpec, table: TableID, note: String?, rowLocation: SourceLocation) {
        var blanks = 0
        for (cell, token) in zip(row.cells(in: table), tokens) {
            let key = cell.path
            if token.location.ocr?.reading == .skipped {
                // Not read at all: the page's OCR time limit came first.
                cells[key] = CellValue(number: nil, raw: nil, location: token.location)
                diagnostics.append(Diagnostic(
                    .warning, .ocrTimeLimit, "\(OCRProvenance.place(token.location)): not read, the page's OCR time limit was reached; null",
                    at: token.location.pageAndLine, key: cell.dotted))
                continue
            }
            switch token.reading {
            case .number where token.location.ocr.map({ !$0.numberIsConfident }) ?? false:
                // Read from an image without enough confidence: null, with what was read.
                cells[key] = CellValue(number: nil, raw: token.raw, location: token.location)
                diagnostics.append(Diagnostic(
                    .warning, .ocrLowConfidence, OCRProvenance.doubt(token.raw, token.location), at: token.location.pageAndLine, key: cell.dotted))
            case let .number(value, remark):
                cells[key] = CellValue(number: value, raw: token.raw, note: remark, location: token.location)
            case let .unreadable(reason):
                cells[key] = CellValue(number: nil, raw: token.raw, location: token.location)
                diagnostics.append(Diagnostic(
                    .warning, .valueUnreadable, "\(row.label)（\(Self.label(of: cell, in: row))）: \"\(Self.shortened(token.raw))\" \(reason); read as null",
                    at: token.location, key: cell.dotted))
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

    /// The template's label of a cell's column.
    static func label(of cell: CellKey, in row: RowSpec) -> String {
        row.columns.first { $0.key == cell.column }?.label ?? cell.column
    }

    /// Printed text for a message: at most 40 characters, the rest elided (cellSources keeps it whole).
    static func shortened(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(40)) + "…（\(text.count) characters）"
    }

    /// Marks a row as unreadable: its cells null, with the reason.
    mutating func fail(row: RowSpec, table: TableID, reason: String, at location: SourceLocation?, severity: Diagnostic.Severity = .error, code: DiagnosticCode = .rowUnreadable) {
        for key in row.cellKeys where cells[key] == nil { cells[key] = .missing }
        diagnostics.append(Diagnostic(severity, code, "\(row.label): \(reason); its cells are left null", at: location, key: row.key(in: table).dotted))
    }
}
