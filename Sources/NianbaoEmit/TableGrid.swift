import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// A table of the template laid out as the official form prints it (国办公开办函〔2021〕30号 and
/// the 2019 trial form): rows of cells with their row and column spans, header cells told apart
/// from value cells, every value cell carrying its dotted cell key. Built from the template's
/// ``TableLayout`` and labels only; the HTML writer fills in the values.
public struct TableGrid: Sendable, Hashable {
    /// What a cell of the form is.
    public enum CellKind: Sendable, Hashable {
        /// Text in the top-left corner that heads no column (section 三's 勾稽 note).
        case corner
        /// A label over one or more value columns.
        case columnHeader
        /// A row's label, or the label of a group of rows printed beside them.
        case rowHeader
        /// A heading across the table over the rows below it (section 二's 第二十条第（一）项).
        case blockHeader
        /// A value cell: the cell whose value it shows, nil for a ruled cell no value goes into.
        case value(CellKey?)
    }

    /// One printed cell.
    public struct Cell: Sendable, Hashable {
        public var kind: CellKind
        /// The template's label; empty for values.
        public var text: String
        public var rowSpan: Int
        public var colSpan: Int

        public init(_ kind: CellKind, _ text: String = "", rowSpan: Int = 1, colSpan: Int = 1) {
            self.kind = kind
            self.text = text
            self.rowSpan = rowSpan
            self.colSpan = colSpan
        }
    }

    /// Consecutive printed rows that belong together: the header rows (`isHead`), or a block of rows.
    public struct RowGroup: Sendable, Hashable {
        public var isHead: Bool
        public var rows: [[Cell]]
    }

    /// The number of columns of the printed form.
    public var width: Int
    public var groups: [RowGroup]

    /// Every value cell's key (nil for a ruled cell without a value), in printed order.
    public var valueKeys: [CellKey?] {
        groups.flatMap { $0.rows.flatMap { $0 } }.compactMap { cell in
            if case let .value(key) = cell.kind { return .some(key) }
            return nil
        }
    }

    /// The form of `spec` holding `rows` (the template rows the report prints, in template order).
    public static func layout(_ spec: TableSpec, rows: [RowSpec]) -> TableGrid {
        switch spec.layout {
        case let .headingBlocks(valueColumns):
            return headingBlocks(spec, rows, valueColumns: valueColumns)
        case let .rowsDown(corner, columns, groupParents):
            return rowsDown(spec.id, rows, corner: corner, columns: columns, groupParents: groupParents)
        case .rowsAcross:
            return rowsAcross(spec.id, rows)
        }
    }

    /// Section 二: per block, its label across the table, its header row, its rows. Under the label
    /// column `valueColumns` ruled columns, which a block with fewer columns spans.
    static func headingBlocks(_ spec: TableSpec, _ rows: [RowSpec], valueColumns: Int) -> TableGrid {
        var blocks: [(label: String?, rows: [RowSpec])] = []
        for row in rows {
            if let last = blocks.last, last.label == row.block { blocks[blocks.count - 1].rows.append(row) } else { blocks.append((row.block, [row])) }
        }
        let width = ruledWidth(valueColumns, counts: blocks.map { $0.rows.map(\.columns.count).max() ?? 1 })
        let groups = blocks.map { block -> RowGroup in
            var printed: [[Cell]] = []
            let count = block.rows.map(\.columns.count).max() ?? 1
            let spans = self.spans(width, count)
            if let label = block.label {
                printed.append([Cell(.blockHeader, label, colSpan: 1 + width)])
            }
            let labels = block.rows[0].columns.map(\.label)
            let headers = block.label.flatMap { spec.blockHeaders[$0] }.flatMap { $0.count == count + 1 ? $0 : nil }
                ?? [""] + labels + Array(repeating: "", count: count - labels.count)
            printed.append([Cell(.columnHeader, headers[0])] + zip(headers.dropFirst(), spans).map { Cell(.columnHeader, $0, colSpan: $1) })
            for row in block.rows {
                let keys = row.cells(in: spec.id)
                printed.append([Cell(.rowHeader, row.label)] + spans.indices.map { i in
                    Cell(.value(i < keys.count ? keys[i] : nil), colSpan: spans[i])
                })
            }
            return RowGroup(isHead: false, rows: printed)
        }
        return TableGrid(width: 1 + width, groups: groups)
    }

    /// The ruled width asked for when every ruled column then begins a cell of some block (as
    /// HTML's table model requires) and no block has more columns; else the widest block's count.
    static func ruledWidth(_ asked: Int, counts: [Int]) -> Int {
        let widest = counts.max() ?? 1
        guard asked >= widest else { return widest }
        var starts: Set<Int> = []
        for count in counts {
            var at = 0
            for span in spans(asked, count) {
                starts.insert(at)
                at += span
            }
        }
        return starts.count == asked ? asked : widest
    }

