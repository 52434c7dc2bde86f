import Foundation
import GRDB
import Testing
@testable import NianbaoCorpus
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// The classes of silent wrong numbers of issue 10: signs and footnote marks inside glued runs,
/// text after the first number, integers beyond 2^53, overflowing numbers, and a glued run so long
/// that splitting it took minutes. Each with the issue's example and a sibling.
@Suite("Wrong numbers")
struct WrongNumberTests {
    /// The pingtan 2019 page (one flattened line) with `old` replaced by `new`, parsed.
    static func pingtan(_ old: String, _ new: String) throws -> AnnualReport {
        let text = try String(contentsOfFile: Fixtures.path("text/pingtan_2019_page.txt"), encoding: .utf8)
        #expect(text.contains(old))
        return try ReportParser().parse(DocumentReader.read(bytes: Array(text.replacingOccurrences(of: old, with: new).utf8), path: "pingtan.txt"))
    }

    /// The hangzhou HTML fixture with `old` replaced by `new`, parsed.
    static func hangzhou(_ old: String, _ new: String) throws -> AnnualReport {
        let text = try String(contentsOfFile: Fixtures.path("html/hangzhou_style_2025_fixture.html"), encoding: .utf8)
        #expect(text.contains(old))
        return try ReportParser().parse(DocumentReader.read(bytes: Array(text.replacingOccurrences(of: old, with: new).utf8), path: "hangzhou.html"))
    }

    static func diagnostics(_ report: AnnualReport, key: String) -> [Diagnostic] {
        report.diagnostics.filter { $0.key == key }
    }

    func tokens(_ raws: [String]) -> [ValueToken] {
        raws.map { ValueToken(raw: $0, reading: CellValueParser.read($0), location: SourceLocation(line: 1), glued: true) }
    }

    func placed(_ outcome: ValueResolver.Outcome) -> [String]? {
        if case let .placed(tokens, _, _) = outcome { return tokens.map(\.raw) }
        return nil
    }

    // MARK: 1. Signs inside glued runs

    @Test("a sign inside a glued run starts a number: 行政事业性收费35-15 is 35 and −15")
    func signInGluedRun() throws {
        let report = try Self.pingtan("行政事业性收费350", "行政事业性收费35-15")
        #expect(report.number(at: "tables.activeDisclosure.fees.previousYear") == 35)
        #expect(report.number(at: "tables.activeDisclosure.fees.change") == -15)
        // Sibling: 行政许可 has three cells; "39-6181" splits as 39, −6, 181 or 39, −61, 81 or
        // 39, −618, 1: ambiguous, so null with a diagnostic, never 3, 9, … .
        let sibling = try Self.pingtan("行政许可3960181", "行政许可39-6181")
        for column in ["previousYear", "change", "decisions"] {
            #expect(sibling.number(at: "tables.activeDisclosure.licensing.\(column)") == nil)
        }
        #expect(Self.diagnostics(sibling, key: "tables.activeDisclosure.licensing").contains { $0.code == .rowValueCount })
    }

    @Test("glued signed runs split only where one split gives the row's count; the sign stays first")
    func signedSplits() {
        #expect(placed(ValueResolver.resolve(tokens(["1", "-10"]), expected: 3, rules: [])) == ["1", "-1", "0"])
        #expect(placed(ValueResolver.resolve(tokens(["-305"]), expected: 2, rules: [])) == ["-30", "5"])
        #expect(placed(ValueResolver.resolve(tokens(["+205"]), expected: 2, rules: [])) == ["+20", "5"])
        // 12, −3, 4 or 1, 2, −34: two ways, so none.
        #expect(placed(ValueResolver.resolve(tokens(["12", "-34"]), expected: 3, rules: [])) == nil)
        #expect(ValueResolver.cuts(Array("-105"), into: 2) == [["-10", "5"]])
    }

    // MARK: 2. Footnote marks and struck-out text

    @Test("a footnote mark after a number is its note, not a digit", arguments: [
        ("15¹", 15.0, "¹"), ("15①", 15, "①"), ("7⑵", 7, "⑵"), ("32⁴", 32, "⁴"), ("0²³", 0, "²³"), ("12件①", 12, "①"),
    ])
    func footnoteMarks(_ raw: String, _ value: Double, _ note: String) {
        #expect(CellValueParser.read(raw) == .number(value, note: note))
    }

