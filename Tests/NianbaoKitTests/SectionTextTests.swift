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

/// The text of the sections: wrapped lines joined back into paragraphs, the signature kept apart.
@Suite("Section text")
struct SectionTextTests {
    static let text = """
        某县教育局2024年政府信息公开工作年度报告

        一、总体情况
        本年度，我局认真贯彻落实《条例》，扎实推进政务公开
        工作，取得明显成效。

        六、其他需要报告的事项
        本年度未收取信息处理费。
        某县教育局
        2025年1月5日

        """

    static func report() throws -> AnnualReport {
        try ReportParser().parse(TextExtractor().extract(text, source: SourceInfo(file: "sig.txt", format: "txt", sha256: "")))
    }

    @Test("a wrapped line is joined; the signing body and the date below it are two paragraphs of the closing")
    func signatureApart() throws {
        let report = try Self.report()
        #expect(report.sections.map(\.number) == [1, 6])
        #expect(report.sections[0].blocks.map(\.text) == ["本年度，我局认真贯彻落实《条例》，扎实推进政务公开工作，取得明显成效。"])
        #expect(report.sections[1].blocks.map(\.text) == ["本年度未收取信息处理费。"])
        #expect(report.closing.map(\.text) == ["某县教育局", "2025年1月5日"])
        #expect(report.metadata.publishedOn == "2025-01-05")
        // So the HTML page prints the date once, as the report did.
        #expect(ReportHTML.signatureLines(report) == [])
    }

    static func parse(_ text: String) throws -> AnnualReport {
        try ReportParser().parse(TextExtractor().extract(text, source: SourceInfo(file: "t.txt", format: "txt", sha256: "")))
    }

