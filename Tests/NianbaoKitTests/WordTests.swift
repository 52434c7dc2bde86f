import Foundation
import Testing
import ZIPFoundation
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// Small DOCX packages built in memory for the extractor's tests.
enum WordPackage {
    static let namespaces = """
        xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml"
        """

    /// A package whose body is `body` (WordprocessingML), with optional numbering, styles and core parts.
    static func docx(body: String, numbering: String? = nil, styles: String? = nil, core: String? = nil) throws -> [UInt8] {
        var parts = ["word/document.xml": "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \(namespaces)><w:body>\(body)</w:body></w:document>"]
        if let numbering { parts["word/numbering.xml"] = "<w:numbering \(namespaces)>\(numbering)</w:numbering>" }
        if let styles { parts["word/styles.xml"] = "<w:styles \(namespaces)>\(styles)</w:styles>" }
        if let core {
            parts["docProps/core.xml"] = """
                <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
                xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">\(core)</cp:coreProperties>
                """
        }
        return try zip(parts.mapValues { Data($0.utf8) })
    }

    static func zip(_ parts: [String: Data]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, data) in parts.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return Array(archive.data ?? Data())
    }

    static func document(_ bytes: [UInt8], name: String = "test.docx") throws -> Document {
        try DocumentReader.read(bytes: bytes, path: name)
    }

    /// The texts of the document's headings and paragraphs, in order.
    static func texts(_ document: Document) -> [String] {
        document.blocks.compactMap { block in
            switch block {
            case let .heading(_, text, _), let .paragraph(text, _): return text
            default: return nil
            }
        }
    }

    static func p(_ text: String, _ properties: String = "") -> String {
        "<w:p><w:pPr>\(properties)</w:pPr><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
    }

    static func numbered(_ text: String, num: Int, level: Int = 0) -> String {
        p(text, "<w:numPr><w:ilvl w:val=\"\(level)\"/><w:numId w:val=\"\(num)\"/></w:numPr>")
    }
}

@Suite("Word documents")
struct WordTests {
    @Test("number formats of automatic numbering")
    func numberFormats() {
        let cases: [(Int, String, String)] = [
            (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"), (20, "chineseCounting", "二十"),
            (105, "chineseCounting", "一百〇五"), (105, "chineseCountingThousand", "一百零五"), (110, "chineseCountingThousand", "一百一十"), (3, "ideographTraditional", "丙"),
            (11, "ideographTraditional", "甲"), (3, "decimalEnclosedCircle", "③"), (20, "decimalEnclosedCircleChinese", "⑳"),
            (21, "decimalEnclosedCircle", "21"), (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (12, "decimalFullWidth", "１２"),
            (12, "chineseLegalSimplified", "壹拾贰"), (7, "decimal", "7"), (7, "decimalZero", "07"), (7, "somethingNew", "7"),
        ]
        for (value, format, expected) in cases {
            #expect(DOCXNumberFormat.format(value, as: format) == expected, "\(value) \(format)")
        }
    }

    static let numbering = """
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="1">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/><w:lvlText w:val="%1."/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="2">
          <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
        <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>
        """

    @Test("automatic numbers are put before their paragraphs, counted through the document")
    func automaticNumbering() throws {
        let body = [
            WordPackage.numbered("总体情况", num: 1), WordPackage.numbered("主动公开", num: 1, level: 1),
            WordPackage.numbered("依申请公开", num: 1, level: 1), WordPackage.numbered("主动公开政府信息情况", num: 1),
            WordPackage.numbered("重新计数", num: 1, level: 1),
            WordPackage.numbered("甲项", num: 2), WordPackage.numbered("乙项", num: 2),
            // numId 3 restarts list 1 (startOverride); numId 4 shares the abstract list of numId 2 and continues it.
            WordPackage.numbered("重启", num: 3), WordPackage.numbered("继续", num: 4),
            WordPackage.numbered("无编号", num: 0), WordPackage.numbered("项目符号", num: 5), WordPackage.numbered("未定义", num: 9),
        ].joined()
        let document = try WordPackage.document(WordPackage.docx(body: body, numbering: Self.numbering))
        #expect(WordPackage.texts(document) == [
            "一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况", "（一）重新计数",
            "1.甲项", "2.乙项", "1.重启", "3.继续", "无编号", "项目符号", "未定义",
        ])
    }

