import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

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

    /// Glyphs of a paragraph line: 15 pt wide, from `x`, on the baseline at `y`; the first
    /// `tall` of them 20 pt tall (a bold heading in another font), the rest 15 pt.
    static func textLine(_ text: String, x: Double, y: Double, tall: Int = 0) -> [Glyph] {
        text.unicodeScalars.enumerated().map { i, scalar in
            let height = i < tall ? 20.0 : 15.0
            let x0 = x + Double(i) * 15
            return Glyph(scalar: scalar, x0: x0, y0: y - height, x1: x0 + 15, y1: y)
        }
    }

    @Test("a run-in heading in a taller bold font keeps its paragraph; a heading line in a larger size is its own")
    func runInHeadingKeepsParagraph() {
        let full = String(repeating: "文", count: 28)  // 78 … 498 pt: the text block
        var glyphs: [Glyph] = []
        glyphs += Self.textLine(String(repeating: "前", count: 26), x: 108, y: 100)
        glyphs += Self.textLine(full, x: 78, y: 125)
        glyphs += Self.textLine("结束。", x: 78, y: 150)
        // "（四）政府信息公开平台建设情况。" bold and taller, then the text on the same line.
        glyphs += Self.textLine("（四）政府信息公开平台建设情况。加强政府网站日常", x: 108, y: 175, tall: 16)
        glyphs += Self.textLine(full, x: 78, y: 200)
        glyphs += Self.textLine("监管。", x: 78, y: 225)
        glyphs += Self.textLine(String(repeating: "题", count: 10), x: 78, y: 255, tall: 10)
        glyphs += Self.textLine(full, x: 78, y: 280)
        let layout = PageLayout(page: 1, width: 595, height: 842, glyphs: glyphs, tables: [])
        let paragraphs: [[String]] = layout.items.compactMap { if case let .paragraph(lines, _, _, _) = $0 { return lines } else { return nil } }
        #expect(paragraphs.map(\.count) == [3, 3, 1, 1])
        #expect(paragraphs[1].first?.hasPrefix("（四）政府信息公开平台建设情况。加强") == true)
    }

    /// The extractor's own notion of a value-like word (it cuts lines into cells; the parser reads
    /// the values): it must agree with the parser on the shapes reports print, or aligned rows
    /// would be cut differently.
    @Test("a value-like word: numbers with signs, separators, units and remarks, no-value marks; not words or numberings")
    func numericTokens() {
        let values = ["35", "+1036", "-5", "13,612", "96171.6", "251000元", "84762.73万元", "22（其中修订 16 件）", "15¹",
                      "1.23E+05", "3千", "—", "/", "无", "", " 7 "]
        let words = ["行政许可", "第1条", "2023年", "1.2.3", "（一）", "一、", "一", "A3", "12月", "//", "12,34", "1,2345.6"]
        for v in values { #expect(NumericToken.matches(v), "\(v)") }
        for w in words { #expect(!NumericToken.matches(w), "\(w)") }
        // The same split as the parser's reading on every one of them.
        for t in values + words { #expect(NumericToken.matches(t) == (CellValueParser.read(t) != .text), "\(t)") }
    }
}
