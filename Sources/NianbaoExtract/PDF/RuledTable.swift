import NianbaoDocument
import NianbaoSupport
/// A table drawn with rulings: the grid of its strokes, with cells merged where a stroke is missing.
package struct RuledTable: Sendable {
    /// Column boundaries and row boundaries, in points.
    var xs: [Double]
    var ys: [Double]
    /// Each cell as (first row, first column, last row, last column) in grid units.
    var cells: [(r0: Int, c0: Int, r1: Int, c1: Int)]

    var x0: Double { xs.first ?? 0 }
    var x1: Double { xs.last ?? 0 }
    var y0: Double { ys.first ?? 0 }
    var y1: Double { ys.last ?? 0 }

    func contains(x: Double, y: Double) -> Bool { x >= x0 && x <= x1 && y >= y0 && y <= y1 }

    /// The index of the cell holding a point, if any.
    func cell(atX x: Double, y: Double) -> Int? {
        guard contains(x: x, y: y) else { return nil }
        guard let c = xs.indices.dropLast().last(where: { xs[$0] <= x }), let r = ys.indices.dropLast().last(where: { ys[$0] <= y }) else {
            return nil
        }
        return cells.firstIndex { $0.r0 <= r && r <= $0.r1 && $0.c0 <= c && c <= $0.c1 }
    }

    /// Tables formed by connected rulings: at least two strokes each way.
    static func find(in rulings: Rulings, tolerance: Double = 4) -> [RuledTable] {
        let h = rulings.horizontal, v = rulings.vertical
        // Union-find over all segments; a horizontal and a vertical one are joined where they cross or touch.
        var parent = Array(0..<(h.count + v.count))
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        func union(_ a: Int, _ b: Int) { parent[find(a)] = find(b) }
        for (i, hs) in h.enumerated() {
            for (j, vs) in v.enumerated()
            where vs.position >= hs.start - tolerance && vs.position <= hs.end + tolerance
                && hs.position >= vs.start - tolerance && hs.position <= vs.end + tolerance
            {
                union(i, h.count + j)
            }
        }
        var groups: [Int: (h: [Rulings.Segment], v: [Rulings.Segment])] = [:]
        for i in h.indices { groups[find(i), default: ([], [])].h.append(h[i]) }
        for j in v.indices { groups[find(h.count + j), default: ([], [])].v.append(v[j]) }
        var tables: [RuledTable] = []
        for group in groups.values where group.h.count >= 2 && group.v.count >= 2 {
            if let table = grid(horizontal: group.h, vertical: group.v, tolerance: tolerance) { tables.append(table) }
        }
        return tables.sorted { $0.y0 < $1.y0 }
    }

    static func grid(horizontal: [Rulings.Segment], vertical: [Rulings.Segment], tolerance: Double) -> RuledTable? {
        var ys = cluster(horizontal.map(\.position), tolerance: tolerance)
        let xs = cluster(vertical.map(\.position), tolerance: tolerance)
        // A table cut by a page break has no stroke along the cut: its column strokes run on past
        // the last row stroke. That open row is a row too.
        if let top = vertical.map(\.start).min(), let first = ys.first, top < first - 6 { ys.insert(top, at: 0) }
        if let bottom = vertical.map(\.end).max(), let last = ys.last, bottom > last + 6 { ys.append(bottom) }
        guard xs.count >= 2, ys.count >= 2 else { return nil }
        let rows = ys.count - 1, columns = xs.count - 1
        func covered(_ segments: [Rulings.Segment], at position: Double, from a: Double, to b: Double) -> Bool {
            let span = b - a
            guard span > 0 else { return true }
            var length = 0.0
            for s in segments where abs(s.position - position) <= tolerance {
                length += max(0, min(s.end, b) - max(s.start, a))
            }
            return length >= span * 0.6
        }
        var parent = Array(0..<(rows * columns))
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for r in 0..<rows {
            for c in 0..<columns {
                if c + 1 < columns, !covered(vertical, at: xs[c + 1], from: ys[r], to: ys[r + 1]) {
                    parent[find(r * columns + c)] = find(r * columns + c + 1)
                }
                if r + 1 < rows, !covered(horizontal, at: ys[r + 1], from: xs[c], to: xs[c + 1]) {
                    parent[find(r * columns + c)] = find((r + 1) * columns + c)
                }
            }
        }
        var boxes: [Int: (r0: Int, c0: Int, r1: Int, c1: Int)] = [:]
        for r in 0..<rows {
            for c in 0..<columns {
                let root = find(r * columns + c)
                if let b = boxes[root] {
                    boxes[root] = (min(b.r0, r), min(b.c0, c), max(b.r1, r), max(b.c1, c))
                } else {
                    boxes[root] = (r, c, r, c)
                }
            }
        }
        let cells = boxes.values.sorted { ($0.r0, $0.c0) < ($1.r0, $1.c0) }
        return RuledTable(xs: xs, ys: ys, cells: cells)
    }

    /// Positions closer than `tolerance` merged into their mean.
    static func cluster(_ values: [Double], tolerance: Double) -> [Double] {
        var result: [[Double]] = []
        for v in values.sorted() {
            if let last = result.last?.last, v - last <= tolerance { result[result.count - 1].append(v) } else { result.append([v]) }
        }
        return result.map { $0.reduce(0, +) / Double($0.count) }
    }
}