    @Test("a mark between digits is no number, and a mark alone is text")
    func marksElsewhere() {
        #expect(CellValueParser.read("1¹5") == .text)
        #expect(CellValueParser.read("①") == .text)
        #expect(CellValueParser.read("①行政许可") == .text)
    }

    @Test("a cell with marks longer than any value is text, left to the segmenter; one at the bound is still read")
    func longCellWithMarks() {
        let long = String(repeating: "12¹", count: 300)  // 1,200 bytes
        #expect(CellValueParser.read(long) == .text)
        let padding = String(repeating: " ", count: CellValueParser.longestValueText - "15①".utf8.count)
        #expect(CellValueParser.read("15①" + padding) == .number(15, note: "①"))
    }

    @Test("footnote marks in a flattened line stay with their number: 35①0 is 35 and 0")
    func marksInRuns() throws {
        let report = try Self.pingtan("行政事业性收费350", "行政事业性收费35①0")
        #expect(report.number(at: "tables.activeDisclosure.fees.previousYear") == 35)
        #expect(report.number(at: "tables.activeDisclosure.fees.change") == 0)
        #expect(report.tables.activeDisclosure["fees.previousYear"]?.note == "①")
        let sibling = try Self.pingtan("行政事业性收费350", "行政事业性收费3² 50")
        #expect(sibling.number(at: "tables.activeDisclosure.fees.previousYear") == 3)
        #expect(sibling.number(at: "tables.activeDisclosure.fees.change") == 50)
    }

    @Test("HTML: <sup> is a note and struck-out text is not the value")
    func htmlMarks() throws {
        let report = try Self.hangzhou(
            "<tr><td>规章</td><td>3</td><td>5</td><td>74</td></tr>", "<tr><td>规章</td><td>3<sup>1</sup></td><td><del>9</del>5</td><td>74①</td></tr>")
        #expect(report.number(at: "tables.activeDisclosure.regulations.issued") == 3)
        #expect(report.tables.activeDisclosure["regulations.issued"]?.note == "¹")
        #expect(report.number(at: "tables.activeDisclosure.regulations.repealed") == 5)
        #expect(report.number(at: "tables.activeDisclosure.regulations.inForce") == 74)
        let sibling = try Self.hangzhou(
            "<tr><td>行政规范性文件</td><td>564</td><td>984</td><td>4185</td></tr>",
            "<tr><td>行政规范性文件</td><td>564<sup>(12)</sup></td><td><s>1</s>984</td><td><strike>7</strike>4185<sub>2</sub></td></tr>")
        #expect(sibling.number(at: "tables.activeDisclosure.normativeDocuments.issued") == 564)
        #expect(sibling.number(at: "tables.activeDisclosure.normativeDocuments.repealed") == 984)
        #expect(sibling.number(at: "tables.activeDisclosure.normativeDocuments.inForce") == 4185)
    }

    /// Glyphs of a PDF line: 6 pt wide, 15 pt tall; `raised` characters 4 pt wide, 9 pt tall and
    /// 7 pt higher (a superscript).
    func pdfLine(_ text: String, raised: Set<Int>) -> TextLine {
        var x = 100.0
        var glyphs: [Glyph] = []
        for (i, scalar) in text.unicodeScalars.enumerated() {
            if raised.contains(i) {
                glyphs.append(Glyph(scalar: scalar, x0: x, y0: 199, x1: x + 4, y1: 208))
                x += 4.5
            } else {
                glyphs.append(Glyph(scalar: scalar, x0: x, y0: 200, x1: x + 6, y1: 215))
                x += 6.5
            }
        }
        return TextLine(glyphs: glyphs)
    }