    /// `width` ruled columns shared among `count` cells as evenly as possible, the spare ones to
    /// the middle cells: (4, 3) → [1, 2, 1]; (4, 2) → [2, 2]; (3, 1) → [3].
    static func spans(_ width: Int, _ count: Int) -> [Int] {
        let count = max(count, 1)
        let base = width / count, spare = width % count
        let first = (count - spare) / 2
        return (0..<count).map { base + ((first..<(first + spare)).contains($0) ? 1 : 0) }
    }

    /// Section 三: the corner and the column headers on top, then one printed row per template row
    /// with the labels of its groups beside it, each group label spanning its rows.
    static func rowsDown(_ table: TableID, _ rows: [RowSpec], corner: String, columns: [HeaderSpec], groupParents: [String: String]) -> TableGrid {
        func chain(_ group: String?) -> [String] {
            guard let group else { return [] }
            var seen: Set<String> = [group]
            var labels = [group]
            while let parent = groupParents[labels[0]], !seen.contains(parent) {
                labels.insert(parent, at: 0)
                seen.insert(parent)
            }
            return labels
        }
        let paths = rows.map { chain($0.group) + [$0.label] }
        let stub = paths.map(\.count).max() ?? 1
        let headerTree = columns.isEmpty ? (rows.first?.columns ?? []).map { HeaderSpec.column($0.key, $0.label) } : columns
        let depth = headerTree.map(Self.depth).max() ?? 1
        var head = headerRows(headerTree, depth: depth)
        head[0].insert(Cell(.corner, corner, rowSpan: depth, colSpan: stub), at: 0)
        let leafKeys = headerTree.flatMap(Self.leaves).compactMap(\.key)

        var body: [[Cell]] = []
        for (i, row) in rows.enumerated() {
            let path = paths[i]
            var cells: [Cell] = []
            for level in 0..<(path.count - 1) where i == 0 || Array(paths[i - 1].prefix(level + 1)) != Array(path.prefix(level + 1)) {
                let prefix = Array(path.prefix(level + 1))
                let span = paths[i...].prefix { Array($0.prefix(level + 1)) == prefix }.count
                cells.append(Cell(.rowHeader, path[level], rowSpan: span))
            }
            cells.append(Cell(.rowHeader, path[path.count - 1], colSpan: stub - path.count + 1))
            cells += leafKeys.map { Cell(.value(CellKey(table, row: row.key, column: $0))) }
            body.append(cells)
        }
        return TableGrid(width: stub + leafKeys.count, groups: [RowGroup(isHead: true, rows: head), RowGroup(isHead: false, rows: body)])
    }

    /// Section 四: the template rows side by side, each row's columns under its label and its
    /// group's, with one printed row of values beneath.
    static func rowsAcross(_ table: TableID, _ rows: [RowSpec]) -> TableGrid {
        var tree: [HeaderSpec] = []
        for row in rows {
            // Each leaf header carries its cell's key within the table.
            let node = HeaderSpec.group(row.label, zip(row.cells(in: table), row.columns).map { .column($0.path, $1.label) })
            if let group = row.group {
                if let last = tree.last, last.key == nil, last.label == group, last.children.allSatisfy({ $0.key == nil }) {
                    tree[tree.count - 1] = .group(group, last.children + [node])
                } else {
                    tree.append(.group(group, [node]))
                }
            } else {
                tree.append(node)
            }
        }
        let depth = tree.map(Self.depth).max() ?? 1
        let values = tree.flatMap(Self.leaves).compactMap(\.key).map { Cell(.value(CellKey(table, path: $0))) }
        return TableGrid(width: values.count, groups: [
            RowGroup(isHead: true, rows: headerRows(tree, depth: depth)), RowGroup(isHead: false, rows: [values]),
        ])
    }

    /// Header rows for a tree of headers `depth` levels deep: a group spans its leaves, a leaf
    /// spans down to the last header row.
    static func headerRows(_ tree: [HeaderSpec], depth: Int) -> [[Cell]] {
        var rows = Array(repeating: [Cell](), count: depth)
        func place(_ node: HeaderSpec, _ level: Int) {
            if node.children.isEmpty {
                rows[level].append(Cell(.columnHeader, node.label, rowSpan: depth - level))
            } else {
                rows[level].append(Cell(.columnHeader, node.label, colSpan: leaves(node).count))
                for child in node.children { place(child, level + 1) }
            }
        }
        for node in tree { place(node, 0) }
        return rows
    }

    static func depth(_ node: HeaderSpec) -> Int { 1 + (node.children.map(depth).max() ?? 0) }

    static func leaves(_ node: HeaderSpec) -> [HeaderSpec] { node.children.isEmpty ? [node] : node.children.flatMap(leaves) }
}