    @Test("a number's tab suffix is a space, and a style's numbering counts too")
    func numberSuffixAndStyle() throws {
        let numbering = """
            <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>
            <w:num w:numId="7"><w:abstractNumId w:val="0"/></w:num>
            """
        let styles = """
            <w:style w:type="paragraph" w:styleId="a1"><w:name w:val="标题 2"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
            """
        let body = WordPackage.p("无法提供", "<w:pStyle w:val=\"a1\"/>") + WordPackage.p("不予处理", "<w:pStyle w:val=\"a1\"/>")
        let document = try WordPackage.document(WordPackage.docx(body: body, numbering: numbering, styles: styles))
        #expect(document.blocks.map(\.kindAndText) == ["heading2:（四） 无法提供", "heading2:（五） 不予处理"])
    }

    @Test("headings by style name (Heading n, 标题 n, Title) or outline level; other styles are paragraphs")
    func headings() throws {
        let styles = """
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="3"><w:name w:val="标题 3"/></w:style>
            <w:style w:type="paragraph" w:styleId="T"><w:name w:val="Title"/></w:style>
            <w:style w:type="paragraph" w:styleId="B"><w:name w:val="Body Text"/></w:style>
            <w:style w:type="paragraph" w:styleId="H"><w:name w:val="我的标题"/><w:basedOn w:val="3"/></w:style>
            """
        let body = [
            WordPackage.p("年度报告", "<w:pStyle w:val=\"T\"/>"), WordPackage.p("一、总体情况", "<w:pStyle w:val=\"1\"/>"),
            WordPackage.p("（一）主动公开", "<w:pStyle w:val=\"3\"/>"), WordPackage.p("正文", "<w:pStyle w:val=\"B\"/>"),
            WordPackage.p("继承", "<w:pStyle w:val=\"H\"/>"), WordPackage.p("大纲", "<w:outlineLvl w:val=\"1\"/>"),
            WordPackage.p("无样式"),
        ].joined()
        let document = try WordPackage.document(WordPackage.docx(body: body, styles: styles))
        #expect(document.blocks.map(\.kindAndText) == [
            "heading1:年度报告", "heading1:一、总体情况", "heading3:（一）主动公开", "paragraph:正文", "heading3:继承", "heading2:大纲", "paragraph:无样式",
        ])
    }

    @Test("runs, breaks, tabs, soft hyphens, symbols; fields show their result; deletions and hidden text left out")
    func inlineContent() throws {
        let body = """
            <w:p><w:r><w:t>本年新收</w:t></w:r><w:r><w:t xml:space="preserve">申请 </w:t><w:tab/><w:t>12件</w:t></w:r></w:p>
            <w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t></w:r></w:p>
            <w:p><w:r><w:t>infor</w:t><w:softHyphen/><w:t>mation</w:t><w:noBreakHyphen/><w:t>x</w:t><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="宋体" w:char="2460"/></w:r></w:p>
            <w:p><w:r><w:t>共</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> = 9999 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>37</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>件</w:t></w:r></w:p>
            <w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>5</w:t></w:r></w:fldSimple></w:p>
            <w:p><w:del w:id="1" w:author="a"><w:r><w:delText>8888</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>26</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>7777</w:t></w:r></w:moveFrom></w:p>
            <w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>6666</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r></w:p>
            <w:p><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:sdt><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt></w:p>
            <w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>
            """
        let document = try WordPackage.document(WordPackage.docx(body: body))
        #expect(WordPackage.texts(document) == [
            "本年新收申请 12件", "第一行\n第二行\n第三行", "information-x\u{FC}①", "共37件", "5", "26", "可见", "链接控件",
        ])
        // The "line" of a block is its paragraph's number: the first paragraph is 1, the blank ninth is skipped.
        #expect(document.blocks.map(\.location.line) == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test("a text box is read after the paragraph that anchors it, one branch of mc:AlternateContent only")
    func textBoxes() throws {
        let box = "<w:txbxContent>\(WordPackage.p("白沙镇人民政府"))</w:txbxContent>"
        let body = """
            <w:p><w:r><w:t>落款：</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>\(box)</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>\(box)</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
            <w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>\(WordPackage.p("2024年1月20日"))</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>
            """
        let document = try WordPackage.document(WordPackage.docx(body: body))
        #expect(WordPackage.texts(document) == ["落款：", "白沙镇人民政府", "2024年1月20日"])
    }

    static func cell(_ text: String, _ properties: String = "") -> String {
        "<w:tc><w:tcPr>\(properties)</w:tcPr>\(text.split(separator: "|", omittingEmptySubsequences: false).map { WordPackage.p(String($0)) }.joined())</w:tc>"
    }

    @Test("tables: gridSpan is the colspan, a vMerge run one cell with its rowspan, paragraphs of a cell joined with a line break")
    func tables() throws {
        func c(_ text: String, _ properties: String = "") -> String { Self.cell(text, properties) }
        let rows = [
            c("三、本年度办理结果", "<w:vMerge w:val=\"restart\"/>") + c("（一）予以公开", "<w:gridSpan w:val=\"2\"/>") + c("11"),
            c("", "<w:vMerge/>") + c("（三）不予公开", "<w:vMerge w:val=\"restart\"/>") + c("1.属于国家秘密") + c("12"),
            c("", "<w:vMerge w:val=\"continue\"/>") + c("", "<w:vMerge/>") + c("2.其他法律|行政法规禁止公开") + c("13"),
            c("四、结转下年度继续办理", "<w:gridSpan w:val=\"3\"/>") + c("14"),
        ]
        let trs = rows.map { "<w:tr>\($0)</w:tr>" }
        let body = "<w:tbl>\(trs[0])\(trs[1])<w:tr><w:trPr><w:del w:id=\"9\" w:author=\"a\"/></w:trPr>\(rows[3])</w:tr>\(trs[2])\(trs[3])</w:tbl>"
        let document = try WordPackage.document(WordPackage.docx(body: body))
        guard case let .table(table)? = document.blocks.first else {
            Issue.record("no table: \(document.blocks)")
            return
        }
        #expect(table.isExactGrid)
        #expect(table.rows.map { $0.map { "\($0.text)/\($0.rowSpan)x\($0.colSpan)" } } == [
            ["三、本年度办理结果/3x1", "（一）予以公开/1x2", "11/1x1"],
            ["（三）不予公开/2x1", "1.属于国家秘密/1x1", "12/1x1"],
            ["2.其他法律\n行政法规禁止公开/1x1", "13/1x1"],
            ["四、结转下年度继续办理/1x3", "14/1x1"],
        ])
        #expect(table.rows[0][0].location.line == 1 && table.rows[2][0].location.line == 10)
    }

    @Test("a table holding another table, or of one column, lays out the page: its cells are read as blocks")
    func layoutTables() throws {
        func c(_ text: String, _ properties: String = "") -> String { Self.cell(text, properties) }
        let inner = "<w:tbl><w:tr>\(c("规章") + c("3"))</w:tr></w:tbl>"
        let outer = "<w:tbl><w:tr><w:tc>\(WordPackage.p("二、主动公开政府信息情况"))\(inner)\(WordPackage.p(""))</w:tc></w:tr></w:tbl>"
        let single = "<w:tbl><w:tr>\(c("一、总体情况"))</w:tr><w:tr>\(c("正文"))</w:tr></w:tbl>"
        let document = try WordPackage.document(WordPackage.docx(body: single + outer))
        #expect(document.blocks.map(\.kindAndText) == ["paragraph:一、总体情况", "paragraph:正文", "paragraph:二、主动公开政府信息情况", "table:规章 3"])
    }

    @Test("title and date of docProps/core.xml; a namespace bound to another prefix")
    func metadataAndPrefixes() throws {
        let core = "<dc:title>东湖县2023年政府信息公开工作年度报告</dc:title><dcterms:modified>2024-01-19T08:00:00Z</dcterms:modified><dcterms:created>2023-12-01T08:00:00Z</dcterms:created>"
        let body = "<x:p xmlns:x=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><x:r><x:t>前缀</x:t></x:r></x:p>"
        let document = try WordPackage.document(WordPackage.docx(body: body, core: core))
        #expect(document.metadata.title == "东湖县2023年政府信息公开工作年度报告")
        #expect(document.metadata.published == "2024-01-19T08:00:00Z")
        #expect(WordPackage.texts(document) == ["前缀"])
        #expect(document.source.format == "docx")
    }

    @Test("Word files are told by content: a .doc that is DOCX or HTML, a file without an extension")
    func sniffing() throws {
        let docx = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("docx/filled_typed.docx"))))
        #expect(try InputFormat.detect(path: "report.doc", bytes: docx) == .docx)
        #expect(try InputFormat.detect(path: "download", bytes: docx) == .docx)
        #expect(try InputFormat.detect(path: "http://x.cn/getFile?id=3", bytes: docx) == .docx)
        #expect(try InputFormat.detect(path: "report.wps", bytes: InputFormat.ole2Magic + [0, 0]) == .wps)
        #expect(try InputFormat.detect(path: "report.docx", bytes: InputFormat.ole2Magic + [0, 0]) == .doc)
        #expect(try InputFormat.detect(path: "report", bytes: Array("{\\rtf1\\ansi".utf8)) == .rtf)
        #expect(try InputFormat.detect(path: "report.doc", bytes: Array("<html><body>年报</body></html>".utf8)) == .html)
        #expect(try InputFormat.detect(path: "report.doc", bytes: Array("%PDF-1.4".utf8)) == .pdf)
        #expect(throws: NianbaoError.self) { try InputFormat.detect(path: "report.xlsx", bytes: docx) }
        // A .doc that is really a DOCX converts as one, without LibreOffice.
        let report = try ReportReader.report(bytes: docx, path: "renamed.doc")
        #expect(report.source.format == "docx" && report.metadata.agency == "白沙镇人民政府")
    }

    @Test("a batch folder picks up .docx (and .doc, .wps, .rtf) files")
    func batchFolder() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["filled_typed", "filled_wrapped"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("docx/\(name).docx"), toPath: input.appendingPathComponent("\(name).DOCX").path)
        }
        try Data("不是报告".utf8).write(to: input.appendingPathComponent("notes.xlsx"))
        let result = try CLI.run(["convert", input.path, "--out", out.path, "--progress", "none"])
        #expect(result.status == 0, "\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(written == ["filled_typed.json", "filled_wrapped.json"])
        #expect(InputCollector.extensions.isSuperset(of: ["docx", "doc", "wps", "rtf"]))
    }

    @Test("the filled form's whole text is read: preamble, section text and signature")
    func wholeText() throws {
        let report = try ReportReader.report(Fixtures.path("docx/filled_autonumber.docx"))
        let text = report.sections.flatMap(\.blocks).map(\.text).joined(separator: "\n")
        #expect(text.contains("本报告根据《中华人民共和国政府信息公开条例》编制。"))
        #expect(text.contains("① 主动公开平台持续完善。"))
        #expect(text.contains("本年度未收取信息处理费。"))
        #expect(report.metadata.publishedOn == "2024-01-12")
        // The deleted revision and the field's instruction hold numbers that must not be read.
        #expect(report.tables.applications["granted.naturalPerson"]?.number == 39)
        #expect(!report.allCells.contains { $0.value.number == 9999 || $0.value.number == 8888 })
    }
}

