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

/// What `--annotate` adds to the value cells besides the failed rules: the null cells marked with
/// their reason, and every value cell's key; and that the clean page gets none of it.
@Suite("HTML output: null cells and keys when annotated")
struct CellAnnotationTests {
    /// The value cells of the page's three tables with the keys the layout puts there, in order.
    static func valueCells(_ html: String, _ report: AnnualReport) throws -> [(key: CellKey?, slot: HTMLTableScan.Slot)] {
        var cells: [(CellKey?, HTMLTableScan.Slot)] = []
        for (id, grid) in zip(TableID.allCases, HTMLTableScan.tables(in: html)) {
            let keys = TableGrid.layout(report.template.table(id), rows: report.printedRows(id)).valueKeys
            let slots = grid.slots.flatMap { $0 }.compactMap { $0 }.filter { $0.tag == "td" && $0.origin && $0.attributes["class"] != "corner" }
            try #require(slots.count == keys.count)
            cells += zip(keys, slots).map { ($0, $1) }
        }
        return cells
    }

    @Test("a PDF with blank cells: each null cell has the class null and its row's blank-cells diagnostic as title; no cell with a value has it")
    func blankCells() throws {
        let report = try ReportReader.report(Fixtures.path("pdf/synthetic_2021_blanks_libreoffice.pdf"))
        let cells = try Self.valueCells(ReportHTML.document(report, annotate: true), report)
        var nulls = 0
        for (key, slot) in cells {
            let key = try #require(key)
            #expect(slot.attributes["data-key"] == key.dotted)
            let classes = Set((slot.attributes["class"] ?? "").split(separator: " ").map(String.init))
            guard report[cell: key].number == nil else {
                #expect(!classes.contains("null"), "\(key)")
                continue
            }
            nulls += 1
            #expect(classes.contains("null"), "\(key)")
            let reasons = report.diagnostics.filter { $0.key == key.rowKey.dotted || $0.key == key.dotted }.map(\.message)
            try #require(!reasons.isEmpty, "\(key): no diagnostic says why")
            #expect(slot.attributes["title"] == "空值：" + reasons.joined(separator: "；"), "\(key)")
        }
        let truthNulls = try Self.truthNulls("pdf/synthetic_2021_blanks_libreoffice.pdf")
        #expect(nulls == truthNulls && nulls == 30, "the fixture's truth has 30 null cells")
        #expect(cells.contains { $0.slot.attributes["title"] == "空值：二、上年结转政府信息公开申请数量: 1 blank or dashed cell read as null" })
    }

    static func truthNulls(_ relative: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(relative + ".truth.json")))
        let truth = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cells = try #require(truth["cells"] as? [String: Any])
        return cells.values.filter { $0 is NSNull }.count
    }

    @Test("a value removed with no diagnostic is marked null with the default reason; a failed cell with a value is marked check-failed only")
    func inventedNull() throws {
        var report = try ReportReader.report(Fixtures.path("text/002_9589ac1eaec416c0.txt"))
        let key = CellKey(.applications, row: "granted", column: "commercial")
        report.tables.applications["granted.commercial"]?.number = nil
        let failing = CellKey(.applications, row: "granted", column: "naturalPerson")
        report.tables.applications["granted.naturalPerson"]?.number = 9
        report.checks = ConsistencyChecker.check(report)
        let cells = try Self.valueCells(ReportHTML.document(report, annotate: true), report)
        let slot = try #require(cells.first { $0.key == key }?.slot)
        #expect(slot.attributes["class"] == "null")
        #expect(slot.attributes["title"] == "空值：报告中未读到此格的数值")
        #expect(cells.filter { $0.slot.attributes["class"]?.contains("null") == true }.count == 1, "only the removed value")
        let failed = try #require(cells.first { $0.key == failing }?.slot)
        #expect(failed.attributes["class"] == "check-failed")
        #expect(failed.attributes["data-key"] == "tables.applications.granted.naturalPerson")
    }

    @Test("without --annotate the page has no data-key, no null class and no title: the clean page is unchanged")
    func cleanPage() throws {
        for relative in ["pdf/synthetic_2021_blanks_libreoffice.pdf", "text/002_9589ac1eaec416c0.txt"] {
            let report = try ReportReader.report(Fixtures.path(relative))
            let html = ReportHTML.document(report)
            #expect(!html.contains("data-key=") && !html.contains("class=\"null") && !html.contains(" title=\""), "\(relative)")
            #expect(ReportHTML.document(report, annotate: true).contains("data-key=\"tables.applications.newReceived.total\""), "\(relative)")
        }
    }
}
