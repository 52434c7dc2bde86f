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

/// Property tests: random reports that satisfy the template's 勾稽 rules (Support/RandomReport.swift)
/// are printed in the text layouts real extractions show and parsed back.
///
/// - Recoverable layouts (tab grid, markdown, cell per line, wrapped labels, shifted rows, the real
///   page shapes of issue 12: headings reworded or missing, tables run into prose or titles,
///   doubled numerals, spaced headers, a body that begins 本报告): every
///   cell of the three tables comes back exactly, with the agency, year and template version.
/// - A dropped row of table 3: its cells are null with a diagnostic naming it; all else exact.
/// - A row of table 3 with one value missing: its cells are null with a diagnostic naming it; all
///   else exact.
/// - Always: no cell holds a number other than the one generated ("never a wrong number").
///
/// To reproduce a failure: `ReportRenderer.render(RandomReport.generate(seed: S), layout: .L).text`,
/// or run with RANDOM_REPORT_DUMP=/some/dir to have failing inputs written there.
/// RANDOM_REPORT_SEEDS=N runs N seeds per layout (default 40); RANDOM_REPORT_SEED_BASE=B starts at B;
/// RANDOM_REPORT_DUMP_ALL=1 (with RANDOM_REPORT_DUMP) writes every input, not only failing ones.
@Suite("Random reports")
struct RandomReportTests {
    static let environment = ProcessInfo.processInfo.environment
    /// Seeds per layout (8 layouts): 320 reports a run by default, a few seconds of CPU in a debug
    /// build; set RANDOM_REPORT_SEEDS for deeper runs (2,100 seeds were run clean once).
    static let seedCount = environment["RANDOM_REPORT_SEEDS"].flatMap(Int.init) ?? 40
    /// Failing reports reported in full per layout; the rest are listed by seed.
    static let detailedFailures = 5
    static let seedBase = environment["RANDOM_REPORT_SEED_BASE"].flatMap(UInt64.init) ?? 0
    static var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seedBase + $0 } }

    @Test("generated reports satisfy the template's rules")
    func generatedReportsAreConsistent() {
        var versions: [TemplateVersion: Int] = [:]
        for seed in Self.seeds {
            let generated = RandomReport.generate(seed: seed)
            versions[generated.version, default: 0] += 1
            var tables = ReportTables()
            for id in TableID.allCases {
                tables[id] = generated.expected(id).mapValues { CellValue(number: $0, raw: nil) }
            }
            if generated.version == .v2021 && generated.otherHandlingAsOneRow {
                tables.alternativeRows = Set(generated.applicationRows.filter { !$0.replaces.isEmpty }.map(\.key))
            }
            let report = AnnualReport(
                source: SourceInfo(file: "random.txt", format: "txt", sha256: ""),
                metadata: ReportMetadata(agency: generated.agency, year: generated.year, template: generated.version),
                sections: [], tables: tables)
            let checks = ConsistencyChecker.check(report)
            let bad = checks.filter { $0.status != .pass }
            #expect(!checks.isEmpty && bad.isEmpty, "seed \(seed): generated report breaks \(bad.map(\.statement))")
            // Every cell of every printed row has a value.
            for id in TableID.allCases {
                let rows = id == .applications ? generated.applicationRows : generated.template.table(id).rows
                let keys = Set(rows.flatMap(\.cellKeys))
                #expect(Set(generated.expected(id).keys) == keys, "seed \(seed): table \(id.rawValue) keys differ from its printed rows")
            }
        }
        if Self.seedCount >= 20 {
            #expect((versions[.v2019] ?? 0) > 0 && (versions[.v2021] ?? 0) > 0, "both templates generated: \(versions)")
        }
    }

    @Test("a random report parses back to its numbers", arguments: RandomLayout.allCases)
    func roundTrip(layout: RandomLayout) {
        var failures: [UInt64] = []
        var wrong: [UInt64] = []
        for seed in Self.seeds {
            let outcome = Self.run(seed: seed, layout: layout)
            if Self.environment["RANDOM_REPORT_DUMP_ALL"] != nil { _ = Self.dump(outcome.rendered.text, seed: seed, layout: layout) }
            guard !outcome.problems.isEmpty || !outcome.wrongNumbers.isEmpty else { continue }
            failures.append(seed)
            if !outcome.wrongNumbers.isEmpty { wrong.append(seed) }
            guard failures.count <= Self.detailedFailures else { continue }
            var message = "seed \(seed), layout \(layout) (template \(outcome.report.version.rawValue)"
            if outcome.report.version == .v2021 && outcome.report.otherHandlingAsOneRow { message += ", （六） as one row" }
            message += ")"
            if !outcome.rendered.notes.isEmpty { message += " [\(outcome.rendered.notes.prefix(6).joined(separator: "; "))]" }
            if !outcome.wrongNumbers.isEmpty {
                message += "\nWRONG NUMBERS: " + outcome.wrongNumbers.prefix(10).joined(separator: "; ")
            }
            if !outcome.problems.isEmpty {
                message += "\n" + outcome.problems.prefix(10).joined(separator: "; ")
                if outcome.problems.count > 10 { message += "; … \(outcome.problems.count - 10) more" }
            }
            if let path = Self.dump(outcome.rendered.text, seed: seed, layout: layout) { message += "\ninput written to \(path)" }
            message += "\nreproduce: ReportRenderer.render(RandomReport.generate(seed: \(seed)), layout: .\(layout)).text"
            Issue.record(Comment(rawValue: message))
        }
        if !failures.isEmpty {
            Issue.record(Comment(rawValue:
                "\(layout): \(failures.count) of \(Self.seeds.count) reports failed (seeds \(failures.map(String.init).joined(separator: ", ")));"
                    + " \(wrong.count) with wrong numbers (seeds \(wrong.map(String.init).joined(separator: ", ")))"))
        }
    }

    // MARK: One case

    struct Outcome {
        var report: RandomReport
        var rendered: RenderedReport
        /// Cells or metadata not as required (a null where a number was expected, a missing diagnostic…).
        var problems: [String] = []
        /// Cells whose number differs from the generated one: never acceptable.
        var wrongNumbers: [String] = []
    }

    static func run(seed: UInt64, layout: RandomLayout) -> Outcome {
        let generated = RandomReport.generate(seed: seed)
        let rendered = ReportRenderer.render(generated, layout: layout)
        var outcome = Outcome(report: generated, rendered: rendered)
        let document = TextExtractor().extract(rendered.text, source: SourceInfo(file: "random.txt", format: "txt", sha256: ""))
        let parsed: AnnualReport
        do {
            parsed = try ReportParser().parse(document)
        } catch {
            outcome.problems.append("parse threw \(error)")
            return outcome
        }

        if parsed.metadata.agency != generated.agency {
            outcome.problems.append("agency \(parsed.metadata.agency ?? "nil") ≠ \(generated.agency)")
        }
        if parsed.metadata.year != generated.year {
            outcome.problems.append("year \(parsed.metadata.year.map(String.init) ?? "nil") ≠ \(generated.year)")
        }
        if parsed.metadata.template != generated.version {
            outcome.problems.append("template \(parsed.metadata.template.rawValue) ≠ \(generated.version.rawValue)")
        }

        let damaged = rendered.damagedRow
        for id in TableID.allCases {
            let expected = generated.expected(id)
            let cells = parsed.tables[id]
            for key in expected.keys.sorted() {
                let want = expected[key]!
                let got = cells[key]?.number
                let inDamagedRow = id == .applications && damaged.map { key.hasPrefix($0 + ".") && rowKey(of: key) == $0 } == true
                if let got, got != want {
                    outcome.wrongNumbers.append("\(id.rawValue).\(key) = \(format(got)), generated \(format(want))")
                } else if inDamagedRow {
                    // A damaged row may be null, or right where the table's sums confirm its numbers
                    // (the lost value was a blank-able end cell); a wrong number is caught above.
                    continue
                } else if got == nil {
                    outcome.problems.append("\(id.rawValue).\(key) = null, want \(format(want))")
                }
            }
            // Cells the report does not print must not hold numbers.
            for (key, cell) in cells where expected[key] == nil {
                if let got = cell.number { outcome.wrongNumbers.append("\(id.rawValue).\(key) = \(format(got)) but the report has no such cell") }
            }
        }
        if let damaged {
            let fullKey = "tables.applications.\(damaged)"
            if !parsed.diagnostics.contains(where: { $0.key == fullKey }) {
                let keys = parsed.diagnostics.compactMap(\.key).filter { $0.hasPrefix("tables.applications") }
                outcome.problems.append("no diagnostic with key \(fullKey) (applications diagnostics: \(keys))")
            }
        }
        return outcome
    }

    /// The row part of a cell key of table 3 ("denied.stateSecret.naturalPerson" → "denied.stateSecret").
    static func rowKey(of cellKey: String) -> String {
        guard let dot = cellKey.lastIndex(of: ".") else { return cellKey }
        return String(cellKey[..<dot])
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    static func dump(_ text: String, seed: UInt64, layout: RandomLayout) -> String? {
        guard let dir = environment["RANDOM_REPORT_DUMP"], !dir.isEmpty else { return nil }
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = "\(dir)/random-\(seed)-\(layout).txt"
        return (try? text.write(toFile: path, atomically: true, encoding: .utf8)) != nil ? path : nil
    }
}