    @Test("the preamble between the title and 一 is kept, the title once; the 附件 lines close the report")
    func preambleAndClosing() throws {
        let report = try Self.parse("""
            某县教育局2024年政府信息公开工作年度报告
            本报告由某县教育局编制。统计期限自2024年1月1日起至2024年12月31日止。
            如对本报告有疑问，请与某县教育局办公室联系（电话：0000-1234567）。

            一、总体情况
            本年度，我局认真贯彻落实《条例》。

            六、其他需要报告的事项
            无。
            某县教育局
            2025年1月5日
            附件：某县教育局政务公开联系人名单
            附件2：信息公开指南
            【打印本页】【关闭窗口】
            为获得更好的浏览效果，建议使用IE9以上版本浏览器。

            """)
        #expect(report.preamble.map(\.text) == [
            "本报告由某县教育局编制。统计期限自2024年1月1日起至2024年12月31日止。",
            "如对本报告有疑问，请与某县教育局办公室联系（电话：0000-1234567）。",
        ])
        #expect(report.sections.last?.blocks.map(\.text) == ["无。"])
        #expect(report.closing.map(\.text) == ["某县教育局", "2025年1月5日", "附件：某县教育局政务公开联系人名单", "附件2：信息公开指南"])
        let html = ReportHTML.article(report)
        #expect(html.contains("<h1>某县教育局2024年政府信息公开工作年度报告</h1>\n<p class=\"preamble\">本报告由"))
        #expect(html.contains("<p class=\"closing\">2025年1月5日</p>\n<p class=\"closing\">附件："))
    }

    @Test("a title run into the preamble is printed once; an info bar left in a page is furniture")
    func runInTitle() throws {
        let report = try Self.parse("""
            某镇人民政府2023年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》要求，现公布本镇2023年政府信息公开工作年度报告。
            发布日期：2024-01-20  来源：某镇人民政府  浏览次数：120

            一、总体情况
            本年度，本镇认真贯彻落实《条例》。

            """)
        #expect(report.metadata.title == "某镇人民政府2023年政府信息公开工作年度报告")
        #expect(report.preamble.map(\.text) == ["根据《中华人民共和国政府信息公开条例》要求，现公布本镇2023年政府信息公开工作年度报告。"])
    }

    @Test("a page's menu and breadcrumb before its title are not preamble; a wrapped line quoting a title is")
    func menuBeforeTitle() throws {
        let report = try Self.parse("""
            信息公开年报
            依申请公开
            您当前的位置：首页>>信息公开>>信息公开年报
            某区2022年政府信息公开工作年度报告
            发布时间：2023-01-20 信息来源：区政府办公室 点击数：356
            本报告根据《国务院办公厅关于印发〈中华人民共和国政府信息公开工作年度报
            告格式〉的通知》编制。

            一、总体情况
            本年度，我区认真贯彻落实《条例》。

            """)
        #expect(report.preamble.map(\.text) == ["本报告根据《国务院办公厅关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》编制。"])
    }

    @Test("a paragraph cut mid-word by a blank line goes on after it; a short line without a full stop does not")
    func cutByBlankLine() throws {
        let report = try Self.parse("""
            某乡2024年政府信息公开工作年度报告

            一、总体情况
            （三）政府信息管理：严格落实信息发布审批制度，及时公开年度预算决算等信息。及时公开本乡

            政策文件和相关信息。
            工作要点

            全年共召开专题会议4次。

            """)
        #expect(report.sections.first?.blocks.map(\.text) == [
            "（三）政府信息管理：严格落实信息发布审批制度，及时公开年度预算决算等信息。及时公开本乡政策文件和相关信息。",
            "工作要点",
            "全年共召开专题会议4次。",
        ])
    }

    @Test("a note under a table is a note, printed after the table; without a table a 注 line is a paragraph")
    func noteUnderTable() throws {
        let report = try Fixtures.report("pdf/synthetic_2021_runin_libreoffice.pdf")
        let two = try #require(report.sections.first { $0.number == 2 })
        #expect(two.blocks == [SectionBlock(kind: .note, text: "注：本表行政许可、行政处罚、行政强制数据由相关职能部门提供，统计口径为本机关作出的处理决定。")])
        let html = ReportHTML.article(report)
        #expect(html.contains("</table>\n<p class=\"note\">注：本表行政许可"))
        let plain = try Self.parse("某县2024年政府信息公开工作年度报告\n\n一、总体情况\n注：本节数据截至2024年12月31日。\n")
        #expect(plain.sections.first?.blocks.map(\.kind) == [.paragraph])
    }

    @Test("PDF paragraphs as written: a bold run-in heading stays in its paragraph, a line ending with 。 at the right edge continues")
    func runInHeadings() throws {
        let report = try Fixtures.report("pdf/synthetic_2021_runin_libreoffice.pdf")
        let one = try #require(report.sections.first { $0.number == 1 })
        #expect(one.blocks.map(\.kind) == Array(repeating: .paragraph, count: 6))
        #expect(one.blocks.map { String($0.text.prefix(6)) } == ["2024年，", "（一）主动公", "（二）依申请", "（三）政府信", "（四）政府信", "（五）监督保"])
        // The line "…信函申请和当面申请渠道。" ends at the right edge: the paragraph goes on.
        #expect(one.blocks[2].text.contains("当面申请渠道。2024年共新收政府信息公开申请15158件"))
        #expect(one.blocks.allSatisfy { $0.text.hasSuffix("。") })
        let html = ReportHTML.article(report)
        #expect(html.contains("<p><strong>（一）主动公开情况。</strong>2024年，加粗镇人民政府通过政府门户网站主动公开各类政府信息5521条，"))
        // A heading alone on its line stays a heading.
        let five = try #require(report.sections.first { $0.number == 5 })
        #expect(five.blocks.map(\.kind) == [.paragraph, .heading, .paragraph])
        #expect(five.blocks[1].text == "（一）下一步工作安排")
        #expect(report.preamble.count == 1)
        #expect(report.closing.map(\.text) == ["加粗镇人民政府", "2025年1月20日", "附件：加粗镇政务公开工作联系人名单"])
    }

    @Test("run-in headings: numbered, short, ending with 。 or ：, with text after it")
    func runInHeadingRule() {
        #expect(ReportHTML.runInHeading("（一）主动公开情况。2024年，共公开信息5500余条。") == "（一）主动公开情况。")
        #expect(ReportHTML.runInHeading("二、依申请公开：全年受理申请21件。") == "二、依申请公开：")
        #expect(ReportHTML.runInHeading("（一）主动公开情况。") == nil)
        #expect(ReportHTML.runInHeading("一是加强组织领导。成立工作专班。") == nil)
        #expect(ReportHTML.runInHeading("（三）按照要求，全面梳理政府信息公开事项清单并及时更新。") == nil)
        #expect(ReportHTML.block(SectionBlock(kind: .paragraph, text: "（二）平台建设<新>。全年改版1次。"))
            == "<p><strong>（二）平台建设&lt;新&gt;。</strong>全年改版1次。</p>\n")
    }

    @Test("hard-wrapped text: a line at the wrap width continues whatever it ends with; no space between Chinese, one between Latin words")
    func hardWrapped() throws {
        let report = try Self.parse("""
            某区2024年政府信息公开工作年度报告

            一、总体情况
            本年度，我区认真贯彻落实《条例》，全年主动公开信息1200条。
            网站改版上线，新增政策解读栏目，访问量同比增长百分之二十，
            群众满意度持续提升，新建的数据平台名为Open Government Data
            Portal上线运行，共开放数据集80个，惠及企业和群众。
            （一）主动公开情况。全年主动公开政府文件36件。

            六、其他需要报告的事项
            本年度未收取信息处理费。
            某区人民政府
            2025年1月10日

            """)
        #expect(report.sections.first?.blocks.map(\.text) == [
            "本年度，我区认真贯彻落实《条例》，全年主动公开信息1200条。网站改版上线，新增政策解读栏目，访问量同比增长百分之二十，群众满意度持续提升，新建的数据平台名为Open Government Data Portal上线运行，共开放数据集80个，惠及企业和群众。",
            "（一）主动公开情况。全年主动公开政府文件36件。",
        ])
        #expect(report.closing.map(\.text) == ["某区人民政府", "2025年1月10日"])
    }
}