extension Block {
    /// "heading2:text", "paragraph:text", "table:cells of the first row".
    var kindAndText: String {
        switch self {
        case let .heading(level, text, _): return "heading\(level):\(text)"
        case let .paragraph(text, _): return "paragraph:\(text)"
        case let .table(table): return "table:" + (table.rows.first?.map(\.text).joined(separator: " ") ?? "")
        case let .furniture(text, _): return "furniture:\(text)"
        case let .pageBreak(page): return "pageBreak:\(page)"
        }
    }
}

/// Damaged, hostile and unconvertible Word files (Fixtures/docx/bad, scripts/make-bad-word-fixtures.py):
/// one line on standard error, exit status 2, nothing written, no process left.
@Suite("Word files that cannot be read")
struct BadWordTests {
    static let cases: [(String, String)] = [
        ("truncated.docx", "not a readable ZIP archive (a damaged or truncated Word file?)"),
        ("corrupt.docx", "word/document.xml cannot be inflated: the Word file is damaged or truncated"),
        ("no-document.docx", "unsupported input format: a ZIP archive without word/document.xml, not a Word document"),
        ("encrypted.docx", "the Word file is encrypted with a password, which nianbao does not open; save it without one"),
        ("bomb.docx", "word/document.xml would inflate to 314572800 bytes, more than nianbao reads (209715200)"),
        ("bomb-ratio.docx", "word/document.xml inflates more than 200 times its compressed size (a ZIP bomb?)"),
        ("doctype.docx", "word/document.xml declares a DOCTYPE, which a Word document never has; it is not read"),
        ("malformed.docx", "word/document.xml is not well-formed XML (line 2:"),
    ]

