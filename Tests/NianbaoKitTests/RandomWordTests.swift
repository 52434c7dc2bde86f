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

/// Random consistent reports filled into the official Word form (scripts/make-docx-fixtures.py
/// --random: the five variants in turn — numbers typed, automatic numbering with revisions and a
/// text box, table 三 split in two, zeros printed as empty cells, wrapped labels) read back
/// exactly: every cell of the generator's truth, nulls included, and no number it does not hold.
///
/// 10 reports by default (seeds 1000…); RANDOM_DOCX_SEEDS=N runs N, RANDOM_REPORT_SEED_BASE=B
/// starts at B.
@Suite("Random reports through Word")
struct RandomWordTests {
    static let environment = ProcessInfo.processInfo.environment
    static let count = environment["RANDOM_DOCX_SEEDS"].flatMap(Int.init) ?? 10
    static let base = environment["RANDOM_REPORT_SEED_BASE"].flatMap(Int.init) ?? 1000

    @Test("a random report filled into the official DOCX form reads back exactly")
    func roundTrip() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Fixtures.root.deletingLastPathComponent().appendingPathComponent("scripts/make-docx-fixtures.py").path
        let made = try CLI.runShell("python3 '\(script)' --random \(Self.count) --seed-base \(Self.base) --out '\(folder.path)'")
        try #require(made.status == 0, "\(made.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".docx") }.sorted()
        #expect(files.count == Self.count)
        var failures: [String] = []
        for file in files {
            let path = folder.appendingPathComponent(file).path
            let problems = Self.problems(try ReportReader.report(path), try Truth(path: path + ".truth.json"))
            if !problems.isEmpty { failures.append("\(file): " + problems.prefix(5).joined(separator: "; ")) }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(files.count) failed:\n\(failures.prefix(10).joined(separator: "\n"))")
    }

    /// Where a report differs from a truth file: metadata, a cell, or a number the truth lacks.
    static func problems(_ report: AnnualReport, _ truth: Truth) -> [String] {
        var problems: [String] = []
        if report.metadata.agency != truth.agency || report.metadata.year != truth.year || report.metadata.publishedOn != truth.publishedOn {
            problems.append("metadata \(report.metadata.agency ?? "nil") \(report.metadata.year.map(String.init) ?? "nil")")
        }
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) where report.number(at: key) != expected {
            problems.append("\(key): \(RoundTrip.show(report.number(at: key))) for \(RoundTrip.show(expected))")
        }
        for (key, cell) in report.allCells where cell.number != nil && truth.cells[key] == nil {
            problems.append("\(key) = \(RoundTrip.show(cell.number)) is not in the truth")
        }
        return problems
    }

    @Test("the comparison names a changed cell, a missing cell and another agency; none for the fixture's own truth")
    func comparisonFails() throws {
        let path = Fixtures.path("docx/filled_typed.docx")
        let truth = try Truth(path: path + ".truth.json")
        let report = try ReportReader.report(path)
        #expect(Self.problems(report, truth).isEmpty)
        let key = "tables.applications.granted.total"
        let value = try #require(truth.cells[key] ?? nil)
        var changed = truth
        changed.cells[key] = value + 1
        #expect(Self.problems(report, changed) == ["\(key): \(RoundTrip.show(value)) for \(RoundTrip.show(value + 1))"])
        var missing = truth
        missing.cells[key] = nil
        #expect(Self.problems(report, missing) == ["\(key) = \(RoundTrip.show(value)) is not in the truth"])
        var agency = truth
        agency.agency = "别的单位"
        #expect(Self.problems(report, agency).count == 1)
    }
}