    @Test("PDF: a raised small digit after a number is a superscript mark")
    func pdfRaisedMark() {
        let line = pdfLine("151", raised: [2])
        #expect(line.text == "15¹")
        #expect(CellValueParser.read(line.text) == .number(15, note: "¹"))
        #expect(pdfLine("2304", raised: [3]).text == "230⁴")
        #expect(pdfLine("2304", raised: []).text == "2304")
        // A small digit on the baseline (a smaller font) is a digit.
        let small = TextLine(glyphs: [
            Glyph(scalar: "1", x0: 100, y0: 200, x1: 106, y1: 215), Glyph(scalar: "5", x0: 106.5, y0: 200, x1: 112.5, y1: 215),
            Glyph(scalar: "1", x0: 113, y0: 206, x1: 117, y1: 215),
        ])
        #expect(small.text == "151")
        // Digits in a smaller Latin font right after a Chinese label (a borderless table printed by
        // Chromium): higher than the Chinese glyphs' boxes, but level with each other — a number.
        var glyphs = "行政规范性文件".unicodeScalars.enumerated().map { i, scalar in
            Glyph(scalar: scalar, x0: 100 + Double(i) * 15, y0: 200, x1: 115 + Double(i) * 15, y1: 215)
        }
        for (i, scalar) in "564".unicodeScalars.enumerated() {
            glyphs.append(Glyph(scalar: scalar, x0: 205 + Double(i) * 6, y0: 201.5, x1: 211 + Double(i) * 6, y1: 211.5))
        }
        #expect(TextLine(glyphs: glyphs).text == "行政规范性文件564")
        // The same with a true mark after the number: still its note.
        glyphs.append(Glyph(scalar: "1", x0: 223, y0: 199, x1: 226, y1: 205.5))
        #expect(TextLine(glyphs: glyphs).text == "行政规范性文件564¹")
    }

    // MARK: 3. Text after the first number

    @Test("a number printed in a form that is not plain is unreadable, not its first digits", arguments: [
        "1.23E+05", "1e5", "97/98", "3千", "1'000", "2.5e-3", "12/30", "4百", "2’500", "35-15",
    ])
    func notPlain(_ raw: String) {
        guard case .unreadable = CellValueParser.read(raw) else {
            Issue.record("\(raw) read as \(CellValueParser.read(raw))")
            return
        }
    }

    @Test("in a report the cell is null, its printed text kept whole, with a diagnostic", arguments: [
        "1.23E+05", "1e5", "97/98", "3千", "1'000", "6e2", "40/1", "5百",
    ])
    func notPlainInReport(_ printed: String) throws {
        let report = try Self.pingtan("行政事业性收费350", "行政事业性收费\(printed) 0")
        let cell = report.tables.activeDisclosure["fees.previousYear"]
        #expect(cell?.number == nil)
        #expect(cell?.raw == printed)
        #expect(report.number(at: "tables.activeDisclosure.fees.change") == 0)
        #expect(Self.diagnostics(report, key: "tables.activeDisclosure.fees.previousYear").map(\.code) == [.valueUnreadable])
        let json = ReportJSON.string(of: report)
        #expect(json.contains("\"text\": \"\(printed.replacingOccurrences(of: "\\", with: "\\\\"))\""))
    }

    @Test("an HTML cell is a value only when its whole text reads as one")
    func wholeCell() throws {
        let report = try Self.hangzhou("<td>3</td><td>5</td><td>74</td>", "<td>3千</td><td>5e1</td><td>74/75</td>")
        for (column, raw) in [("issued", "3千"), ("repealed", "5e1"), ("inForce", "74/75")] {
            let cell = report.tables.activeDisclosure["regulations.\(column)"]
            #expect(cell?.number == nil)
            #expect(cell?.raw == raw)
        }
    }

    // MARK: 4, 5. Exact integers, overflow, one "no value"

    @Test("integers above 2^53 and decimals beyond 15 digits are refused; 2^53 itself is exact")
    func exactness() {
        #expect(CellValueParser.read("9007199254740992") == .number(9_007_199_254_740_992, note: nil))
        #expect(CellValueParser.read("-9007199254740992") == .number(-9_007_199_254_740_992, note: nil))
        for raw in ["9007199254740993", "-12345678901234567", "18446744073709551617", "1234567890.1234567", "0.12345678901234567"] {
            guard case .unreadable = CellValueParser.read(raw) else {
                Issue.record("\(raw) read as \(CellValueParser.read(raw))")
                continue
            }
        }
        #expect(CellValueParser.read("123456789012.345") == .number(123_456_789_012.345, note: nil))
        #expect(CellValueParser.read("0.000123") == .number(0.000123, note: nil))
        #expect(CellValueParser.read("0.0000000000000001234567890123") == .number(0.0000000000000001234567890123, note: nil))
    }

