import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// A PDF is read from its text first and with its rulings only when that reading is unsettled
/// (``ReportReader``): both readings must be right on their own, and the ruled one must be
/// taken where the text alone cannot say which column a number is in.
@Suite("PDF readings: text alone, and with rulings")
struct PDFReadingTests {
    static let fixtures = Fixtures.withTruth(in: "pdf")

    func reading(_ fixture: String, rulings: Bool) throws -> AnnualReport {
        let path = Fixtures.path(fixture)
        return try ReportParser().parse(DocumentReader.read(bytes: DocumentReader.bytes(of: path), path: path, rulings: rulings))
    }

    @Test("with rulings, every PDF fixture reads to its truth", arguments: fixtures)
    func ruled(_ fixture: String) throws {
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        let report = try reading(fixture, rulings: true)
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) {
            #expect(report.number(at: key) == expected, "\(key)")
        }
    }

    @Test("from the text alone, no PDF fixture gives a value its truth does not have", arguments: fixtures)
    func textAloneNeverWrong(_ fixture: String) throws {
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        let report = try reading(fixture, rulings: false)
        for (key, cell) in report.allCells where cell.number != nil {
            #expect(truth.cells[key] == .some(cell.number), "\(key) = \(cell.number!)")
        }
    }

    @Test("the fully printed fixtures read to their truth from the text alone, and are not read twice", arguments: [
        "pdf/hongze_2023.pdf", "pdf/synthetic_2019_chromium.pdf", "pdf/synthetic_2019_libreoffice.pdf",
        "pdf/synthetic_2021_chromium.pdf", "pdf/synthetic_2021_libreoffice.pdf",
        // No rulings at all; numbers of neighbouring narrow cells nearly touch.
        "pdf/printed_hangzhou_style_libreoffice.pdf", "pdf/printed_linchuan_office_libreoffice.pdf",
        "pdf/printed_qingshan_district_libreoffice.pdf",
    ])
    func textAloneSuffices(_ fixture: String) throws {
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        let report = try reading(fixture, rulings: false)
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) {
            #expect(report.number(at: key) == expected, "\(key)")
        }
        #expect(ReadingDoubts(report).isEmpty)
    }

    @Test("blank cells: the text alone leaves rows unread, so the PDF is read again with its rulings")
    func blankCellsNeedRulings() throws {
        let fixture = "pdf/synthetic_2021_blanks_libreoffice.pdf"
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        let quick = try reading(fixture, rulings: false)
        let unread = truth.cells.filter { $0.value != nil && quick.number(at: $0.key) == nil }
        #expect(unread.count > 0)
        #expect(!ReadingDoubts(quick).isEmpty)
        let report = try ReportReader.report(Fixtures.path(fixture))
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) {
            #expect(report.number(at: key) == expected, "\(key)")
        }
        // Blank cells are null, not 0, so the rules that involve them are not evaluated; none fails.
        #expect(!report.checks.contains { $0.status == .fail })
    }
}
