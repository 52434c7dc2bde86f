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

/// Random consistent reports (Support/RandomReport.swift: both templates, （六） sometimes printed
/// as one row) printed in one of the recoverable text layouts, parsed, written as an HTML page
/// (``ReportHTML``) and read back through the HTML extractor: the tables (every cell, nulls
/// included), the metadata and the sections come back identical (``RoundTrip``).
///
/// Every third report has some of its cells blanked before it is written (null in the report, an
/// empty cell on the page), so that empty cells in random places of the form are read back as null,
/// never as a neighbour's number.
///
/// A report costs some 100 ms of CPU in a debug build (two parses and an HTML extraction), so the
/// default is 30 reports and the two of ``seeds`` added after them (about 3 s); RANDOM_HTML_SEEDS=N
/// runs N, RANDOM_REPORT_SEED_BASE=B starts at B.
@Suite("Random reports through HTML")
struct RandomHTMLRoundTripTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seedCount = environment["RANDOM_HTML_SEEDS"].flatMap(Int.init) ?? 30
    static let seedBase = environment["RANDOM_REPORT_SEED_BASE"].flatMap(UInt64.init) ?? 0
    static let layouts = RandomLayout.allCases.filter(\.isRecoverable)

    /// The seeds run: `seedCount` from `seedBase`, and after them the first 2021-template reports
    /// that print （六）其他处理 as one row, until the run has two of those (one 2021 report in seven
    /// does).
    static var seeds: [UInt64] {
        func oneRow2021(_ seed: UInt64) -> Bool {
            let report = RandomReport.generate(seed: seed)
            return report.version == .v2021 && report.otherHandlingAsOneRow
        }
        var seeds = (0..<UInt64(seedCount)).map { seedBase + $0 }
        var next = seedBase + UInt64(seedCount)
        while seeds.filter(oneRow2021).count < 2, next < seedBase + UInt64(seedCount) + 1000 {
            if oneRow2021(next) { seeds.append(next) }
            next += 1
        }
        return seeds
    }

    @Test("a random report read from text, written as HTML and read back is the same report")
    func roundTrip() throws {
        var failures: [String] = []
        var kinds: Set<String> = []
        var blanked = 0
        let seeds = Self.seeds
        for seed in seeds {
            let generated = RandomReport.generate(seed: seed)
            let layout = Self.layouts[Int(seed % UInt64(Self.layouts.count))]
            let text = ReportRenderer.render(generated, layout: layout).text
            var report = try ReportParser().parse(
                TextExtractor().extract(text, source: SourceInfo(file: "random.txt", format: "txt", sha256: "")))
            kinds.insert(generated.version.rawValue + (generated.version == .v2021 && generated.otherHandlingAsOneRow ? " （六） as one row" : ""))
            var problems: [String] = []
            // These layouts parse exactly (RandomReportTests), so the page starts from the generated numbers.
            for id in TableID.allCases where report.tables[id].compactMapValues(\.number) != generated.expected(id) {
                problems.append("the text parse of table \(id.rawValue) is not the generated table")
            }
            if seed % 3 == 2 {
                blanked += Self.blankSomeCells(&report, seed: seed)
            }
            let trip = try RoundTrip(report)
            problems += trip.differences
            if trip.back.metadata.agency != generated.agency || trip.back.metadata.year != generated.year
                || trip.back.metadata.template != generated.version
            {
                problems.append("metadata \(trip.back.metadata) is not the generated report's")
            }
            if !problems.isEmpty {
                failures.append("seed \(seed) (\(layout), template \(generated.version.rawValue)): " + problems.prefix(6).joined(separator: "; "))
            }
        }
        if !failures.isEmpty {
            Issue.record(Comment(rawValue: "\(failures.count) of \(seeds.count) failed:\n" + failures.prefix(10).joined(separator: "\n")))
        }
        if Self.seedBase == 0 && Self.seedCount >= 30 {
            #expect(kinds == ["2019", "2021", "2021 （六） as one row"])
            #expect(blanked > 0)
        }
    }

    /// Makes about one cell in eight of the report null (sometimes a whole row), as a report with
    /// blank cells would parse; returns how many.
    static func blankSomeCells(_ report: inout AnnualReport, seed: UInt64) -> Int {
        var rng = SplitMix64.derived(seed: seed, stream: "blank")
        var count = 0
        for id in TableID.allCases {
            for row in report.printedRows(id) {
                let wholeRow = rng.chance(5)
                for key in row.cellKeys where wholeRow || rng.chance(12) {
                    report.tables[id][key] = CellValue(number: nil, raw: "")
                    count += 1
                }
            }
        }
        return count
    }
}
