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

/// Extracts a document from HTML text or bytes given in the test.
private func extract(_ html: String, charset: String? = nil) throws -> Document {
    try extract(Array(html.utf8), charset: charset)
}

private func extract(_ bytes: [UInt8], charset: String? = nil) throws -> Document {
    try HTMLExtractor().extract(bytes, charset: charset, source: SourceInfo(file: "test.html", format: "html", sha256: ""))
}

private func fixture(_ name: String) throws -> Document {
    try DocumentReader.read(Fixtures.path("html/" + name))
}

private func texts(_ document: Document) -> [String] {
    document.blocks.compactMap { block in
        switch block {
        case let .heading(_, text, _), let .paragraph(text, _): return text
        default: return nil
        }
    }
}

private func tables(_ document: Document) -> [Table] {
    document.blocks.compactMap { if case let .table(table) = $0 { return table } else { return nil } }
}

private func gbk(_ text: String) -> [UInt8] {
    Array(text.data(using: String.Encoding(rawValue: 0x8000_0632))!)
}

@Suite("HTML charset")
struct HTMLCharsetTests {
    let page = "<html><head>META</head><body><p>一、本年新收政府信息公开申请数量</p></body></html>"

    func decoded(_ bytes: [UInt8], declared: String? = nil) throws -> HTMLCharset.Decoded {
        try HTMLCharset.decode(bytes, declared: declared, path: "p.html")
    }

    @Test("<meta charset=gb2312> reads GBK bytes as GB18030")
    func metaGBK() throws {
        let d = try decoded(gbk(page.replacingOccurrences(of: "META", with: "<meta charset=gb2312>")))
        #expect(d.encoding == .gb18030 && d.evidence == .meta)
        #expect(d.text.contains("一、本年新收政府信息公开申请数量"))
    }

    @Test("the HTTP charset comes before the page's meta")
    func httpFirst() throws {
        let bytes = gbk(page.replacingOccurrences(of: "META", with: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"))
        let d = try decoded(bytes, declared: "GBK")
        #expect(d.encoding == .gb18030 && d.evidence == .http)
    }

    @Test("a mislabelled page is read in the encoding that reads it whole")
    func mislabelled() throws {
        let bytes = gbk(page.replacingOccurrences(of: "META", with: "<meta charset=\"utf-8\">"))
        let d = try decoded(bytes)
        #expect(d.encoding == .gb18030 && d.evidence == .sniffed)
        #expect(d.text.contains("政府信息公开"))
    }

    @Test("no declaration: valid UTF-8 is UTF-8, anything else GB18030")
    func sniffing() throws {
        let plain = page.replacingOccurrences(of: "META", with: "")
        #expect(try decoded(Array(plain.utf8)).encoding == .utf8)
        #expect(try decoded(gbk(plain)).encoding == .gb18030)
        #expect(try decoded([0xEF, 0xBB, 0xBF] + Array(plain.utf8)).evidence == .byteOrderMark)
    }

    @Test("Latin-1 labels are server defaults, not taken at their word")
    func latin1Ignored() throws {
        let d = try decoded(Array(page.replacingOccurrences(of: "META", with: "").utf8), declared: "ISO-8859-1")
        #expect(d.encoding == .utf8 && d.evidence == .sniffed)
    }

    @Test("bytes no encoding reads whole are an error naming the offset, never a cut-short page")
    func undecodable() throws {
        let bytes = Array("<p>规章 ".utf8) + [0xFF, 0xFF, 0x80] + Array(" 3</p>".utf8)
        #expect(throws: NianbaoError.invalidEncoding(
            path: "p.html", detail: "the HTTP Content-Type says utf-8, but the byte at offset 10 (0xFF) is not valid UTF-8; no other encoding reads it whole either")
        ) {
            try HTMLCharset.decode(bytes, declared: "utf-8", path: "p.html")
        }
        #expect(throws: NianbaoError.self) { try extract(bytes) }
    }

    @Test("Content-Type charset parameters")
    func contentType() {
        #expect(HTMLCharset.charset(fromContentType: "text/html; charset=\"GB2312\"") == "GB2312")
        #expect(HTMLCharset.charset(fromContentType: "text/html;charset=utf-8") == "utf-8")
        #expect(HTMLCharset.charset(fromContentType: "text/html") == nil)
    }
}

@Suite("HTML blocks and tables")
struct HTMLBlockTests {
    @Test("rowspan and colspan are kept; a spanning cell appears in its first row only")
    func spans() throws {
        let table = tables(try fixture("qingshan_district_2023_trs.html"))[1]
        func shape(_ row: Int) -> [String] {
            table.rows[row].map { "\($0.text)|\($0.rowSpan)x\($0.colSpan)" }
        }
        #expect(shape(0) == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|3x3", "申请人情况|1x7"])
        #expect(shape(1) == ["自然人|2x1", "法人或其他组织|1x5", "总计|2x1"])
        #expect(shape(2) == ["商业\n企业|1x1", "科研\n机构|1x1", "社会公益组织|1x1", "法律服务机构|1x1", "其他|1x1"])
        #expect(shape(5).prefix(2) == ["三、本年度办理结果|22x1", "（一）予以公开|1x2"])
        #expect(shape(7).first == "（三）不予公开|8x1")
        #expect(table.rows[8].count == 8)
        #expect(table.rows.count == 28)
        #expect(table.location.line == 97)
        #expect(table.rows[3].map { $0.location.line } == Array(repeating: 111, count: 8))
    }

