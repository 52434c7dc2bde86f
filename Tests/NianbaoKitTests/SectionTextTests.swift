import Foundation
import Testing
@testable import NianbaoKit

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

    @Test("a wrapped line is joined; the signing body and the date below it are two paragraphs")
    func signatureApart() throws {
        let report = try Self.report()
        #expect(report.sections.map(\.number) == [1, 6])
        #expect(report.sections[0].blocks.map(\.text) == ["本年度，我局认真贯彻落实《条例》，扎实推进政务公开工作，取得明显成效。"])
        #expect(report.sections[1].blocks.map(\.text) == ["本年度未收取信息处理费。", "某县教育局", "2025年1月5日"])
        #expect(report.metadata.publishedOn == "2025-01-05")
        // So the HTML page prints the date once, as the report did.
        #expect(ReportHTML.signatureLines(report) == [])
    }
}
