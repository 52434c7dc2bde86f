/// Straight strokes on a rendered page: the rulings of tables.
struct Rulings: Sendable {
    /// A horizontal stroke from `start` to `end` at `position` (all in points).
    struct Segment: Sendable, Equatable {
        var position: Double
        var start: Double
        var end: Double
    }

    var horizontal: [Segment]
    var vertical: [Segment]

    /// The strokes that are not parts of glyphs: a ruling runs between characters, while a stroke of
    /// a large bold character lies inside that character's box.
    func outside(_ glyphs: [Glyph]) -> Rulings {
        func insideGlyph(_ s: Segment, horizontal: Bool) -> Bool {
            let length = s.end - s.start
            var covered = 0.0
            for g in glyphs {
                let (across0, across1, along0, along1) = horizontal ? (g.y0, g.y1, g.x0, g.x1) : (g.x0, g.x1, g.y0, g.y1)
                let margin = (across1 - across0) * 0.1
                guard s.position > across0 + margin, s.position < across1 - margin else { continue }
                covered += max(0, min(s.end, along1) - max(s.start, along0))
            }
            return covered >= length * 0.5
        }
        return Rulings(
            horizontal: horizontal.filter { !insideGlyph($0, horizontal: true) },
            vertical: vertical.filter { !insideGlyph($0, horizontal: false) })
    }

    /// Finds strokes at least `minLength` points long in a page image.
    static func find(in image: GrayImage, minLength: Double = 12) -> Rulings {
        let minPixels = Int(minLength * image.scale)
        var horizontal: [Segment] = []
        var vertical: [Segment] = []
        // Runs per pixel row, then merged with the runs of neighbouring rows (a stroke's thickness).
        var rowRuns: [(y: Int, x0: Int, x1: Int)] = []
        for y in 0..<image.height {
            var x = 0
            while x < image.width {
                guard image.isDark(x, y) else { x += 1; continue }
                let start = x
                while x < image.width, image.isDark(x, y) { x += 1 }
                if x - start >= minPixels { rowRuns.append((y, start, x)) }
            }
        }
        horizontal = merge(rowRuns.map { ($0.y, $0.x0, $0.x1) }, scale: image.scale)
        var columnRuns: [(x: Int, y0: Int, y1: Int)] = []
        for x in 0..<image.width {
            var y = 0
            while y < image.height {
                guard image.isDark(x, y) else { y += 1; continue }
                let start = y
                while y < image.height, image.isDark(x, y) { y += 1 }
                if y - start >= minPixels { columnRuns.append((x, start, y)) }
            }
        }
        vertical = merge(columnRuns.map { ($0.x, $0.y0, $0.y1) }, scale: image.scale)
        return Rulings(horizontal: horizontal, vertical: vertical)
    }

    /// Merges runs on adjacent pixel lines that overlap into one segment, in points.
    private static func merge(_ runs: [(Int, Int, Int)], scale: Double) -> [Segment] {
        var open: [(line: Int, first: Int, start: Int, end: Int)] = []
        var done: [Segment] = []
        func close(_ r: (line: Int, first: Int, start: Int, end: Int)) {
            // A thick dark block (an image, a filled cell) is not a ruling.
            guard r.line - r.first <= Int(3 * scale) + 1 else { return }
            done.append(Segment(
                position: (Double(r.first + r.line) / 2 + 0.5) / scale, start: Double(r.start) / scale, end: Double(r.end) / scale))
        }
        for (line, start, end) in runs.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            var merged = false
            for i in open.indices where open[i].line >= line - 1 && open[i].start < end && start < open[i].end {
                open[i] = (line, open[i].first, min(open[i].start, start), max(open[i].end, end))
                merged = true
                break
            }
            if !merged { open.append((line, line, start, end)) }
            let stale = open.filter { $0.line < line - 1 }
            stale.forEach(close)
            open.removeAll { $0.line < line - 1 }
        }
        open.forEach(close)
        return done
    }
}