    @Test("each bad file: one clear line, exit 2, no output file", arguments: cases.map(\.0))
    func refused(_ name: String) throws {
        let expected = try #require(Self.cases.first { $0.0 == name }?.1)
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("out.json")
        let path = Fixtures.path("docx/bad/" + name)
        let result = try CLI.run(["convert", path, "-o", output.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("nianbao: \(path): ") && result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("an external entity is never resolved, a DOCTYPE never parsed, in any part")
    func entities() throws {
        let body = "<!DOCTYPE w:document [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><w:document \(WordPackage.namespaces)><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
        let bytes = try WordPackage.zip(["word/document.xml": Data(body.utf8)])
        #expect(throws: NianbaoError.unreadableInput(path: "e.docx", reason: "word/document.xml declares a DOCTYPE, which a Word document never has; it is not read")) {
            try DocumentReader.read(bytes: bytes, path: "e.docx")
        }
        // In UTF-16 the byte scan cannot see it; libxml2's tree still shows the DOCTYPE.
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + body).utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let wide = try WordPackage.zip(["word/document.xml": Data(utf16)])
        #expect(throws: NianbaoError.self) { try DocumentReader.read(bytes: wide, path: "e.docx") }
        // A sibling: the entity in the styles part.
        let styles = "<!DOCTYPE s [<!ENTITY e \"x\">]><w:styles \(WordPackage.namespaces)/>"
        let document = "<w:document \(WordPackage.namespaces)><w:body>\(WordPackage.p("正文"))</w:body></w:document>"
        let both = try WordPackage.zip(["word/document.xml": Data(document.utf8), "word/styles.xml": Data(styles.utf8)])
        #expect(throws: NianbaoError.unreadableInput(path: "s.docx", reason: "word/styles.xml declares a DOCTYPE, which a Word document never has; it is not read")) {
            try DocumentReader.read(bytes: both, path: "s.docx")
        }
    }

