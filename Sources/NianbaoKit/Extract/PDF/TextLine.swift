/// A run of glyphs on one baseline, cut into chunks where the gap between glyphs is wide.
struct TextLine: Sendable {
    /// The glyphs, left to right.
    let glyphs: [Glyph]
    let x0: Double, x1: Double, y0: Double, y1: Double
    /// The usual glyph height on the line.
    let size: Double
    var midY: Double { (y0 + y1) / 2 }

    /// A line of `glyphs`, sorted left to right; its box and size are measured once here.
    init(glyphs: [Glyph]) {
        self.glyphs = glyphs
        x0 = glyphs.first?.x0 ?? 0
        var x1 = -Double.infinity, y0 = Double.infinity, y1 = -Double.infinity
        for glyph in glyphs {
            x1 = max(x1, glyph.x1)
            y0 = min(y0, glyph.y0)
            y1 = max(y1, glyph.y1)
        }
        (self.x1, self.y0, self.y1) = glyphs.isEmpty ? (0, 0, 0) : (x1, y0, y1)
        size = median(glyphs.map(\.height))
    }

    var text: String { Self.text(of: glyphs) }

    /// Pieces of the line separated by gaps wider than `factor` times the glyph size, or by a gap
    /// between two digits wider than a third of it: the digits of one number stand shoulder to
    /// shoulder, so such a gap parts two numbers in neighbouring narrow cells ("82" "1583").
    func chunks(gapFactor factor: Double = 1.6) -> [[Glyph]] {
        var result: [[Glyph]] = []
        var current: [Glyph] = []
        let limit = size * factor
        let digitLimit = size / 3
        func isDigit(_ glyph: Glyph) -> Bool { ("0"..."9").contains(glyph.scalar) }
        for glyph in glyphs {
            if let last = current.last, glyph.x0 - last.x1 > (isDigit(last) && isDigit(glyph) ? digitLimit : limit) {
                result.append(current)
                current = []
            }
            current.append(glyph)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The characters of glyphs on one line, with a space where the gap is a word gap
    /// (wider than half the glyph size).
    static func text(of glyphs: [Glyph]) -> String {
        var out = String.UnicodeScalarView()
        let size = median(glyphs.map(\.height))
        var previous: Glyph?
        for glyph in glyphs {
            if let p = previous, glyph.x0 - p.x1 > size * 0.5 { out.append(" ") }
            out.append(glyph.scalar)
            previous = glyph
        }
        return String(out)
    }

    /// Groups glyphs into lines: glyphs whose vertical middles lie within half a glyph height of
    /// the line's are on it; each line is sorted left to right.
    static func lines(of glyphs: [Glyph]) -> [TextLine] {
        let visible = glyphs.filter { !$0.scalar.properties.isWhitespace && $0.height > 0 && $0.width >= 0 }
        let sorted = visible.sorted { $0.midY != $1.midY ? $0.midY < $1.midY : $0.x0 < $1.x0 }
        var lines: [[Glyph]] = []
        var lineMid = 0.0, lineHeight = 0.0
        for glyph in sorted {
            if !lines.isEmpty, abs(glyph.midY - lineMid) <= max(lineHeight, glyph.height) * 0.45 {
                lines[lines.count - 1].append(glyph)
                let n = Double(lines[lines.count - 1].count)
                lineMid += (glyph.midY - lineMid) / n
                lineHeight = max(lineHeight, glyph.height)
            } else {
                lines.append([glyph])
                lineMid = glyph.midY
                lineHeight = glyph.height
            }
        }
        return lines.map { TextLine(glyphs: $0.sorted { $0.x0 < $1.x0 }) }
    }
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}