    @Test("Word HTML: <o:p>, &nbsp;, split spans and list markers join into the text a reader sees")
    func wordMarkup() throws {
        let document = try fixture("jiangning_county_2022_word_gbk.html")
        let t = texts(document)
        #expect(t.contains("（一） 主动公开情况"))
        #expect(t.contains("全年通过政府门户网站主动公开政府信息2467条，发布政策解读31篇。"))
        #expect(!t.contains { $0.contains("<![") || $0.contains("\u{A0}") })
        let applications = tables(document)[1]
        #expect(applications.rows[0][0].text == "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）")
        // "三、本年度办理结果" split over two spans with a line break between them in the source.
        #expect(applications.rows[5][0].text == "三、本年度办理结果")
        #expect(applications.rows[23][1].text == "1.申请人无正当理由逾期不补正、\n行政机关不再处理其政府信息公开申请")
        // Numbers Word split over two runs ("1" "276") are one number again.
        #expect(applications.rows[3].map(\.text).suffix(7) == ["1276", "89", "125", "99", "114", "96", "1799"])
    }

    @Test("white space: collapsed, a line break between Chinese characters dropped, <br> ends a line")
    func whiteSpace() throws {
        let document = try extract("<html><body>\n<p>本年新收\n  政府信息公开申请</p>\n<p>abc\ndef&nbsp;&nbsp;ghi</p>\n<p>第一行<br>\n第二行<br>\n第三行</p>\n<p>甲<br>乙</p></body></html>")
        #expect(document.blocks == [
            .paragraph(text: "本年新收政府信息公开申请", location: SourceLocation(line: 2)),
            .paragraph(text: "abc def ghi", location: SourceLocation(line: 4)),
            .paragraph(text: "第一行\n第二行\n第三行", location: SourceLocation(line: 6)),
            .paragraph(text: "甲", location: SourceLocation(line: 9)),
            .paragraph(text: "乙", location: SourceLocation(line: 9)),
        ])
    }

    @Test("scripts, styles and hidden elements are not text; headings are headings")
    func hiddenAndHeadings() throws {
        let document = try extract("""
            <html><body><h2>一、总体情况</h2><script>var x = "规章 5";</script><style>p{}</style>
            <div style="display: none">隐藏 99</div><p hidden>也隐藏</p><p>正文<span style="mso-hide:all">删</span></p></body></html>
            """)
        #expect(document.blocks == [
            .heading(level: 2, text: "一、总体情况", location: SourceLocation(line: 1)),
            .paragraph(text: "正文", location: SourceLocation(line: 2)),
        ])
    }

    @Test("a table that wraps another is layout: its cells are read as content, the inner table as a table")
    func nestedTables() throws {
        let document = try fixture("linchuan_office_2019_ucap.html")
        let all = tables(document)
        #expect(all.count == 3)
        let review = all[2]
        #expect(review.rows.count == 4)
        #expect(review.rows[3].map(\.text) == ["3", "4", "8", "3", "18", "4", "11", "4", "11", "30", "6", "11", "10", "11", "38"])
    }

    @Test("the <br> inside a <p> splits lines; lines on one source line are paragraphs of their own")
    func brLines() throws {
        let t = texts(try fixture("linchuan_office_2019_ucap.html"))
        let i = try #require(t.firstIndex(of: "一、总体情况"))
        #expect(t[i + 1].hasPrefix("2019年，区政府办公室认真贯彻落实新修订的《条例》"))
        #expect(t[i + 2] == "（一）主动公开情况。全年主动公开政府信息1835条，其中政策文件118件。")
    }
}

@Suite("HTML main content and metadata")
struct HTMLContentTests {
    let boilerplate = ["当前位置", "您当前的位置", "主办", "版权所有", "分享到", "打印本页", "政府信息公开指南", "信息公开指南", "网站首页", "加入收藏", "索引号"]

    @Test("a CMS page keeps the article only, title first", arguments: [
        "qingshan_district_2023_trs.html", "jiangning_county_2022_word_gbk.html", "linchuan_office_2019_ucap.html",
    ])
    func mainContent(_ name: String) throws {
        let document = try fixture(name)
        let t = texts(document)
        for word in boilerplate {
            #expect(!t.contains { $0.contains(word) }, "\(word)")
        }
        guard case let .heading(1, title, _) = document.blocks.first else {
            Issue.record("the first block is not the title")
            return
        }
        #expect(title == document.metadata.title)
        #expect(title.hasSuffix("政府信息公开工作年度报告"))
        #expect(tables(document).count == 3)
    }

    @Test("meta ArticleTitle, PubDate, ContentSource and Url fill the metadata")
    func metaTags() throws {
        let document = try fixture("qingshan_district_2023_trs.html")
        #expect(document.metadata == DocumentMetadata(
            title: "青山区人民政府2023年政府信息公开工作年度报告", published: "2024-01-26 16:40",
            sourceURL: "http://www.qingshan.gov.cn/art/2024/1/26/art_1229_4581.html", publisher: "青山区人民政府办公室"))
        #expect(document.blocks.first == .heading(level: 1, text: "青山区人民政府2023年政府信息公开工作年度报告", location: SourceLocation(line: 10)))
    }

    @Test("without meta tags: the <title> part that names the report, the info bar's date and source")
    func infoBar() throws {
        let document = try fixture("jiangning_county_2022_word_gbk.html")
        #expect(document.metadata == DocumentMetadata(
            title: "江宁县2022年政府信息公开工作年度报告", published: "2023-01-20", sourceURL: nil, publisher: "县政府办公室"))
    }
}
