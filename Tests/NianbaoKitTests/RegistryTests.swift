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

/// A toy input format: a report written as "label = v1 v2 …" lines with the extension .nbq
/// (content starts with "#nbq"), read into the document model by a reader of this file alone.
struct ToyReader: FormatReader {
    let format = InputFormat(rawValue: "nbq")
    let extensions = ["nbq"]

    func recognises(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("#nbq".utf8)) }

    func readings(of input: ReaderInput) throws(NianbaoError) -> [Reading] {
        let text = String(decoding: input.bytes, as: UTF8.self)
        let lines = text.split(separator: "\n").dropFirst().map { $0.replacingOccurrences(of: " = ", with: "\t").replacingOccurrences(of: " ", with: "\t") }
        let document = TextExtractor().extract(lines.joined(separator: "\n"), source: input.source(format))
        return [Reading("toy") { document }]
    }
}

/// A toy output format: one line per cell with a value, "dotted-key value".
struct ToyWriter: ReportWriter {
    let format = OutputFormat(rawValue: "cells")
    let extensions = ["cells"]

    func render(_ reports: [AnnualReport], options: RenderOptions) -> String {
        reports.flatMap { report in
            TableID.allCases.flatMap(report.recordedCells).compactMap { key in
                report[cell: key].number.map { "\(key.dotted) \(NumberText.canonical($0))" }
            }
        }.joined(separator: "\n") + "\n"
    }
}

@Suite("Reader and writer registries")
struct RegistryTests {
    static let toyReport = """
        #nbq
        测试县人民政府2024年政府信息公开工作年度报告
        三、收到和处理政府信息公开申请情况
        一、本年新收政府信息公开申请数量 = 31 2 3 4 5 6 51
        """

    var converter: Converter {
        var converter = Converter()
        converter.readers.register(ToyReader())
        converter.writers.register(ToyWriter())
        return converter
    }

    @Test("a reader and a writer added from outside convert, render and are found in folders, with nothing else touched")
    func toyFormat() throws {
        let report = try converter.convertLocal(.bytes(Array(Self.toyReport.utf8), name: "report.nbq"))
        #expect(report.source.format.rawValue == "nbq")
        #expect(report.tables.applications["newReceived.naturalPerson"]?.number == 31)
        #expect(report.tables.applications["newReceived.total"]?.number == 51)
        let cells = try #require(converter.render([report], as: OutputFormat(rawValue: "cells")))
        #expect(cells.contains("tables.applications.newReceived.naturalPerson 31\n"))
        #expect(converter.writers.format(ofPath: "out/all.cells") == OutputFormat(rawValue: "cells"))

        // Sniffed by its content under another name, and taken from a folder by its extension.
        #expect(try converter.readers.detect(path: "report", bytes: Array(Self.toyReport.utf8)) == InputFormat(rawValue: "nbq"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("toy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.toyReport.utf8).write(to: folder.appendingPathComponent("a.nbq"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("b.xyz"))
        let found = try InputCollector(extensions: converter.readers.extensions).collect(arguments: [folder.path])
        #expect(found.map { ($0.source as NSString).lastPathComponent } == ["a.nbq"])
        #expect(try InputCollector().collect(arguments: [folder.path]).isEmpty)
    }

    @Test("the standard registries: every format the JSON schema names has a reader; each writer has its extensions")
    func standard() {
        let readers = ReaderRegistry.standard
        #expect(readers.readers.map(\.format.rawValue) == ["pdf", "doc", "rtf", "docx", "wps", "html", "txt", "md", "image"])
        #expect(readers.attachmentExtensions == ["pdf", "doc", "dot", "rtf", "docx", "docm", "dotx", "wps", "wpt"])
        #expect(readers.extensions.isSuperset(of: ["pdf", "html", "htm", "shtml", "txt", "md", "markdown", "docx", "doc", "wps", "rtf", "png", "jpg", "tiff"]))
        // Images are read when named, not taken from folders (a saved page's pictures are not reports).
        #expect(readers.folderExtensions == readers.extensions.subtracting(["png", "jpg", "jpeg", "tif", "tiff"]))
        #expect(InputCollector.extensions == readers.folderExtensions)
        let writers = WriterRegistry.standard
        #expect(writers.names == ["json", "csv", "html", "check"])
        #expect(writers.format(ofPath: "a/report.htm") == .html)
        #expect(writers.format(ofPath: "a.b/report") == nil)
    }

    @Test("a page's links are in its document; an attachment is chosen from them by the registry")
    func links() throws {
        let html = """
            <html><body><div id="zoom"><p>测试县2024年政府信息公开工作年度报告见附件。</p>
            <a href="files/data.xls">数据.xls</a> <a href="files/report.pdf">2024年年报</a></div></body></html>
            """
        let document = try DocumentReader.read(bytes: Array(html.utf8), path: "page.html", url: "http://example.gov.cn/art/page.html")
        #expect(document.links.map(\.url) == ["http://example.gov.cn/art/files/data.xls", "http://example.gov.cn/art/files/report.pdf"])
        let best = RemoteReport.bestAttachment(document.links, .standard)
        #expect(best?.url == "http://example.gov.cn/art/files/report.pdf")
        #expect(ReaderRegistry.standard.attachmentExtension(of: document.links[0]) == "xls")
    }
}