    @Test("without LibreOffice a .doc is refused naming the Debian package")
    func noLibreOffice() throws {
        let path = Fixtures.path("doc/lo_002_9589ac1eaec416c0.doc")
        let result = try CLI.run(["convert", path], environment: ["NIANBAO_SOFFICE": "/nonexistent/soffice"])
        #expect(result.status == 2)
        #expect(result.stderr == "nianbao: \(path): unsupported input format: a .doc file is converted by LibreOffice, which is not installed (Debian: apt-get install libreoffice-writer-nogui)\n")
    }

    @Test("a LibreOffice that hangs is stopped after --timeout, with every process it started")
    func hangingLibreOffice() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pids = dir.appendingPathComponent("pids")
        let script = dir.appendingPathComponent("soffice")
        // A stand-in that starts a child and hangs, as soffice's launcher does with soffice.bin.
        try "#!/bin/sh\nsleep 120 &\necho $! > \(pids.path)\necho $$ >> \(pids.path)\nsleep 120\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let path = Fixtures.path("doc/lo_002_9589ac1eaec416c0.doc")
        let started = Date()
        let result = try CLI.run(["convert", path, "--timeout", "1"], environment: ["NIANBAO_SOFFICE": script.path])
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 2)
        #expect(result.stderr == "nianbao: \(path): cannot read the file (LibreOffice did not convert it within 1 s (--timeout) and was stopped)\n")
        let ids = try String(contentsOf: pids, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        #expect(ids.count == 2)
        Thread.sleep(forTimeInterval: 0.2)
        for id in ids { #expect(!Self.isRunning(id), "process \(id) is still running") }
    }

    /// Whether a process exists and is not a zombie (killed, waiting for its new parent to reap it).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return kill(pid, 0) == 0 && !FileManager.default.fileExists(atPath: "/proc") }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}

/// DOC files through LibreOffice: run when `soffice` is installed (scripts/lib.sh installs it).
@Suite("Word files through LibreOffice", .enabled(if: LibreOffice.executable != nil))
struct LibreOfficeTests {
    @Test("LibreOffice-made DOC fixtures reproduce their truth", arguments: Fixtures.withTruth(in: "doc"))
    func truth(_ fixture: String) throws {
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        let report = try ReportReader.report(Fixtures.path(fixture))
        #expect(report.source.format == "doc")
        #expect(report.metadata.agency == truth.agency && report.metadata.year == truth.year)
        #expect(report.metadata.publishedOn == truth.publishedOn)
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) {
            #expect(report.number(at: key) == expected, "\(key)")
        }
        for (key, cell) in report.allCells where cell.number != nil {
            #expect(truth.cells[key] != nil, "\(key) is not in the truth file")
        }
    }

    @Test("a .doc LibreOffice cannot open is one clear error; its temporary folder is removed")
    func broken() throws {
        // A private TMPDIR: conversions of other tests running at once do not show in it.
        let temporary = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let path = Fixtures.path("docx/bad/broken.doc")
        let result = try CLI.run(["convert", path], environment: ["TMPDIR": temporary.path])
        #expect(result.status == 2)
        #expect(result.stderr == "nianbao: \(path): cannot read the file (LibreOffice could not convert it (a damaged, password-protected or unknown file?))\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
}

/// A batch's DOC files go to LibreOffice several at a time.
@Suite("Word files in a batch", .enabled(if: LibreOffice.executable != nil))
struct OfficeBatchTests {
    @Test("a batch converts its DOC files in one LibreOffice start, to the same outputs; a damaged one fails alone with its own error; nothing is left in the temporary folder")
    func oneStart() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out"), temporary = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        // The same two fixtures in two folders (the same names: LibreOffice's output folder must not mix them up), and a damaged .doc.
        for folder in ["a", "b"] {
            try BatchFolder.fill(inputs.appendingPathComponent(folder), ["doc/lo_002_9589ac1eaec416c0.doc", "doc/lo_hangzhou_style_2025_fixture.doc"])
        }
        try BatchFolder.fill(inputs, ["docx/bad/broken.doc"])
        // A stand-in soffice that counts its starts and runs the real one.
        let log = dir.appendingPathComponent("starts"), script = dir.appendingPathComponent("soffice")
        let real = try #require(LibreOffice.executable)
        try "#!/bin/sh\necho start >> \(log.path)\nexec \(real) \"$@\"\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let result = try CLI.run(["convert", inputs.path, "--out", out.path, "--jobs", "2"], environment: ["NIANBAO_SOFFICE": script.path, "TMPDIR": temporary.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("nianbao: \(inputs.path)/broken.doc: cannot read the file (LibreOffice could not convert it (a damaged, password-protected or unknown file?))\n"), "\(result.stderr)")
        #expect(result.stderr.contains("nianbao: 4 converted, 0 up to date, 1 failed, of 5 inputs"))
        // One start for the group of five, one more for the damaged file alone.
        #expect(try String(contentsOf: log, encoding: .utf8).split(separator: "\n").count == 2)
        for folder in ["a", "b"] {
            for fixture in ["lo_002_9589ac1eaec416c0", "lo_hangzhou_style_2025_fixture"] {
                let name = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first {
                    $0.hasPrefix(fixture) && (try? String(contentsOf: out.appendingPathComponent($0), encoding: .utf8))?.contains("/\(folder)/\(fixture).doc") == true
                })
                let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(name))) as! [String: Any]
                let truth = try Truth(path: Fixtures.path("doc/\(fixture).doc.truth.json"))
                for (key, expected) in truth.cells {
                    #expect(Truth.number(at: key, inJSON: report) == .some(expected), "\(folder)/\(fixture): \(key)")
                }
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
}

