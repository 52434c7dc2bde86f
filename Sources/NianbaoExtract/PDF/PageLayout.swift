import NianbaoDocument
import NianbaoSupport
/// The blocks of one PDF page before pages are joined: tables (ruled, or aligned text), paragraphs
/// and page furniture, top to bottom.
package struct PageLayout: Sendable {
    package enum Item: Sendable {
        case paragraph(lines: [String], location: SourceLocation, indented: Bool, endsShort: Bool)
        case table(rows: [[TableCell]], location: SourceLocation, ruled: Bool)
        case furniture(String, SourceLocation)
    }

    package var items: [Item]
    /// How far down the page each item starts, in points (items are in this order).
    package private(set) var tops: [Double]

    /// A layout of `items` in this order, each placed at the top of its box (0 without one).
    package init(items: [Item]) {
        self.items = items
        tops = items.map(Self.top(of:))
    }

    /// The top of an item's box, in points; 0 when it has none.
    package static func top(of item: Item) -> Double {
        switch item {
        case let .paragraph(_, location, _, _), let .table(_, location, _), let .furniture(_, location):
            return location.box?.y0 ?? 0
        }
    }

    /// This layout with `other`'s items placed among its own by how far down they start (this
    /// layout's first where two start at the same height).
    package func merged(with other: PageLayout) -> PageLayout {
        let mine = zip(tops, items).enumerated().map { (y: $0.element.0, rank: 0, order: $0.offset, item: $0.element.1) }
        let theirs = zip(other.tops, other.items).enumerated().map { (y: $0.element.0, rank: 1, order: $0.offset, item: $0.element.1) }
        let sorted = (mine + theirs).sorted { ($0.y, $0.rank, $0.order) < ($1.y, $1.rank, $1.order) }
        var layout = PageLayout(items: sorted.map(\.item))
        layout.tops = sorted.map(\.y)
        return layout
    }

    /// This layout moved `dx`, `dy` points (a part of a page read on its own, put back in place).
    package func shifted(dx: Double, dy: Double) -> PageLayout {
        func moved(_ location: SourceLocation) -> SourceLocation {
            var location = location
            location.box = location.box.map { SourceLocation.Box(x0: $0.x0 + dx, y0: $0.y0 + dy, x1: $0.x1 + dx, y1: $0.y1 + dy) }
            return location
        }
        var layout = PageLayout(items: items.map { item in
            switch item {
            case let .paragraph(lines, location, indented, endsShort):
                return .paragraph(lines: lines, location: moved(location), indented: indented, endsShort: endsShort)
            case let .table(rows, location, ruled):
                let rows = rows.map { $0.map { cell in var cell = cell; cell.location = moved(cell.location); return cell } }
                return .table(rows: rows, location: moved(location), ruled: ruled)
            case let .furniture(text, location):
                return .furniture(text, moved(location))
            }
        })
        layout.tops = tops.map { $0 + dy }
        return layout
    }

    /// Whether the page has a table (ruled, or rows of aligned text).
    var hasTable: Bool {
        items.contains { if case .table = $0 { return true } else { return false } }
    }

    package init(page: Int, width: Double, height: Double, glyphs: [Glyph], tables: [RuledTable]) {
        let lines = TextLine.lines(of: glyphs)
        let body = lines.filter { !$0.glyphs.isEmpty }
        let left = percentile(body.map(\.x0), 0.1)
        let right = percentile(body.map(\.x1), 0.9)
        let size = median(body.map(\.size))

        // Place every line: inside a ruled table, or on its own.
        var tableGlyphs = Array(repeating: [(glyph: Glyph, line: Int)](), count: tables.count)
        var looseLines: [(index: Int, line: TextLine)] = []
        for (index, line) in lines.enumerated() {
            var rest: [Glyph] = []
            for glyph in line.glyphs {
                if let t = tables.firstIndex(where: { $0.contains(x: glyph.midX, y: glyph.midY) }) {
                    tableGlyphs[t].append((glyph, index + 1))
                } else {
                    rest.append(glyph)
                }
            }
            if !rest.isEmpty { looseLines.append((index + 1, TextLine(glyphs: rest))) }
        }

        var placed: [(y: Double, item: Item)] = []
        for (t, table) in tables.enumerated() {
            let rows = Self.rows(of: table, glyphs: tableGlyphs[t], page: page)
            if !rows.isEmpty {
                placed.append((table.y0, .table(rows: rows, location: SourceLocation(page: page, line: tableGlyphs[t].map(\.line).min()), ruled: true)))
            }
        }

        // Loose lines: furniture, rows of aligned text, or paragraphs.
        var paragraph: (lines: [String], location: SourceLocation, indented: Bool, y: Double, last: TextLine)?
        var alignedRows: (rows: [[TableCell]], location: SourceLocation, y: Double)?
        func flushParagraph() {
            if let p = paragraph {
                placed.append((p.y, .paragraph(lines: p.lines, location: p.location, indented: p.indented, endsShort: p.last.x1 < right - 2 * size)))
            }
            paragraph = nil
        }
        func flushRows() {
            if let a = alignedRows { placed.append((a.y, .table(rows: a.rows, location: a.location, ruled: false))) }
            alignedRows = nil
        }
        for (index, line) in looseLines {
            let location = SourceLocation(page: page, line: index, box: Self.box(line.glyphs))
            let text = line.text
            let inMargin = line.y0 > height * 0.9 || line.y1 < height * 0.07
            if inMargin && PageNumber.matches(text) {
                flushParagraph(); flushRows()
                placed.append((line.y0, .furniture(text, location)))
                continue
            }
            let chunks = line.chunks()
            let numeric = chunks.filter { NumericToken.matches(TextLine.text(of: $0)) }.count
            if chunks.count >= 3 || (chunks.count == 2 && numeric >= 1) {
                flushParagraph()
                let cells = chunks.map {
                    TableCell(text: TextLine.text(of: $0), location: SourceLocation(page: page, line: index, box: Self.box($0)))
                }
                if alignedRows == nil { alignedRows = ([], location, line.y0) }
                alignedRows!.rows.append(cells)
                continue
            }
            flushRows()
            let indented = line.x0 > left + size * 1.2
            if let p = paragraph {
                let gap = line.y0 - p.last.y1
                // A change of size where the lines meet: a bold run-in heading set in a taller font
                // at the start of the previous line is no change.
                let resized = abs(Self.edgeSize(line, leading: true) - Self.edgeSize(p.last, leading: false)) > size * 0.25
                let breaks = indented || p.last.x1 < right - 2 * size || gap > size * 1.2 || resized
                if breaks { flushParagraph() }
            }
            if paragraph == nil {
                paragraph = ([], location, indented, line.y0, line)
            }
            paragraph!.lines.append(text)
            paragraph!.last = line
        }
        flushParagraph()
        flushRows()
        let sorted = placed.sorted { $0.y < $1.y }
        items = sorted.map(\.item)
        tops = sorted.map(\.y)
    }

    /// The usual glyph height at a line's start (`leading`) or end: of its first or last six glyphs.
    static func edgeSize(_ line: TextLine, leading: Bool) -> Double {
        median((leading ? line.glyphs.prefix(6) : line.glyphs.suffix(6)).map(\.height))
    }

    /// The rows of a ruled table: each cell in the row where it starts, with its spans.
    static func rows(of table: RuledTable, glyphs: [(glyph: Glyph, line: Int)], page: Int) -> [[TableCell]] {
        var content = Array(repeating: [(glyph: Glyph, line: Int)](), count: table.cells.count)
        for item in glyphs {
            if let c = table.cell(atX: item.glyph.midX, y: item.glyph.midY) { content[c].append(item) }
        }
        var rows: [[TableCell]] = Array(repeating: [], count: table.ys.count - 1)
        for (c, box) in table.cells.enumerated() {
            let text = cellText(content[c].map(\.glyph))
            let line = content[c].map(\.line).min()
            let rect = SourceLocation.Box(x0: table.xs[box.c0], y0: table.ys[box.r0], x1: table.xs[box.c1 + 1], y1: table.ys[box.r1 + 1])
            rows[box.r0].append(TableCell(
                text: text, rowSpan: box.r1 - box.r0 + 1, colSpan: box.c1 - box.c0 + 1,
                location: SourceLocation(page: page, line: line, box: rect)))
        }
        // Rows where no cell starts carry nothing.
        return rows.filter { !$0.isEmpty }
    }

    /// The rectangle around some glyphs.
    static func box(_ glyphs: [Glyph]) -> SourceLocation.Box? {
        guard !glyphs.isEmpty else { return nil }
        return SourceLocation.Box(
            x0: glyphs.map(\.x0).min()!, y0: glyphs.map(\.y0).min()!, x1: glyphs.map(\.x1).max()!, y1: glyphs.map(\.y1).max()!)
    }

    /// A cell's lines joined by "\n"; a label printed one character per line is read as one word.
    static func cellText(_ glyphs: [Glyph]) -> String {
        let lines = TextLine.lines(of: glyphs).map(\.text)
        if lines.count >= 3, lines.allSatisfy({ $0.count == 1 }) { return lines.joined() }
        return lines.joined(separator: "\n")
    }
}

package func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}