    @Test("a number too long to keep is null in JSON, CSV, HTML and SQLite alike", arguments: [
        "9007199254740993", String(repeating: "9", count: 400), "12345678901234567890",
    ])
    func noValueEverywhere(_ printed: String) throws {
        let report = try Self.pingtan("行政事业性收费350", "行政事业性收费\(printed) 0")
        let cell = try #require(report.tables.activeDisclosure["fees.previousYear"])
        #expect(cell.number == nil)
        #expect(cell.raw == printed)
        #expect(Self.diagnostics(report, key: "tables.activeDisclosure.fees.previousYear").map(\.code) == [.valueUnreadable])
        let json = try JSONSerialization.jsonObject(with: Data(ReportJSON.string(of: report).utf8)) as! [String: Any]
        #expect(Truth.number(at: "tables.activeDisclosure.fees.previousYear", inJSON: json) == .some(nil))
        let long = ReportCSV.longRecords(report).first { $0[4] == "activeDisclosure" && $0[5] == "fees" && $0[6] == "previousYear" }
        #expect(long?[10] == "")
        #expect(long?[11] == printed)
        let wide = ReportCSV.wideRecord(report)
        #expect(wide[ReportCSV.wideHeader.firstIndex(of: "tables.activeDisclosure.fees.previousYear") ?? 0] == "")
        #expect(!wide.contains { ["null", "inf", "-inf", "nan"].contains($0.lowercased()) })
        let html = ReportHTML.document(report)
        #expect(!html.contains(">null<") && !html.contains(">inf<") && !html.contains(">9007199254740992<"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-wrong-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try CorpusDatabase(path: dir.appendingPathComponent("c.sqlite").path)
        try db.upsert(report)
        let rows = try db.query("SELECT value, raw FROM cells WHERE tableName = 'activeDisclosure' AND rowKey = 'fees' AND columnKey = 'previousYear'")
        #expect(rows.count == 1)
        #expect(rows.first?["value"]?.isNull == true)
        #expect(String.fromDatabaseValue(rows.first?["raw"] ?? .null) == printed)
    }

    @Test("2^53 itself stays exact through every writer")
    func largestExact() throws {
        let report = try Self.pingtan("行政事业性收费350", "行政事业性收费9007199254740992 0")
        #expect(report.number(at: "tables.activeDisclosure.fees.previousYear") == 9_007_199_254_740_992)
        #expect(ReportJSON.string(of: report).contains("\"previousYear\": 9007199254740992"))
        #expect(ReportCSV.longRecords(report).contains { $0[5] == "fees" && $0[6] == "previousYear" && $0[10] == "9007199254740992" })
        #expect(ReportHTML.document(report).contains(">9007199254740992<"))
    }

    @Test("a value that is no number is empty in every text writer, never \"null\" or \"inf\"")
    func nonFinite() {
        #expect(NumberText.canonical(.infinity) == "")
        #expect(NumberText.canonical(-.infinity) == "")
        #expect(NumberText.canonical(.nan) == "")
        #expect(JSONValue.optional(Double.infinity) == .null)
        #expect(CellValue(number: .infinity, raw: "9").number == nil)
        #expect(NumberText.asPrinted(CellValue(number: 5, raw: "5")) == "5")
    }

    // MARK: 11. Long glued runs

    @Test("a glued run longer than its row can hold is refused at once")
    func longRun() {
        let run = String(repeating: "1", count: 20_000)
        // Refused by its length, before any search (scripts/bench-pathological times it).
        if case let .failed(reason) = ValueResolver.resolve(tokens([run, run]), expected: 7, rules: []) {
            #expect(reason.contains("40000 glued digits"))
        } else {
            Issue.record("placed a 40,000-digit run")
        }
        // Sibling: 112 digits (7 × 16) still searched, and refused as ambiguous.
        #expect(placed(ValueResolver.resolve(tokens([String(repeating: "12", count: 56)]), expected: 7, rules: [])) == nil)
    }

    @Test("a 1 MB pathological line is read to a null with its reason, never a number", arguments: [
        "digits", "signed", "spaced", "marks", "exponents",
    ])
    func pathologicalLine(_ kind: String) throws {
        let size = 1_000_000
        let unit: String
        switch kind {
        case "digits": unit = "1"
        case "signed": unit = "1-"
        case "spaced": unit = "1 "
        case "marks": unit = "12¹"
        default: unit = "3e5 97/98 "
        }
        let line = String(repeating: unit, count: size / unit.utf8.count)
        // How fast: scripts/bench-pathological (the target is under a second of CPU, release build).
        let report = try Self.pingtan("一、本年新收政府信息公开申请数量230 000023", "一、本年新收政府信息公开申请数量" + line)
        #expect(report.number(at: "tables.applications.newReceived.naturalPerson") == nil)
    }
}