/// Word attachments linked from pages on a local server: `convert URL` and `scrape` fetch and
/// convert them like PDFs.
@Suite("Word attachments", .serialized)
struct WordAttachmentTests {
    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    static func site() async throws -> TestSite {
        try await TestSite.start([
            "/robots.txt": .page(Data("User-agent: *\n".utf8), contentType: "text/plain"),
            "/ndbg/index.html": .page(ScrapeTests.listing([
                ("/art/typed.html", "白沙镇人民政府2022年政府信息公开工作年度报告"),
                ("/art/split.html", "东湖县自然资源局2024年政府信息公开工作年度报告"),
            ], next: nil), contentType: "text/html"),
            "/art/typed.html": .page(TestSite.html("<div id=\"zoom\"><p>附件：<a href=\"/files/typed.docx\">2022年年报.docx</a></p></div>"), contentType: "text/html"),
            "/files/typed.docx": .page(TestSite.fixture("docx/filled_typed.docx"), contentType: docxType),
            // An address without an extension; only the Content-Type and the bytes say DOCX.
            "/art/split.html": .page(TestSite.html("<div id=\"zoom\"><p>附件：<a href=\"/download?id=7\" title=\"年度报告.docx\">下载</a></p></div>"), contentType: "text/html"),
            "/download": .page(TestSite.fixture("docx/filled_split.docx"), contentType: docxType),
        ])
    }

