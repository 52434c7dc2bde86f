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

/// A report written as an HTML page (``ReportHTML``) and read back through the HTML extractor and
/// the parser is the same report (``RoundTrip``): every cell's number (nulls included) and the
/// rows printed in place of others; title, agency, year, date and template; section numbers,
/// titles and blocks. The one allowance: the signature lines the page adds after the last section
/// come back as that section's last paragraphs (``RoundTrip/expectedSections``).
@Suite("HTML reads back")
struct HTMLReadBackTests {
    static let fixtures = Fixtures.withTruth(in: "text") + Fixtures.withTruth(in: "pdf") + Fixtures.withTruth(in: "html")

    @Test("every fixture with a truth file: the same tables, metadata and sections", arguments: fixtures)
    func readsBack(_ fixture: String) throws {
        let trip = try RoundTrip(Fixtures.report(fixture))
        #expect(trip.back.source.format == "html")
        #expect(trip.differences == [], "\(fixture)")
    }

    @Test("the fixture set: text, PDF and HTML")
    func fixtureSet() {
        #expect(Self.fixtures.count == 25)
    }

    @Test("an annotated page reads back the same (hongze's table 4 fails its checks in the source)")
    func annotated() throws {
        let report = try Fixtures.report("pdf/hongze_2023.pdf")
        let trip = try RoundTrip(report, annotate: true)
        #expect(trip.html.contains("class=\"check-failed\""))
        #expect(trip.differences == [])
        #expect(trip.back.checks.filter { $0.status == .fail }.map(\.statement) == report.checks.filter { $0.status == .fail }.map(\.statement))
    }

    @Test("empty cells read back as null: （六） as one row and as three, and a whole table 4", arguments: [
        "pdf/hongze_2023.pdf", "pdf/synthetic_2021_chromium.pdf", "pdf/synthetic_2019_libreoffice.pdf",
    ])
    func blankRows(_ fixture: String) throws {
        var report = try Fixtures.report(fixture)
        let blanked = report.printedRows(.applications).filter { $0.key.hasPrefix("otherHandling.") }.flatMap(\.cellKeys)
        #expect(!blanked.isEmpty)
        for key in blanked { report.tables.applications[key] = CellValue(number: nil, raw: "") }
        for key in report.printedRows(.reviewLitigation).flatMap(\.cellKeys) { report.tables.reviewLitigation[key] = CellValue(number: nil, raw: "") }
        let trip = try RoundTrip(report)
        #expect(trip.differences == [])
        #expect(trip.back.tables.applications.filter { $0.value.number != nil }.count == report.tables.applications.filter { $0.value.number != nil }.count)
    }

    @Test("a report without a title: the page names it from agency and year, and it reads back so")
    func untitled() throws {
        let text = try String(contentsOfFile: Fixtures.path("text/001_88f1d5ea082339d9.txt"), encoding: .utf8)
            .replacingOccurrences(of: "管头镇2024年政府信息公开工作年报\n", with: "")
        let report = try ReportParser().parse(DocumentReader.read(bytes: Array(text.utf8), path: "untitled.txt"))
        #expect(report.metadata.title == nil)
        #expect(report.metadata.agency == "管头镇人民政府" && report.metadata.year == 2024)
        let trip = try RoundTrip(report)
        #expect(trip.back.metadata.title == "管头镇人民政府2024年政府信息公开工作年度报告")
        #expect(trip.differences == [])
    }
}
