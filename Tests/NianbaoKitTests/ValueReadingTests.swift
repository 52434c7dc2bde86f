import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

@Suite("Reading cell values")
struct ValueReadingTests {
    @Test("numbers as printed", arguments: [
        ("0", 0.0, nil as String?), ("96171.6", 96171.6, nil), ("+1036", 1036, nil), ("-5", -5, nil), ("－5", -5, nil),
        ("251000元", 251000, nil), ("13,612", 13612, nil), ("22（其中修订 16 件）", 22, "其中修订 16 件"), ("１２", 12, nil),
        ("35件", 35, nil),
    ])
    func numbers(_ raw: String, _ value: Double, _ note: String?) {
        #expect(CellValueParser.read(raw) == .number(value, note: note))
    }

    @Test("marks of no value", arguments: ["/", "—", "－", "-", "无", "——"])
    func nullMarkers(_ raw: String) {
        #expect(CellValueParser.read(raw) == .nullMarker)
    }

    @Test("blank and text")
    func blankAndText() {
        #expect(CellValueParser.read("  ") == .blank)
        #expect(CellValueParser.read("行政许可") == .text)
        #expect(CellValueParser.read("1.2.3") == .text)
        #expect(CellValueParser.read("12,34") == .text)
    }

    func tokens(_ raws: [String], glued: Bool = false) -> [ValueToken] {
        raws.map { ValueToken(raw: $0, reading: CellValueParser.read($0), location: SourceLocation(line: 1), glued: glued) }
    }

    func values(_ outcome: ValueResolver.Outcome) -> [String]? {
        if case let .placed(tokens, _, _) = outcome { return tokens.map { $0.raw } }
        return nil
    }

    func isTentative(_ outcome: ValueResolver.Outcome) -> Bool {
        if case .placed(_, _, true) = outcome { return true }
        return false
    }

    @Test("padding blanks at the ends of a grid row are dropped")
    func padding() {
        let row = tokens(["", "1", "2", "0", "0", "0", "0", "3", ""])
        #expect(values(ValueResolver.resolve(row, expected: 7, rules: [])) == ["1", "2", "0", "0", "0", "0", "3"])
    }

    @Test("a short row with a blank end cell is placed only tentatively, unless the grid is exact")
    func blankTotal() {
        let row = tokens(["1", "0", "0", "0", "0", "0", ""])
        let text = ValueResolver.resolve(row, expected: 7, rules: [])
        #expect(values(text) == ["1", "0", "0", "0", "0", "0", ""])
        #expect(isTentative(text))
        let grid = ValueResolver.resolve(row, expected: 7, rules: [], exactGrid: true)
        #expect(values(grid) == ["1", "0", "0", "0", "0", "0", ""])
        #expect(!isTentative(grid))
    }

    @Test("a row short of a value, with no blank to stand for it, is not placed")
    func missingValue() {
        let row = tokens(["1", "0", "0", "0", "0", "1"])
        guard case .failed = ValueResolver.resolve(row, expected: 7, rules: []) else {
            Issue.record("placed a row with six values in seven columns")
            return
        }
    }

    @Test("glued digits: the only split is taken, with the row sum deciding between several")
    func glued() {
        let sum = ValueResolver.SumRule(parts: Array(0..<6), total: 6)
        #expect(values(ValueResolver.resolve(tokens(["7000007"], glued: true), expected: 7, rules: [sum])) == ["7", "0", "0", "0", "0", "0", "7"])
        #expect(values(ValueResolver.resolve(tokens(["230", "000023"], glued: true), expected: 7, rules: [sum])) == ["23", "0", "0", "0", "0", "0", "23"])
        #expect(values(ValueResolver.resolve(tokens(["000"], glued: true), expected: 3, rules: [])) == ["0", "0", "0"])
        #expect(values(ValueResolver.resolve(tokens(["898989"], glued: true), expected: 3, rules: [])) == nil)
        // Digits that were not glued by the extraction are never split.
        #expect(values(ValueResolver.resolve(tokens(["7000007"]), expected: 7, rules: [sum])) == nil)
    }
}
