import Foundation
import NianbaoDocument
import NianbaoSupport

/// Reads an HTML `<table>` into the shared ``Table``: rows in document order, each row's `<td>` and
/// `<th>` cells in order with their `rowspan` and `colspan` (a spanning cell appears only in the
/// row where it starts, as in HTML), cell text from ``HTMLBlockBuilder/cellText(of:)`` (paragraphs
/// inside a cell joined with "\n").
///
/// A table used for page layout rather than data — one whose cells hold other tables, or that
/// has a single column — is not a ``Table``: its cells are content to read as blocks.
package enum HTMLTableReader {
    enum Reading {
        case data(Table)
        /// `<caption>`s and the rows of cells of a layout table, in order.
        case layout(captions: [HTMLNode], rows: [[HTMLNode]])
    }

    static func read(_ table: HTMLNode) -> Reading {
        var rowNodes: [HTMLNode] = []
        var captions: [HTMLNode] = []
        func collectRows(_ node: HTMLNode) {
            for child in node.children {
                switch child.name {
                case "tr": rowNodes.append(child)
                case "thead", "tbody", "tfoot": collectRows(child)
                case "caption": captions.append(child)
                default: break
                }
            }
        }
        collectRows(table)
        let cellRows = rowNodes.map { row in
            row.children.filter { ($0.name == "td" || $0.name == "th") && !HTMLBlockBuilder.isHidden($0) }
        }
        let nested = cellRows.joined().contains { cell in cell.first { $0.name == "table" } != nil }
        let singleColumn = cellRows.allSatisfy { $0.count <= 1 }
        if nested || singleColumn || table.attributes["role"]?.lowercased() == "presentation" {
            return .layout(captions: captions, rows: cellRows)
        }
        var rows: [[TableCell]] = []
        for (index, cells) in cellRows.enumerated() where !cells.isEmpty {
            let remaining = cellRows.count - index
            rows.append(cells.map { cell in
                TableCell(
                    text: HTMLBlockBuilder.cellText(of: cell),
                    rowSpan: span(cell.attributes["rowspan"], zeroMeans: remaining, limit: remaining),
                    colSpan: span(cell.attributes["colspan"], zeroMeans: 1, limit: 1000),
                    location: SourceLocation(line: cell.line > 0 ? cell.line : nil))
            })
        }
        return .data(Table(rows: rows, location: SourceLocation(line: table.line > 0 ? table.line : nil), isExactGrid: true))
    }

    /// A span attribute's value: its leading digits, at least 1 and at most `limit`.
    static func span(_ value: String?, zeroMeans: Int, limit: Int) -> Int {
        guard let value else { return 1 }
        let digits = value.trimmingCharacters(in: .whitespaces).prefix { $0.isASCII && $0.isNumber }
        guard let n = Int(digits) else { return 1 }
        if n == 0 { return max(1, min(zeroMeans, limit)) }
        return max(1, min(n, limit))
    }
}