    @Test("convert URL: a page that only links a DOCX converts to the DOCX's truth")
    func convertURL() async throws {
        let site = try await Self.site()
        let reading = try await RemoteReport.read(site.url("/art/typed.html"), fetcher: HTTPFetcher(options: HTTPFetcher.Options(timeout: 30)))
        #expect(reading.attachment?.url == site.url("/files/typed.docx"))
        let truth = try Truth(path: Fixtures.path("docx/filled_typed.docx.truth.json"))
        #expect(reading.report.metadata.agency == truth.agency && reading.report.source.format == "docx")
        for (key, expected) in truth.cells { #expect(reading.report.number(at: key) == expected, "\(key)") }
        await site.stop()
    }

    @Test("scrape: Word attachments downloaded, converted and recorded in the manifest")
    func scrape() async throws {
        let site = try await Self.site()
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.runDetached(["scrape", site.url("/ndbg/index.html"), "--out", dir.path, "--since", "2020", "--delay", "0.01", "--timeout", "30"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let entries = try ScrapeTests.manifest(dir)
        for (path, fixture) in [("/files/typed.docx", "filled_typed"), ("/download?id=7", "filled_split")] {
            let entry = try #require(entries[site.url(path)], "\(path)")
            let truth = try Truth(path: Fixtures.path("docx/\(fixture).docx.truth.json"))
            #expect(entry["kind"] as? String == "attachment" && entry["contentType"] as? String == Self.docxType)
            let file = try #require(entry["file"] as? String)
            #expect(try Data(contentsOf: dir.appendingPathComponent(file)) == TestSite.fixture("docx/\(fixture).docx"))
            let conversion = try #require(entry["conversion"] as? [String: Any])
            #expect(conversion["status"] as? String == "converted" && conversion["agency"] as? String == truth.agency && conversion["checksFailed"] as? Int == 0)
            let output = try #require((conversion["outputs"] as? [String])?.first)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(output))) as? [String: Any])
            for (key, expected) in truth.cells { #expect(Truth.number(at: key, inJSON: json) == expected, "\(key)") }
        }
        await site.stop()
    }
}
