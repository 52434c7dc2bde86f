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

/// Text copied from a PDF in content-stream order (Fixtures/stream: `pdftotext` without -layout of
/// every PDF fixture, with the PDF's truth): what the order makes unambiguous is read, the rest is
/// null, and no number is one the truth does not have.
@Suite("Content-stream order")
struct StreamOrderTests {
    static let fixtures = Fixtures.withTruth(in: "stream")

    /// The numbers of the truth each file reproduces today: a floor, so that recall only grows.
    static let floors: [String: Int] = [
        "hongze_2023_stream.txt": 29, "printed_hangzhou_style_libreoffice_stream.txt": 36, "printed_hangzhou_style_stream.txt": 112,
        "printed_linchuan_office_libreoffice_stream.txt": 26, "printed_linchuan_office_stream.txt": 140,
        "printed_qingshan_district_libreoffice_stream.txt": 57, "printed_qingshan_district_stream.txt": 140,
        "synthetic_2019_chromium_stream.txt": 159, "synthetic_2019_libreoffice_stream.txt": 82,
        "synthetic_2021_blanks_libreoffice_stream.txt": 10, "synthetic_2021_chromium_stream.txt": 158,
        "synthetic_2021_libreoffice_stream.txt": 59,
        "synthetic_2021_runin_libreoffice_stream.txt": 52,
    ]

    static func parse(_ fixture: String) throws -> AnnualReport {
        try ReportReader.report(Fixtures.path(fixture))
    }

    @Test("every PDF fixture has its content-stream text")
    func coverage() {
        #expect(Self.fixtures.count == Fixtures.withTruth(in: "pdf").count)
        #expect(Set(Self.fixtures.map { String($0.dropFirst("stream/".count)) }) == Set(Self.floors.keys))
    }

    @Test("no number the truth does not have, and at least today's cells", arguments: fixtures)
    func noWrongNumber(_ fixture: String) throws {
        let report = try Self.parse(fixture)
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        for (key, cell) in report.allCells {
            if let number = cell.number {
                #expect(truth.cells[key] == .some(number), "\(fixture): \(key) is \(number), the truth \(String(describing: truth.cells[key]))")
            }
        }
        let same = truth.cells.filter { key, want in report.number(at: key) == want }.count
        #expect(same >= Self.floors[String(fixture.dropFirst("stream/".count))] ?? .max, "\(fixture): \(same) cells")
    }

    @Test("a label on its own line with its values on the lines after it: table 二 and 一、本年新收 are read")
    func labelThenValues() throws {
        let report = try Self.parse("stream/synthetic_2021_chromium_stream.txt")
        #expect(report.number(at: "tables.activeDisclosure.regulations.issued") == 6)
        #expect(report.number(at: "tables.activeDisclosure.regulations.inForce") == 57)
        #expect(report.number(at: "tables.activeDisclosure.fees.amount") == 6815.47)
        // The header's 其他 (a column) is not the row 3.其他: the label before the values names one row.
        #expect(report.number(at: "tables.applications.newReceived.naturalPerson") == 5256)
        #expect(report.number(at: "tables.applications.newReceived.total") == 15158)
        // Sibling: the values printed before the label (hongze's 一、本年新收) stay null, with a diagnostic.
        let hongze = try Self.parse("stream/hongze_2023_stream.txt")
        #expect(hongze.number(at: "tables.applications.newReceived.total") == nil)
        #expect(hongze.diagnostics.contains { $0.key == "tables.applications.newReceived" })
    }
}
