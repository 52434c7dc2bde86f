import NianbaoDocument
import NianbaoSupport
/// A run of glyphs on one baseline, cut into chunks where the gap between glyphs is wide.
package struct TextLine: Sendable {
    /// The glyphs, left to right.
    let glyphs: [Glyph]
    let x0: Double, x1: Double, y0: Double, y1: Double
    /// The usual glyph height on the line.
    let size: Double
    var midY: Double { (y0 + y1) / 2 }

    /// A line of `glyphs`, sorted left to right; its box and size are measured once here.
    package init(glyphs: [Glyph]) {
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

    package var text: String { Self.text(of: glyphs) }

    /// Pieces of the line separated by gaps wider than `factor` times the glyph size, or by a gap
    /// that parts two numbers in neighbouring narrow cells (see ``numberBreaks()``).
    package func chunks(gapFactor factor: Double = 1.6) -> [[Glyph]] {
        var result: [[Glyph]] = []
        var current: [Glyph] = []
        let limit = size * factor
        let breaks = numberBreaks()
        for (index, glyph) in glyphs.enumerated() {
            if let last = current.last, glyph.x0 - last.x1 > limit || breaks.contains(index) {
                result.append(current)
                current = []
            }
            current.append(glyph)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Indices of glyphs that begin a new number inside a run of digits ("82" "1583" printed 7 pt
    /// apart read "821583"): the gap before them is wider than a third of the glyph size, and the
    /// run's other gaps are tight (under a quarter of it), as the digits of one number stand
    /// shoulder to shoulder. A run with no tight gap (digits spaced out evenly) is left whole.
    func numberBreaks() -> Set<Int> {
        func isDigit(_ index: Int) -> Bool { ("0"..."9").contains(glyphs[index].scalar) }
        var breaks = Set<Int>()
        var start = 0
        while start < glyphs.count {
            guard isDigit(start) else { start += 1; continue }
            var end = start
            while end + 1 < glyphs.count, isDigit(end + 1) { end += 1 }
            if end > start {
                let gaps = ((start + 1)...end).map { (index: $0, gap: glyphs[$0].x0 - glyphs[$0 - 1].x1) }
                let tight = gaps.filter { $0.gap <= size / 3 }.map(\.gap)
                for candidate in gaps where candidate.gap > size / 3 && !tight.isEmpty && tight.allSatisfy({ $0 < candidate.gap / 4 }) {
                    breaks.insert(candidate.index)
                }
            }
            start = end + 1
        }
        return breaks
    }

    /// The characters of glyphs on one line, with a space where the gap is a word gap
    /// (wider than half the glyph size). A raised small digit right after a digit (a footnote
    /// mark: "15" with a superscript "1") is written as a superscript digit, which the parser
    /// reads as a note, never as a digit of the number ("151"). Raised and smaller than the
    /// line's glyphs *and* than the digit it follows: digits set in a smaller Latin font beside
    /// Chinese ("行政规范性文件564" in a borderless table) sit higher than the Chinese glyphs' boxes,
    /// but level with each other.
    package static func text(of glyphs: [Glyph]) -> String {
        var out = String.UnicodeScalarView()
        let size = median(glyphs.map(\.height))
        let bottom = median(glyphs.filter { $0.height >= size * 0.8 }.map(\.y1))
        var previous: Glyph?
        // The last digit written as a digit: the number a mark would follow.
        var base: Glyph?
        for glyph in glyphs {
            if let p = previous, glyph.x0 - p.x1 > size * 0.5 { out.append(" ") }
            if let p = previous, isDigit(p.scalar) || Self.superscript(p.scalar) != nil, let base,
                isRaisedMark(glyph, size: size, bottom: bottom), isRaisedMark(glyph, size: base.height, bottom: base.y1),
                let mark = Self.superscript(glyph.scalar)
            {
                out.append(mark)
            } else {
                out.append(glyph.scalar)
                if isDigit(glyph.scalar) { base = glyph } else if Self.superscript(glyph.scalar) == nil { base = nil }
            }
            previous = glyph
        }
        return String(out)
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    /// A digit smaller than the line's glyphs (under 80 % of their height) whose bottom is raised
    /// above theirs by more than 15 % of their height.
    static func isRaisedMark(_ glyph: Glyph, size: Double, bottom: Double) -> Bool {
        isDigit(glyph.scalar) && size > 0 && glyph.height < size * 0.8 && glyph.y1 < bottom - size * 0.15
    }

    /// The superscript form of a digit (or a superscript digit itself), else nil.
    static func superscript(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        switch s.value {
        case 0x31: return "\u{B9}"
        case 0x32: return "\u{B2}"
        case 0x33: return "\u{B3}"
        case 0x30, 0x34...0x39: return Unicode.Scalar(0x2070 + s.value - 0x30)
        case 0xB9, 0xB2, 0xB3, 0x2070, 0x2074...0x2079: return s
        default: return nil
        }
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

package func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}
