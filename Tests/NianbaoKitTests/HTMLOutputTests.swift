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

@Suite("HTML output")
struct HTMLOutputTests {
    static let fixtures = Fixtures.withTruth(in: "text")
    static let seed = "text/001_88f1d5ea082339d9.txt"
    static let pingtan = "text/pingtan_2019_page.txt"

    /// Value cells read as "#", so that grids compare by structure and labels.
    static func shape(_ grid: HTMLTableScan.Grid) -> [[String]] {
        grid.slots.map { $0.map { slot in slot.map { $0.tag == "td" && $0.attributes["class"] != "corner" ? "#" : $0.text } ?? "∅" } }
    }

    static func repeated(_ text: String, _ n: Int) -> [String] { Array(repeating: text, count: n) }

    static let corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

    // The official form (国办公开办函〔2021〕30号, template_2021_blank.docx), transcribed slot by slot.
    static let officialApplicationsHead: [[String]] = [
        repeated(corner, 3) + repeated("申请人情况", 7),
        repeated(corner, 3) + ["自然人"] + repeated("法人或其他组织", 5) + ["总计"],
        repeated(corner, 3) + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    ]
    static let officialApplicationsStub2021: [[String]] = {
        let result = "三、本年度办理结果"
        var rows: [[String]] = [repeated("一、本年新收政府信息公开申请数量", 3), repeated("二、上年结转政府信息公开申请数量", 3)]
        rows.append([result, "（一）予以公开", "（一）予以公开"])
        rows.append([result] + repeated("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2))
        for item in ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
            "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"] { rows.append([result, "（三）不予公开", item]) }
        for item in ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"] { rows.append([result, "（四）无法提供", item]) }
        for item in ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"] {
            rows.append([result, "（五）不予处理", item])
        }
        for item in ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"] {
            rows.append([result, "（六）其他处理", item])
        }
        rows.append([result, "（七）总计", "（七）总计"])
        rows.append(repeated("四、结转下年度继续办理", 3))
        return rows
    }()
    static let officialReviewHead: [[String]] = {
        let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        return [
            repeated("行政复议", 5) + repeated("行政诉讼", 10),
            results + repeated("未经复议直接起诉", 5) + repeated("复议后起诉", 5),
            results + results + results,
        ]
    }()
    static let officialActiveDisclosure2021: [[String]] = [
        repeated("第二十条第（一）项", 4), ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "#", "#", "#"],
        ["行政规范性文件", "#", "#", "#"],
        repeated("第二十条第（五）项", 4), ["信息内容"] + repeated("本年处理决定数量", 3), ["行政许可"] + repeated("#", 3),
        repeated("第二十条第（六）项", 4), ["信息内容"] + repeated("本年处理决定数量", 3), ["行政处罚"] + repeated("#", 3),
        ["行政强制"] + repeated("#", 3),
        repeated("第二十条第（八）项", 4), ["信息内容"] + repeated("本年收费金额（单位：万元）", 3), ["行政事业性收费"] + repeated("#", 3),
    ]

    @Test("2021: the three tables have the official form's cells, spans and labels")
    func officialLayout2021() throws {
        let html = ReportHTML.document(try Fixtures.report(Self.seed))
        let tables = HTMLTableScan.tables(in: html)
        try #require(tables.count == 3)
        #expect(Self.shape(tables[0]) == Self.officialActiveDisclosure2021)
        let applications = Self.shape(tables[1])
        #expect(tables[1].headRows == 3)
        #expect(Array(applications.prefix(3)) == Self.officialApplicationsHead)
        #expect(applications.dropFirst(3).map { Array($0.prefix(3)) } == Self.officialApplicationsStub2021)
        #expect(applications.dropFirst(3).allSatisfy { Array($0.dropFirst(3)) == Self.repeated("#", 7) })
        let review = Self.shape(tables[2])
        #expect(Array(review.prefix(3)) == Self.officialReviewHead)
        #expect(review.dropFirst(3).map { $0 } == [Self.repeated("#", 15)])
    }

    @Test("2019: （六）其他处理 is one row across two columns; section 二 has the 2019 items on a 4-column ruling")
    func officialLayout2019() throws {
        let html = ReportHTML.document(try Fixtures.report(Self.pingtan))
        let tables = HTMLTableScan.tables(in: html)
        try #require(tables.count == 3)
        let stub = Self.shape(tables[1]).dropFirst(3).map { Array($0.prefix(3)) }
        #expect(stub.count == 23)
        #expect(stub[20] == ["三、本年度办理结果", "（六）其他处理", "（六）其他处理"])
        #expect(!stub.contains { $0[1] == "（六）其他处理" && $0[2] != "（六）其他处理" })
        #expect(Array(Self.shape(tables[1]).prefix(3)) == Self.officialApplicationsHead)
        #expect(Array(Self.shape(tables[2]).prefix(3)) == Self.officialReviewHead)
        let active = Self.shape(tables[0])
        #expect(active.count == 2 * 5 + 8)
        #expect(active[0] == Self.repeated("第二十条第（一）项", 5))
        #expect(active[1] == ["信息内容", "本年新制作数量", "本年新公开数量", "本年新公开数量", "对外公开总数量"])
        #expect(active[3] == ["规范性文件", "#", "#", "#", "#"])
        #expect(active[4] == Self.repeated("第二十条第（五）项", 5))
        #expect(active[6] == ["行政许可", "#", "#", "#", "#"])
        #expect(active[7] == ["其他对外管理服务事项", "#", "#", "#", "#"])
        #expect(active[13] == ["信息内容", "上一年项目数量", "上一年项目数量", "本年增/减", "本年增/减"])
        #expect(active[16] == ["信息内容", "采购项目数量", "采购项目数量", "采购总金额", "采购总金额"])
        #expect(active[17] == ["政府集中采购", "#", "#", "#", "#"])
        // Every ruled column begins a cell somewhere (HTML's table model requires it).
        for column in 0..<5 { #expect(tables[0].slots.contains { $0[column]?.origin == true }, "column \(column)") }
    }

    @Test("a 2021 report that prints （六）其他处理 as one row gets that row, not the three items")
    func alternativeRow2021() throws {
        var report = try Fixtures.report(Self.seed)
        report.tables.alternativeRows.insert("otherHandling.total")
        for column in ["naturalPerson", "commercial", "research", "publicInterest", "legalService", "other", "total"] {
            report.tables.applications["otherHandling.total.\(column)"] = CellValue(number: column == "total" ? 3 : 0, raw: nil)
        }
        let tables = HTMLTableScan.tables(in: ReportHTML.document(report))
        let rows = Self.shape(tables[1]).dropFirst(3)
        #expect(rows.count == 23)
        let other = try #require(tables[1].slots.first { $0[1]?.text == "（六）其他处理" })
        #expect(other[2]?.text == "（六）其他处理")
        #expect(other[9]?.text == "3")
        #expect(!rows.contains { $0[2].hasPrefix("1.申请人无正当理由") })
    }

    @Test("every number read back by its labels is the report's, in every fixture", arguments: fixtures)
    func valuesUnderTheirLabels(_ fixture: String) throws {
        let report = try Fixtures.report(fixture)
        let tables = HTMLTableScan.tables(in: ReportHTML.document(report))
        try #require(tables.count == 3)
        var read: [TableID: [String: String]] = [:]
        for (id, grid) in zip(TableID.allCases, tables) {
            let spec = report.template.table(id)
            var values: [String: String] = [:]
            var blockHeader: [HTMLTableScan.Slot?] = []
            for (r, row) in grid.slots.enumerated() where r >= grid.headRows {
                if row.contains(where: { $0?.attributes["scope"] == "col" }) { blockHeader = row; continue }
                let rowLabels = row.compactMap { $0 }.filter { $0.tag == "th" && $0.attributes["scope"] == "row" }.map(\.text)
                for (c, slot) in row.enumerated() {
                    guard let slot, slot.tag == "td", slot.origin else { continue }
                    let stacked = id == .activeDisclosure
                        ? [blockHeader[c]?.text ?? ""] : (0..<grid.headRows).compactMap { grid.slots[$0][c]?.text }
                    let columnLabels = stacked.enumerated().filter { $0.offset == 0 || stacked[$0.offset - 1] != $0.element }.map(\.element)
                    let rowSpec: RowSpec?
                    let columnLabel = columnLabels.last ?? ""
                    switch id {
                    case .reviewLitigation:
                        rowSpec = spec.rows.first { $0.label == columnLabels[columnLabels.count - 2] }
                    case .applications, .activeDisclosure:
                        rowSpec = spec.rows.first { $0.label == rowLabels.last && ($0.group == nil || rowLabels.contains($0.group!)) }
                    }
                    let columnKey = try #require(rowSpec?.columns.first { $0.label == columnLabel }?.key, "\(rowLabels) \(columnLabels)")
                    values["\(rowSpec!.key).\(columnKey)"] = slot.text
                }
            }
            read[id] = values
        }
        for id in TableID.allCases {
            let keys = report.printedRows(id).flatMap(\.cellKeys)
            #expect(read[id]?.keys.sorted() == keys.sorted())
            for key in keys {
                #expect(read[id]?[key] == NumberText.asPrinted(report.tables[id][key] ?? .missing), "\(id).\(key)")
            }
        }
    }

    @Test("a standalone zh-CN page: title in h1, section titles in h2 as printed, text, signature date last", arguments: fixtures)
    func page(_ fixture: String) throws {
        let report = try Fixtures.report(fixture)
        let html = ReportHTML.document(report)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">"))
        let title = try #require(report.metadata.title)
        #expect(HTMLTableScan.matches("<h1>(.*?)</h1>", in: html).map { $0[1] } == [HTMLEscape.text(title)])
        #expect(HTMLTableScan.matches("<title>(.*?)</title>", in: html).map { $0[1] } == [HTMLEscape.text(title)])
        #expect(HTMLTableScan.matches("<h2>(.*?)</h2>", in: html).map { HTMLTableScan.unescape($0[1]) } == report.sections.map(\.title))
        func texts(_ pattern: String) -> [String] {
            HTMLTableScan.matches(pattern, in: html).map {
                HTMLTableScan.unescape($0[1].replacingOccurrences(of: "<strong>", with: "").replacingOccurrences(of: "</strong>", with: ""))
            }
        }
        #expect(texts("<(?:p|h3)>(.*?)</(?:p|h3)>") == report.sections.flatMap { $0.blocks.filter { $0.kind != .note }.map(\.text) })
        #expect(texts("<p class=\"note\">(.*?)</p>") == report.sections.flatMap { $0.blocks.filter { $0.kind == .note }.map(\.text) })
        #expect(texts("<p class=\"preamble\">(.*?)</p>") == report.preamble.map(\.text))
        #expect(texts("<p class=\"closing\">(.*?)</p>") == report.closing.map(\.text))
        for forbidden in ["<script", "src=", "href=", "url(", "@import", "<link", "<img"] { #expect(!html.contains(forbidden), "\(forbidden)") }
        #expect(html.contains("@page { size: A4"))
        if let published = report.metadata.publishedOn {
            let date = try #require(ReportHTML.chineseDate(published))
            let lastLine = try #require(HTMLTableScan.matches("<p[^>]*>(.*?)</p>", in: html).last?[1])
            #expect(ReportText.parseDate(lastLine, wholeLine: true) == published, "\(lastLine) for \(date)")
        } else {
            #expect(!html.contains("class=\"signature\""))
        }
    }

    @Test("the signature date is printed once: added where the report has none, not repeated where it has")
    func signature() throws {
        let pingtan = ReportHTML.document(try Fixtures.report(Self.pingtan))
        #expect(pingtan.contains("<p>无其他需要报告的事项</p>\n</section>\n<p class=\"signature\">2020年1月20日</p>\n</article>"))
        let seed = ReportHTML.document(try Fixtures.report(Self.seed))
        #expect(seed.components(separatedBy: "2025年1月24日").count == 2)
        #expect(seed.contains("</section>\n<p class=\"closing\">管头镇人民政府</p>\n<p class=\"closing\">2025年1月24日</p>\n</article>"))
        #expect(ReportHTML.chineseDate("2025-01-04") == "2025年1月4日")
    }

    @Test("an agency the title does not name is signed above the date, where the parser looks for it")
    func signedAgency() throws {
        var report = try Fixtures.report(Self.pingtan)
        report.metadata.title = "2019年政府信息公开工作年度报告"
        let html = ReportHTML.document(report)
        #expect(html.contains("<p class=\"signature\">平潭综合实验区</p>\n<p class=\"signature\">2020年1月20日</p>\n</article>"))
        #expect(ReportText.agencyAndYear(fromTitle: "2019年政府信息公开工作年度报告").agency == nil)
        let plain = ReportHTML.document(try Fixtures.report(Self.pingtan))
        #expect(!plain.contains("<p class=\"signature\">平潭综合实验区</p>"))
    }

    @Test("without a title the page is titled from agency and year, which read back from it")
    func titleFromMetadata() throws {
        var report = try Fixtures.report(Self.seed)
        report.metadata.title = nil
        let html = ReportHTML.document(report)
        #expect(html.contains("<h1>管头镇2024年政府信息公开工作年度报告</h1>"))
        let back = ReportText.agencyAndYear(fromTitle: "管头镇2024年政府信息公开工作年度报告")
        #expect(back.agency == "管头镇" && back.year == 2024)
    }

    @Test("text is escaped")
    func escaping() throws {
        var report = try Fixtures.report(Self.seed)
        report.sections[0].blocks[0].text = "a < b & c > d \"q\""
        let html = ReportHTML.document(report)
        #expect(html.contains("<p>a &lt; b &amp; c &gt; d \"q\"</p>"))
        #expect(HTMLEscape.attribute("\"&") == "&quot;&amp;")
    }

    @Test("--fragment's article is the page's article, without page or stylesheet")
    func fragment() throws {
        let report = try Fixtures.report(Self.seed)
        let article = ReportHTML.article(report)
        #expect(article.hasPrefix("<article class=\"nianbao-report\">\n<h1>"))
        #expect(article.hasSuffix("</article>\n"))
        #expect(!article.contains("<html") && !article.contains("<style"))
        #expect(ReportHTML.document(report).contains(article))
    }

    @Test("annotate marks exactly the cells of failed checks, each with the rule it breaks")
    func annotate() throws {
        var report = try Fixtures.report("text/002_9589ac1eaec416c0.txt")
        report.tables.applications["granted.naturalPerson"]?.number = 4
        report.checks = ConsistencyChecker.check(report)
        let failed = report.checks.filter { $0.status == .fail }
        try #require(!failed.isEmpty)
        let marked = Set(failed.flatMap(\.cells))
        let html = ReportHTML.document(report, annotate: true)
        let tables = HTMLTableScan.tables(in: html)
        var found: Set<CellKey> = []
        for (id, grid) in zip(TableID.allCases, tables) {
            let keys = TableGrid.layout(report.template.table(id), rows: report.printedRows(id)).valueKeys
            let slots = grid.slots.flatMap { $0 }.compactMap { $0 }.filter { $0.tag == "td" && $0.origin && $0.attributes["class"] != "corner" }
            try #require(slots.count == keys.count)
            for (key, slot) in zip(keys, slots) where slot.attributes["class"] == "check-failed" {
                let key = try #require(key)
                found.insert(key)
                let title = try #require(slot.attributes["title"])
                for check in failed where check.cells.contains(key) {
                    #expect(title.contains("勾稽不符：\(check.statement)：各项之和 \(NumberText.canonical(check.expected))，填报 \(NumberText.canonical(check.actual))"))
                }
            }
        }
        #expect(found == marked)
        #expect(found.contains(CellKey(.applications, row: "granted", column: "naturalPerson")))
        #expect(!ReportHTML.document(report).contains("check-failed\""))
    }
}
