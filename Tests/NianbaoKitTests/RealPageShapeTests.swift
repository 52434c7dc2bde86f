import Foundation
import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// The shapes of issue 12, seen on crawler text renders of real pages: headings worded otherwise,
/// a table run into prose, merged numbering, the last row run into the next title, a spaced
/// header, a title that is a sentence's subject, an empty page. Each on a real fixture (seed 000,
/// a tab grid, or the same page as a crawler prints it: cells parted by one space) edited as the
/// issue saw it, with a sibling; values are exact or null, never wrong.
@Suite("Real page shapes")
struct RealPageShapeTests {
    static let seed = "text/000_9047ba7201a8dd9c.txt"

    /// Seed 000 with each `old` replaced by `new` (every `old` must be there), as a tab grid or, with
    /// `crawler`, with its cells parted by single spaces.
    static func page(_ edits: [(String, String)], crawler: Bool = false) throws -> String {
        var text = try String(contentsOfFile: Fixtures.path(seed), encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old), "\(old) is not in the fixture")
            text = text.replacingOccurrences(of: old, with: new)
        }
        if crawler {
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ") }
                .joined(separator: "\n")
        }
        return text
    }

    static func parse(_ text: String) throws -> AnnualReport {
        try ReportParser().parse(DocumentReader.read(bytes: Array(text.utf8), path: "page.txt"))
    }

    /// Every number the report holds is the truth's, with `changed` overriding the truth.
    static func expectNoWrongNumber(_ report: AnnualReport, changed: [String: Double] = [:]) throws {
        let truth = try Truth(path: Fixtures.path(seed + ".truth.json"))
        for (key, cell) in report.allCells {
            guard let number = cell.number else { continue }
            let want = changed[key] ?? truth.cells[key] ?? nil
            #expect(number == want, "\(key) is \(number), the truth \(String(describing: want))")
        }
    }

    /// How many of the truth's cells the report reproduces (with `changed` overriding the truth).
    static func recovered(_ report: AnnualReport, changed: [String: Double] = [:]) throws -> (Int, Int) {
        let truth = try Truth(path: Fixtures.path(seed + ".truth.json"))
        let cells = Dictionary(report.allCells.map { ($0.key, $0.value.number) }, uniquingKeysWith: { a, _ in a })
        let same = truth.cells.filter { key, value in (changed[key] ?? value) == cells[key] ?? nil }.count
        return (same, truth.cells.count)
    }

    static let table4Heading = "四、政府信息公开行政复议、行政诉讼情况"

    // MARK: 1. Section headings worded otherwise

    @Test("a typo in the next heading leaves table 三 and table 四 whole, and section 四 is found", arguments: [
        "四、政府信息公开行政法复议、行政诉讼情况", "四、政府信息公开行政复议、行政讼诉情况",
    ])
    func headingTypo(_ heading: String) throws {
        // Table 4 printed with its header words on lines apart from its values (a crawler's one cell per line).
        let text = try Self.page([
            (Self.table4Heading, heading),
            ("行政复议\t\t\t\t\t行政诉讼", "复议"), ("结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接", "维持"),
            ("\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t", "起诉"),
            ("0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0", "1\t0\t0\t0\t1\t0\t2\t0\t0\t2\t0\t0\t3\t0\t3"),
        ], crawler: true)
        let report = try Self.parse(text)
        #expect(report.sections.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(report.sections.first { $0.number == 4 }?.title == heading)
        #expect(report.number(at: "tables.reviewLitigation.review.upheld") == 1)
        #expect(report.number(at: "tables.reviewLitigation.litigationDirect.corrected") == 2)
        #expect(report.number(at: "tables.reviewLitigation.litigationAfterReview.total") == 3)
        #expect(report.number(at: "tables.applications.carriedForward.total") == 0)
        try Self.expectNoWrongNumber(report, changed: [
            "tables.reviewLitigation.review.upheld": 1, "tables.reviewLitigation.review.total": 1,
            "tables.reviewLitigation.litigationDirect.corrected": 2, "tables.reviewLitigation.litigationDirect.total": 2,
            "tables.reviewLitigation.litigationAfterReview.other": 3, "tables.reviewLitigation.litigationAfterReview.total": 3,
        ])
    }

    @Test("五、存在的主要问题及明年工作计划 is section 五; without section 六, table 四 ends at the end")
    func sectionFiveVariant() throws {
        let text = try Self.page([("五、存在的主要问题及改进情况", "五、存在的主要问题及明年工作计划"), ("六、其他需要报告的事项", "")], crawler: true)
        let report = try Self.parse(text)
        #expect(report.sections.map(\.number) == [1, 2, 3, 4, 5])
        #expect(report.sections.last?.title == "五、存在的主要问题及明年工作计划")
        #expect(try Self.recovered(report) == (200, 200))
    }

    @Test("a heading of a later section printed early does not hide sections 二 and 三")
    func earlyLaterHeading() throws {
        // Section 一's subsection printed as "四、…行政复议…" (a real report's wording for its own point).
        let text = try Self.page([("（四）政府信息公开平台建设：", "四、政府信息公开行政复议与行政诉讼情况\n")])
        let report = try Self.parse(text)
        #expect(report.sections.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(try Self.recovered(report) == (200, 200))
        try Self.expectNoWrongNumber(report)
    }

    // MARK: 2. Table 二 run into prose

    @Test("table 二 flattened into a paragraph with prose is read by its labels", arguments: [false, true])
    func tableTwoInProse(crawler: Bool) throws {
        var text = try Self.page([
            ("规章\t0\t0\t0", "规章\t2\t1\t5"), ("行政许可\t0", "行政许可\t37"), ("行政事业性收费\t0", "行政事业性收费5949.09"),
        ], crawler: crawler)
        let start = try #require(text.range(of: "第二十条第（一）项"))
        let end = try #require(text.range(of: "三、收到和处理政府信息公开申请情况"))
        let flat = text[start.lowerBound..<end.lowerBound].split(whereSeparator: \.isNewline).joined(separator: " ")
        text.replaceSubrange(start.lowerBound..<end.lowerBound, with: "本年主动公开信息83条，占21.02%。 " + flat + "(二)主动公开政府信息的主要类别以政策文件为主。\n")
        let report = try Self.parse(text)
        #expect(report.number(at: "tables.activeDisclosure.regulations.issued") == 2)
        #expect(report.number(at: "tables.activeDisclosure.regulations.repealed") == 1)
        #expect(report.number(at: "tables.activeDisclosure.regulations.inForce") == 5)
        #expect(report.number(at: "tables.activeDisclosure.licensing.decisions") == 37)
        #expect(report.number(at: "tables.activeDisclosure.punishment.decisions") == 1)
        #expect(report.number(at: "tables.activeDisclosure.fees.amount") == 5949.09)
        try Self.expectNoWrongNumber(report, changed: [
            "tables.activeDisclosure.regulations.issued": 2, "tables.activeDisclosure.regulations.repealed": 1,
            "tables.activeDisclosure.regulations.inForce": 5, "tables.activeDisclosure.licensing.decisions": 37,
            "tables.activeDisclosure.fees.amount": 5949.09,
        ])
    }

    @Test("a sentence naming two row labels with its own numbers is prose, not a row")
    func proseWithLabelsStaysProse() throws {
        let text = try Self.page([
            ("全年公开政府信息 83 条。", "全年公开政府信息 83 条，其中规章 3 件，行政规范性文件 4 件，行政许可 5 件。"),
        ])
        let report = try Self.parse(text)
        #expect(try Self.recovered(report) == (200, 200))
        try Self.expectNoWrongNumber(report)
    }

    // MARK: 3. Doubled numbering

    @Test("三三、本年度办理结果（一）予以公开: the doubled numeral is the group's number", arguments: [false, true])
    func doubledNumbering(crawler: Bool) throws {
        let text = try Self.page([("三、本年度办理结果\t(一) 予以公开\t0\t0\t0\t0\t0\t0\t0", "三三、本年度办理结果（一）予以公开\t3\t1\t0\t0\t0\t0\t4")], crawler: crawler)
        let report = try Self.parse(text)
        #expect(report.number(at: "tables.applications.granted.naturalPerson") == 3)
        #expect(report.number(at: "tables.applications.granted.commercial") == 1)
        #expect(report.number(at: "tables.applications.granted.total") == 4)
        try Self.expectNoWrongNumber(report, changed: [
            "tables.applications.granted.naturalPerson": 3, "tables.applications.granted.commercial": 1, "tables.applications.granted.total": 4,
        ])
    }

    @Test("a doubled numeral is numbering; a numeral pair that is a number is not")
    func doubledNumeralUnit() {
        #expect(LabelText.numbering(of: "三三、本年度办理结果") == .chinese(3))
        #expect(LabelText.numbering(of: "四四、结转下年度继续办理") == .chinese(4))
        #expect(LabelText.numbering(of: "三四、其他") == nil)
        #expect(LabelText.numbering(of: "十十、其他") == nil)
    }

    // MARK: 4. The end of a table

    @Test("the last row's glued zeros run into the next title: seven cells and section 四", arguments: [
        table4Heading, "四、政府信息公开行政复议与行政诉讼情况",
    ])
    func lastRowIntoTitle(_ heading: String) throws {
        let text = try Self.page([("四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0\n\n" + Self.table4Heading, "四、结转下年度继续办理 0000000 " + heading)], crawler: true)
        let report = try Self.parse(text)
        for column in ["naturalPerson", "commercial", "research", "publicInterest", "legalService", "other", "total"] {
            #expect(report.number(at: "tables.applications.carriedForward.\(column)") == 0)
        }
        #expect(report.sections.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(try Self.recovered(report) == (200, 200))
    }

    @Test("values standing apart are not glued: 四、结转下年度继续办理 2000002 is one value, so null")
    func numberWithoutLeadingZeroStaysOne() throws {
        let text = try Self.page([("四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0\n\n" + Self.table4Heading, "四、结转下年度继续办理 2000002 " + Self.table4Heading)], crawler: true)
        let report = try Self.parse(text)
        #expect(report.number(at: "tables.applications.carriedForward.total") == nil)
        #expect(report.diagnostics.contains { $0.key == "tables.applications.carriedForward" && $0.code == .rowValueCount })
        try Self.expectNoWrongNumber(report)
    }

    @Test("no heading for section 四, a header spaced letter by letter and fifteen glued zeros: table 四 is read")
    func spacedHeaderGluedZeros() throws {
        let text = try Self.page([
            (Self.table4Heading, ""),
            ("行政复议\t\t\t\t\t行政诉讼", "行 政 复 议 行 政 诉 讼"),
            ("0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0", "000000000000000"),
        ], crawler: true)
        let report = try Self.parse(text)
        #expect(try Self.recovered(report) == (200, 200))
        #expect(report.diagnostics.contains { $0.key == "tables.reviewLitigation.review" && $0.code == .rowValuesAdjusted })
    }

    // MARK: 5. Titles

    @Test("a body that begins 本报告根据… does not make the title 本报告")
    func titleNotSentenceSubject() throws {
        let sentence = "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和有关要求编制。"
        let report = try Self.parse(try Self.page([
            ("修武县城关镇人民政府\n\n2024 年政府信息公开工作年度报告", "修武县城关镇人民政府2024年政务公开工作年度报告\n" + sentence),
        ]))
        #expect(report.metadata.title == "修武县城关镇人民政府2024年政务公开工作年度报告")
        // Sibling: no line names the report; the sentence still gives no title.
        let untitled = try Self.parse(try Self.page([("修武县城关镇人民政府\n\n2024 年政府信息公开工作年度报告", sentence)]))
        #expect(untitled.metadata.title != "本报告")
        #expect(untitled.metadata.title == nil)
    }

    @Test("titles that name the report are still read")
    func titlesStillRead() {
        func title(_ lines: [String]) -> String? {
            MetadataReader.title(in: lines.map { ParseLine(origin: .paragraph, cells: [ParseCell(text: $0, location: SourceLocation(line: 1))], block: 0) })
        }
        #expect(title(["某县2023年政府信息公开工作年度报", "告"]) == "某县2023年政府信息公开工作年度报告")
        #expect(title(["根据《中华人民共和国政府信息公开条例》编制本报告。", "某局2023年政府信息公开工作年报"]) == "某局2023年政府信息公开工作年报")
        #expect(title(["本年度报告中所列数据的统计期限自2023年1月1日起至12月31日止。"]) == nil)
    }

    // MARK: 6. Empty pages

    @Test("a page that is only its title is not a report: the error says what was found")
    func titleOnly() throws {
        let text = "某区人民政府2023年政府信息公开工作年度报告\n"
        do {
            _ = try Self.parse(text)
            Issue.record("a title alone was accepted")
        } catch let error as NianbaoError {
            #expect(error.description.contains("only a title"))
            #expect(error.description.contains("某区人民政府2023年政府信息公开工作年度报告"))
        }
        // Sibling: a title and one section heading is a (short) report.
        let short = try Self.parse(text + "一、总体情况\n本年度未收到申请。\n")
        #expect(short.sections.map(\.number) == [1])
    }

    @Test("convert: a title-only page is exit 2 saying so; check: a report with no rule evaluated is exit 5")
    func emptyPageCommandLine() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.txt").path
        try "某区人民政府2023年政府信息公开工作年度报告\n".write(toFile: empty, atomically: true, encoding: .utf8)
        let converted = try CLI.run(["convert", empty])
        #expect(converted.status == 2)
        #expect(converted.stderr.contains("only a title"))
        #expect(converted.stdout.isEmpty)
        let short = dir.appendingPathComponent("short.txt").path
        try "某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度未收到申请。\n".write(toFile: short, atomically: true, encoding: .utf8)
        let checked = try CLI.run(["check", short])
        #expect(checked.status == 5)
        #expect(checked.stderr.contains("no 勾稽 rule could be evaluated"))
        // Sibling: a full report's rules are evaluated, so check exits 0.
        #expect(try CLI.run(["check", Fixtures.path(Self.seed)]).status == 0)
    }
}
