import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// A value that vanished from a row must never let the others slide into the wrong columns.
@Suite("Rows with a value missing")
struct MissingValueTests {
    func parse(_ text: String) throws -> AnnualReport {
        try ReportParser().parse(TextExtractor().extract(text, source: SourceInfo(file: "t.txt", format: "txt", sha256: "")))
    }

    let title = "测试县人民政府2024年政府信息公开工作年度报告\n"

    @Test("six values and a trailing tab: null, not shifted")
    func trailingPadding() throws {
        let r = try parse(title + "三、收到和处理政府信息公开申请情况\n（一）予以公开\t1\t2\t4\t5\t0\t15\t\n")
        for column in ["naturalPerson", "commercial", "research", "publicInterest", "legalService", "other", "total"] {
            #expect(r.tables.applications["granted.\(column)"]?.number == nil, "\(column)")
        }
        #expect(r.diagnostics.contains { $0.key == "tables.applications.granted" && $0.code == .rowValueCount })
    }

    @Test("a blank cell between label and values does not stand in for a missing value")
    func leadingPadding() throws {
        let r = try parse(title + "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t\t1\t2\t4\t5\t6\t21\n")
        #expect(r.tables.applications["newReceived.commercial"]?.number == nil)
        #expect(r.tables.applications["newReceived.research"]?.number == nil)
    }

    @Test("table 4 with fourteen values and a trailing tab is left null")
    func reviewRow() throws {
        let r = try parse(title + "四、政府信息公开行政复议、行政诉讼情况\n1\t2\t0\t0\t3\t0\t0\t0\t1\t0\t0\t0\t0\t0\t\n")
        #expect(r.tables.reviewLitigation["litigationDirect.other"]?.number == nil)
        #expect(r.tables.reviewLitigation["review.upheld"]?.number == nil)
        #expect(r.diagnostics.contains { $0.key == "tables.reviewLitigation.review" })
    }

    @Test("a blank 总计 is kept as blank when the column sums confirm the other numbers")
    func confirmedBlankTotal() throws {
        let rows = [
            "一、本年新收政府信息公开申请数量\t3\t1\t0\t0\t0\t0\t4",
            "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1",
            "（七）总计\t3\t1\t0\t0\t0\t0\t4",
            "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t",
        ]
        let r = try parse(title + "三、收到和处理政府信息公开申请情况\n" + rows.joined(separator: "\n") + "\n")
        #expect(r.tables.applications["carriedForward.naturalPerson"]?.number == 1)
        #expect(r.tables.applications["carriedForward.commercial"]?.number == 0)
        #expect(r.tables.applications["carriedForward.total"]?.number == nil)
    }
}
