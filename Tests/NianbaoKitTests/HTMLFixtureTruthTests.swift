import Foundation
import Testing
@testable import NianbaoKit

/// Every HTML fixture converts to its truth file cell for cell.
@Suite("HTML fixtures reproduce their truth")
struct HTMLFixtureTruthTests {
    static let fixtures = Fixtures.withTruth(in: "html")

    @Test("the HTML fixture set is complete")
    func fixtureSet() {
        #expect(Self.fixtures.count == 5)
    }

    @Test("every labelled cell, agency, year, template and date", arguments: fixtures)
    func reproducesTruth(_ fixture: String) throws {
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        let report = try DocumentReader.report(Fixtures.path(fixture))
        #expect(report.source.format == "html")
        #expect(report.metadata.agency == truth.agency)
        #expect(report.metadata.year == truth.year)
        #expect(report.metadata.template.rawValue == truth.template)
        #expect(report.metadata.publishedOn == truth.publishedOn)
        if let sections = truth.sections {
            #expect(report.sections.map(\.title) == sections)
        }
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) {
            #expect(report.number(at: key) == expected, "\(key)")
        }
    }

    @Test("no value that is not in the truth file", arguments: fixtures)
    func noInventedValues(_ fixture: String) throws {
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        let report = try DocumentReader.report(Fixtures.path(fixture))
        for (key, cell) in report.allCells where cell.number != nil {
            #expect(truth.cells[key] != nil, "\(key) = \(cell.number!) is not in the truth file")
        }
    }
}
