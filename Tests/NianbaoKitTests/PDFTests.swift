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

@Suite("PDF extractor")
struct PDFTests {
    static let fixtures = Fixtures.withTruth(in: "pdf")

    @Test("hongze: page footers are furniture, the table cut by page 3's footer is one table")
    func hongzeStructure() throws {
        let document = try DocumentReader.read(Fixtures.path("pdf/hongze_2023.pdf"))
        let furniture = document.blocks.compactMap { if case let .furniture(text, _) = $0 { return text } else { return nil } }
        #expect(furniture == ["-1-", "-2-", "-3-", "-4-", "-5-"])
        let tables = document.blocks.compactMap { if case let .table(t) = $0 { return t } else { return nil } }
        let applications = try #require(tables.first { $0.rows.contains { $0.contains { $0.text.hasPrefix("一、本年新收") } } })
        #expect(applications.rows.contains { $0.contains { $0.text.hasPrefix("四、结转下年度继续办理") } })
        #expect(applications.isExactGrid)
        // The label printed one character per line is one cell spanning the outcome rows.
        let vertical = try #require(applications.rows.flatMap { $0 }.first { $0.text == "三、本年度办理结果" })
        #expect(vertical.rowSpan >= 11)
        #expect(vertical.location.page == 3)
        // A wrapped label is one cell.
        #expect(applications.rows.flatMap { $0 }.contains { $0.text == "（二）部分公开（区分处理的，只计这一情 形，不\n计其他情形）" })
    }

    @Test("a paragraph cut by a page break is joined")
    func paragraphAcrossPages() throws {
        let document = try DocumentReader.read(Fixtures.path("pdf/hongze_2023.pdf"))
        let paragraphs = document.blocks.compactMap { if case let .paragraph(text, _) = $0 { return text } else { return nil } }
        #expect(paragraphs.contains { $0.contains("严格执行“分\n级审核、先审后发”程序") })
    }

    @Test("cells carry their page, so diagnostics can say where")
    func locations() throws {
        let report = try ReportReader.report(Fixtures.path("pdf/hongze_2023.pdf"))
        #expect(report.tables.applications["unableToProvide.stillUnclear.total"]?.location?.page == 4)
        #expect(report.tables.applications["newReceived.total"]?.location?.page == 3)
    }

    @Test("bad PDFs give their documented errors", arguments: [
        ("encrypted.pdf", NianbaoError.encryptedPDF(path: "")),
        ("empty.pdf", .emptyInput(path: "")),
    ])
    func badPDFs(_ name: String, _ expected: NianbaoError) {
        let path = Fixtures.path("pdf/\(name)")
        #expect(throws: expected.with(path: path)) { try DocumentReader.read(path) }
    }

    @Test("corrupt and mislabelled files are unreadable, with the reason", arguments: [
        ("corrupt.pdf", "not a readable PDF"), ("not-a-pdf.pdf", "not a PDF"),
    ])
    func unreadable(_ name: String, _ reason: String) {
        do {
            _ = try DocumentReader.read(Fixtures.path("pdf/\(name)"))
            Issue.record("\(name) was read")
        } catch {
            guard case let .unreadableInput(_, message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message.contains(reason))
        }
    }

    @Test("an encrypted PDF opens with its password and reads like the original")
    func password() throws {
        let path = Fixtures.path("pdf/encrypted.pdf")
        #expect(throws: NianbaoError.wrongPassword(path: path)) { try DocumentReader.read(path, password: "wrong") }
        let opened = try ReportReader.report(path, password: "nianbao")
        let original = try ReportReader.report(Fixtures.path("pdf/synthetic_2021_chromium.pdf"))
        #expect(opened.tables == original.tables)
    }

    @Test("PDFs extracted concurrently give the same results as one by one")
    func concurrent() async throws {
        let paths = Self.fixtures.map { Fixtures.path($0) } + Self.fixtures.map { Fixtures.path($0) }
        let sequential = try paths.map { try DocumentReader.read($0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, Document).self) { group in
            for (i, path) in paths.enumerated() { group.addTask { (i, try DocumentReader.read(path)) } }
            var results = [Document?](repeating: nil, count: paths.count)
            for try await (i, document) in group { results[i] = document }
            return results.compactMap { $0 }
        }
        #expect(parallel == sequential)
    }

    @Test("the overlay draws every page")
    func overlay() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("overlay-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = Fixtures.path("pdf/hongze_2023.pdf")
        let bytes = try DocumentReader.bytes(of: path)
        let report = try ReportReader.report(path)
        let pages = try PDFExtractor().writeOverlays(bytes: bytes, source: report.source, lineLabels: report.rowKeysByLine.mapValues { $0.map(\.dotted) }, to: dir)
        #expect(pages.count == 5)
        for page in pages {
            let png = try Data(contentsOf: URL(fileURLWithPath: page))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
    }
}

extension NianbaoError {
    /// The same error naming another file.
    func with(path: String) -> NianbaoError {
        switch self {
        case .encryptedPDF: return .encryptedPDF(path: path)
        case .noTextLayer: return .noTextLayer(path: path)
        case .emptyInput: return .emptyInput(path: path)
        case .wrongPassword: return .wrongPassword(path: path)
        default: return self
        }
    }
}
