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

@Suite("Text extractor")
struct TextExtractorTests {
    let source = SourceInfo(file: "t.txt", format: "txt", sha256: "")

    func tables(_ text: String) -> [Table] {
        TextExtractor().extract(text, source: source).blocks.compactMap { if case let .table(t) = $0 { return t } else { return nil } }
    }

    @Test("one cell per line: rows split by blank lines, wrapped cells joined")
    func cellPerLine() {
        let text = "标题\n\t\n\t自然人\n\t商业\n企业\n\t其他\n\n\t一、本年新收\n\t1\n\t2\n\n\n三、收到\n"
        let t = tables(text)
        #expect(t.count == 1)
        #expect(t.first?.rows.map { $0.map(\.text) } == [["", "自然人", "商业\n企业", "其他"], ["一、本年新收", "1", "2"]])
        #expect(t.first?.rows[1][1].location == SourceLocation(line: 9))
    }

    @Test("a wrapped cell survives a blank line inside it")
    func wrappedAcrossBlank() {
        let t = tables("\t结果维持\n\t结果\n\n纠正\n\t其他\n\n结果\n")
        #expect(t.first?.rows.map { $0.map(\.text) } == [["结果维持", "结果\n纠正", "其他\n结果"]])
    }

    @Test("markdown pipe tables: separators skipped, bold removed, empty cells kept")
    func pipes() {
        let t = tables("| 信息内容 | **本年** |\n|---|:--:|\n| 规章 |  |\n")
        #expect(t.first?.rows.map { $0.map(\.text) } == [["信息内容", "本年"], ["规章", ""]])
    }

    @Test("tab grids keep empty cells; a row of dashes is a separator")
    func grid() {
        let t = tables("a\t\t1\n0\t0\n---\t---\n")
        #expect(t.first?.rows.map { $0.map(\.text) } == [["a", "", "1"], ["0", "0"]])
    }

    @Test("headings, page numbers and page breaks")
    func structure() {
        let doc = TextExtractor().extract("## 一、总体情况\n正文\n- 2 -\n\u{0C}第二页\n", source: source)
        #expect(doc.blocks == [
            .heading(level: 2, text: "一、总体情况", location: SourceLocation(line: 1)),
            .paragraph(text: "正文", location: SourceLocation(line: 2)),
            .furniture(text: "- 2 -", location: SourceLocation(line: 3)),
            .pageBreak(page: 2),
            .paragraph(text: "第二页", location: SourceLocation(page: 2, line: 4)),
        ])
    }

    @Test("a crawler header becomes metadata")
    func crawlerHeader() {
        let doc = TextExtractor().extract("标题: 某报告\n发布时间: 2020-01-20 15:22\n==== 正文 ====\n正文\n", source: source)
        #expect(doc.metadata.title == "某报告")
        #expect(doc.metadata.published == "2020-01-20 15:22")
        #expect(doc.blocks == [.paragraph(text: "正文", location: SourceLocation(line: 4))])
    }

    @Test("UTF-8 with and without BOM, and GB18030")
    func decoding() throws {
        let text = "政府信息公开工作年度报告"
        #expect(TextDecoding.decode(Array(text.utf8))?.text == text)
        #expect(TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(text.utf8))?.text == text)
        let gbk = try #require(text.data(using: TextDecoding.gb18030))
        #expect(TextDecoding.decode(Array(gbk))?.text == text)
        #expect(TextDecoding.decode(Array(gbk))?.encoding == .gb18030)
    }

    @Test("a GBK copy of a seed converts to the same cells as the UTF-8 original")
    func gbkFixture() throws {
        let path = Fixtures.path("text/000_9047ba7201a8dd9c.txt")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let gbk = try #require(text.data(using: TextDecoding.gb18030))
        let fromGBK = try ReportParser().parse(DocumentReader.read(bytes: Array(gbk), path: "gbk.txt"))
        let fromUTF8 = try ReportReader.report(path)
        #expect(fromGBK.tables == fromUTF8.tables)
        #expect(fromGBK.metadata.agency == "修武县城关镇人民政府")
    }
}

@Suite("SHA-256")
struct SHA256Tests {
    @Test("known digests")
    func vectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(repeating: UInt8(ascii: "a"), count: 1_000)
        #expect(SHA256.hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
