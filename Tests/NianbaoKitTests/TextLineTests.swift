import Testing
@testable import NianbaoKit

/// How a line of PDF glyphs is cut into cells when there are no rulings.
@Suite("PDF text lines")
struct TextLineTests {
    /// Glyphs 6 pt wide and 15 pt tall (poppler's boxes), placed left to right with `gaps[i]`
    /// before character i + 1.
    func line(_ text: String, gaps: [Double]) -> TextLine {
        var x = 100.0
        var glyphs: [Glyph] = []
        for (i, scalar) in text.unicodeScalars.enumerated() {
            if i > 0 { x += gaps[i - 1] }
            glyphs.append(Glyph(scalar: scalar, x0: x, y0: 200, x1: x + 6, y1: 215))
            x += 6
        }
        return TextLine(glyphs: glyphs)
    }

    func cells(_ line: TextLine) -> [String] { line.chunks().map(TextLine.text(of:)) }

    @Test("two numbers 7 pt apart in neighbouring narrow cells are two cells")
    func numbersApart() {
        #expect(cells(line("821583", gaps: [0, 7, 0, 0, 0])) == ["82", "1583"])
        #expect(cells(line("1228215833", gaps: [0, 0, 7, 0, 7, 0, 0, 0, 7])) == ["122", "82", "1583", "3"])
    }

    @Test("digits spaced out evenly, or a gap as tight as the rest, stay one number")
    func oneNumber() {
        #expect(cells(line("1583", gaps: [6, 6, 6])) == ["1583"])
        #expect(cells(line("15", gaps: [7])) == ["15"])
        #expect(cells(line("1583", gaps: [4, 7, 4])) == ["1583"])
        #expect(cells(line("1583", gaps: [0, 0.5, 0])) == ["1583"])
    }
}
