import NianbaoDocument
import NianbaoSupport
/// Reads a Word table (`w:tbl`) into the shared ``Table`` as the HTML extractor builds it: rows in
/// order, each cell once with its spans. `w:gridSpan` is the colspan; a run of `w:vMerge` cells
/// (restart, then continue in the rows below, in the same grid column) is one cell whose rowspan
/// counts them; `w:gridBefore` leading grid columns are an empty cell; deleted rows are left out.
/// A cell's paragraphs are joined with "\n".
///
/// A table that only lays out the page — a cell holds another table, or it has one column — is
/// not a ``Table``: its cells' blocks are read in order, as the HTML extractor does. So is a table
/// with a picture read by OCR in a cell: the picture's blocks keep their OCR provenance, never
/// made a cell's plain text.
package enum DOCXTableReader {
    /// One cell as read, before vertical merges are resolved.
    private struct RawCell {
        var blocks: [Block]
        var column: Int
        var colSpan: Int
        var merge: Merge
        var line: Int
    }

    private enum Merge { case none, restart, `continue` }

    static func read(_ table: XMLNode, with reader: inout DOCXBodyReader) -> [Block] {
        let firstLine = reader.paragraphCount + 1
        let rows = rowNodes(of: table).map { cells(of: $0, with: &reader) }
        let nested = rows.joined().contains { cell in cell.blocks.contains { if case .table = $0 { return true } else { return false } } }
        let singleColumn = rows.allSatisfy { $0.count <= 1 }
        let pictured = rows.joined().contains { $0.blocks.contains(where: isFromOCR) }
        if nested || singleColumn || pictured {
            return rows.joined().flatMap(\.blocks)
        }
        return [.table(Table(rows: merged(rows), location: SourceLocation(line: firstLine), isExactGrid: true))]
    }

    /// Whether a block was read by OCR (from a picture).
    private static func isFromOCR(_ block: Block) -> Bool {
        if case let .table(table) = block { return table.rows.joined().contains { $0.location.ocr != nil } }
        return block.location.ocr != nil
    }

    /// The rows of a table, through content controls and custom XML, deleted rows left out.
    private static func rowNodes(of node: XMLNode) -> [XMLNode] {
        node.elements.flatMap { child -> [XMLNode] in
            switch child.name {
            case "w:tr":
                return child.child("w:trPr")?.child("w:del") != nil ? [] : [child]
            case "w:sdt": return child.child("w:sdtContent").map(rowNodes(of:)) ?? []
            case "w:customXml": return rowNodes(of: child)
            default: return []
            }
        }
    }

    private static func cellNodes(of node: XMLNode) -> [XMLNode] {
        node.elements.flatMap { child -> [XMLNode] in
            switch child.name {
            case "w:tc": return [child]
            case "w:sdt": return child.child("w:sdtContent").map(cellNodes(of:)) ?? []
            case "w:customXml": return cellNodes(of: child)
            default: return []
            }
        }
    }

    private static func cells(of row: XMLNode, with reader: inout DOCXBodyReader) -> [RawCell] {
        let before = row.child("w:trPr")?.value(of: "w:gridBefore").flatMap { Int($0) } ?? 0
        var column = max(0, min(before, 1000))
        var cells: [RawCell] = []
        if column > 0 {
            cells.append(RawCell(blocks: [], column: 0, colSpan: column, merge: .none, line: reader.paragraphCount + 1))
        }
        for node in cellNodes(of: row) {
            let properties = node.child("w:tcPr")
            let span = max(1, min(properties?.value(of: "w:gridSpan").flatMap { Int($0) } ?? 1, 1000))
            let line = reader.paragraphCount + 1
            let blocks = reader.blocks(of: node)
            // The old horizontal merge: a continuing cell widens the one before it.
            if properties?.child("w:hMerge").map({ $0.attributes["w:val"] != "restart" }) == true, !cells.isEmpty {
                cells[cells.count - 1].colSpan += span
                cells[cells.count - 1].blocks += blocks
                column += span
                continue
            }
            var merge = Merge.none
            if let vMerge = properties?.child("w:vMerge") {
                merge = vMerge.attributes["w:val"] == "restart" ? .restart : .continue
            }
            cells.append(RawCell(blocks: blocks, column: column, colSpan: span, merge: merge, line: line))
            column += span
        }
        return cells
    }

    /// The rows with each vertical merge made one cell spanning its rows.
    private static func merged(_ rows: [[RawCell]]) -> [[TableCell]] {
        var result: [[TableCell]] = []
        /// Grid column → (row, index) of the cell a vertical merge continues.
        var open: [Int: (row: Int, index: Int)] = [:]
        for raw in rows {
            var row: [TableCell] = []
            for cell in raw {
                let text = cellText(cell.blocks)
                if cell.merge == .continue, let start = open[cell.column] {
                    result[start.row][start.index].rowSpan += 1
                    if !text.isEmpty {
                        let above = result[start.row][start.index].text
                        result[start.row][start.index].text = above.isEmpty ? text : above + "\n" + text
                    }
                    continue
                }
                for covered in cell.column..<(cell.column + cell.colSpan) { open[covered] = nil }
                if cell.merge == .restart || cell.merge == .continue {
                    open[cell.column] = (result.count, row.count)
                }
                row.append(TableCell(text: text, colSpan: cell.colSpan, location: SourceLocation(line: cell.line)))
            }
            result.append(row)
        }
        return result
    }

    /// A cell's text: its paragraphs, one per line.
    static func cellText(_ blocks: [Block]) -> String {
        blocks.compactMap { block -> String? in
            switch block {
            case let .heading(_, text, _), let .paragraph(text, _): return text
            case let .table(table): return table.rows.map { $0.map(\.text).filter { !$0.isEmpty }.joined(separator: " ") }.joined(separator: "\n")
            case .furniture, .pageBreak: return nil
            }
        }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
