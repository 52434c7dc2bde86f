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

/// The CSV and HTML of some fixtures, committed beside them (`NAME.expected.long.csv`,
/// `NAME.expected.wide.csv`, `NAME.expected.html`) and compared byte for byte.
/// `scripts/update-goldens` writes them again after an intended change.
@Suite("Golden files")
struct GoldenFileTests {
    static let fixtures = ["text/001_88f1d5ea082339d9.txt", "text/pingtan_2019_page.txt", "text/shanghai_stcsm_2024_extract.md"]

    static func outputs(_ report: AnnualReport) -> [(suffix: String, text: String)] {
        [
            ("expected.long.csv", ReportCSV.text([report], layout: .long)),
            ("expected.wide.csv", ReportCSV.text([report], layout: .wide)),
            ("expected.html", ReportHTML.document(report)),
        ]
    }

    @Test("the goldens cover a 2021 and a 2019 report")
    func coverage() throws {
        let templates = try Set(Self.fixtures.map { try Fixtures.report($0).metadata.template })
        #expect(templates == [.v2021, .v2019])
    }

    @Test("CSV long, CSV wide and HTML are the committed goldens", arguments: fixtures)
    func matches(_ fixture: String) throws {
        let report = try Fixtures.report(fixture)
        for (suffix, text) in Self.outputs(report) {
            let path = Fixtures.path("\(fixture).\(suffix)")
            let golden = try #require(FileManager.default.contents(atPath: path), "missing \(path): run scripts/update-goldens")
            #expect(Data(text.utf8) == golden, "\(fixture).\(suffix) differs: run scripts/update-goldens and review the diff")
        }
    }
}
