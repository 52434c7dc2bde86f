import NianbaoDocument
import NianbaoSupport
/// Straight strokes on a rendered page: the rulings of tables.
package struct Rulings: Sendable {
    /// A horizontal stroke from `start` to `end` at `position` (all in points).
    struct Segment: Sendable, Equatable {
        var position: Double
        var start: Double
        var end: Double
    }

    var horizontal: [Segment]
    var vertical: [Segment]

    /// The strokes that are not parts of glyphs: a ruling runs between characters, while a stroke of
    /// a large bold character lies inside that character's box, so nearly all its length is
    /// covered by glyph boxes. A ruling under a row of text whose boxes reach down to it is
    /// covered only in part (the gaps between cells), and white space has no ink: the space
    /// poppler puts between two cells' numbers on one line spans the ruling between them.
    func outside(_ allGlyphs: [Glyph]) -> Rulings {
        let glyphs = allGlyphs.filter { !$0.scalar.properties.isWhitespace }
        func insideGlyph(_ s: Segment, horizontal: Bool) -> Bool {
            let length = s.end - s.start
            var covered = 0.0
            for g in glyphs {
                let (across0, across1, along0, along1) = horizontal ? (g.y0, g.y1, g.x0, g.x1) : (g.x0, g.x1, g.y0, g.y1)
                let margin = (across1 - across0) * 0.1
                guard s.position > across0 + margin, s.position < across1 - margin else { continue }
                covered += max(0, min(s.end, along1) - max(s.start, along0))
            }
            return covered >= length * 0.9
        }
        return Rulings(
            horizontal: horizontal.filter { !insideGlyph($0, horizontal: true) },
            vertical: vertical.filter { !insideGlyph($0, horizontal: false) })
    }

    /// Finds strokes at least `minLength` points long in a page image.
    static func find(in image: GrayImage, minLength: Double = 12) -> Rulings {
        let minPixels = Int(minLength * image.scale)
        let width = image.width, height = image.height
        let threshold = GrayImage.darkThreshold
        var rowRuns: [(Int, Int, Int)] = []
        var columnRuns: [(Int, Int, Int)] = []
        image.pixels.withUnsafeBufferPointer { pixels in
            // Runs per pixel row, then merged with the runs of neighbouring rows (a stroke's thickness).
            for y in 0..<height {
                let row = y * width
                var x = 0
                while x < width {
                    guard pixels[row + x] < threshold else { x += 1; continue }
                    let start = x
                    while x < width, pixels[row + x] < threshold { x += 1 }
                    if x - start >= minPixels { rowRuns.append((y, start, x)) }
                }
            }
            // Columns, scanned row by row to stay in cache: the run open in each column (-1: none).
            var runStart = [Int32](repeating: -1, count: width)
            runStart.withUnsafeMutableBufferPointer { open in
                for y in 0...height {
                    let row = y * width
                    for x in 0..<width {
                        if y < height, pixels[row + x] < threshold {
                            if open[x] < 0 { open[x] = Int32(y) }
                        } else if open[x] >= 0 {
                            let start = Int(open[x])
                            if y - start >= minPixels { columnRuns.append((x, start, y)) }
                            open[x] = -1
                        }
                    }
                }
            }
        }
        return Rulings(horizontal: merge(rowRuns, scale: image.scale), vertical: merge(columnRuns, scale: image.scale))
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
