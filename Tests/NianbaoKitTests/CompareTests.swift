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

/// `nianbao compare` and `nianbao compile` on random consistent reports made consistent across
/// years and units, with planted breaks that must be reported exactly, and nothing else.
@Suite("Across reports: compare and compile")
struct CompareTests {
    /// A random report parsed from its tab-grid text (a layout that parses exactly).
    static func report(seed: UInt64) throws -> AnnualReport {
        let text = ReportRenderer.render(RandomReport.generate(seed: seed), layout: .tabGrid).text
        return try ReportParser().parse(TextExtractor().extract(text, source: SourceInfo(file: "random-\(seed).txt", format: .txt, sha256: "")))
    }

    /// The first `count` seeds from `from` whose reports follow `version` and print every standard
    /// row (in the 2019 template （六） is one row anyway).
    static func seeds(_ version: TemplateVersion, count: Int, from: UInt64 = 0) -> [UInt64] {
        var found: [UInt64] = []
        var seed = from
        while found.count < count && seed < from + 10_000 {
            let generated = RandomReport.generate(seed: seed)
            if generated.version == version && (version == .v2019 || !generated.otherHandlingAsOneRow) { found.append(seed) }
            seed += 1
        }
        return found
    }

    /// `later` made to follow `earlier` by every cross-year rule (the carry-over moved within
    /// `later` so that its own 勾稽 rules still hold).
    static func follow(_ later: inout AnnualReport, _ earlier: AnnualReport) {
        for column in ["naturalPerson", "commercial", "research", "publicInterest", "legalService", "other", "total"] {
            let carried = earlier.tables.applications["carriedForward.\(column)"]?.number ?? 0
            let delta = carried - (later.tables.applications["carriedOver.\(column)"]?.number ?? 0)
            later.tables.applications["carriedOver.\(column)"]?.number = carried
            later.tables.applications["carriedForward.\(column)"]?.number! += delta
        }
        for row in later.template.activeDisclosure.rows {
            let t = later.tables.activeDisclosure
            if let previous = earlier.tables.activeDisclosure["\(row.key).previousYear"]?.number, let change = earlier.tables.activeDisclosure["\(row.key).change"]?.number, t["\(row.key).previousYear"] != nil {
                later.tables.activeDisclosure["\(row.key).previousYear"]?.number = previous + change
            }
            if let inForce = earlier.tables.activeDisclosure["\(row.key).inForce"]?.number, let issued = t["\(row.key).issued"]?.number, let repealed = t["\(row.key).repealed"]?.number {
                later.tables.activeDisclosure["\(row.key).inForce"]?.number = inForce + issued - repealed
            }
        }
    }

    @Test("consecutive random years pass every cross-year rule; a wrong 上年结转 fails exactly there; a null is not evaluated", arguments: [TemplateVersion.v2021, .v2019])
    func consecutiveYears(_ version: TemplateVersion) throws {
        for slice in Self.seeds(version, count: 6, from: 100).chunks(2) {
            let pair = Array(slice)
            let earlier = try Self.report(seed: pair[0])
            var later = try Self.report(seed: pair[1])
            Self.follow(&later, earlier)
            let clean = ReportComparison(earlier: earlier, later: later)
            let expectedRules: Set<CrossYearRule> = version == .v2021 ? [.carryOver, .documentsInForce] : [.carryOver, .itemCount]
            #expect(Set(clean.checks.map(\.rule)) == expectedRules)
            #expect(clean.checks.allSatisfy { $0.status == .pass }, "\(clean.checks.filter { $0.status != .pass })")
            #expect(!clean.fails && clean.onlyEarlier.isEmpty && clean.onlyLater.isEmpty)

            var broken = later
            let carried = try #require(earlier.tables.applications["carriedForward.research"]?.number)
            broken.tables.applications["carriedOver.research"]?.number = carried + 7
            broken.tables.applications["carriedOver.other"]?.number = nil
            let comparison = ReportComparison(earlier: earlier, later: broken)
            let notPassing = comparison.checks.filter { $0.status != .pass }
            #expect(notPassing.count == 2)
            #expect(notPassing.contains { $0.rule == .carryOver && $0.place == "research" && $0.status == .fail && $0.expected == carried && $0.actual == carried + 7 })
            #expect(notPassing.contains { $0.place == "other" && $0.status == .notEvaluated && $0.reason == "null: LATER tables.applications.carriedOver.other" })
            #expect(comparison.fails)
        }
    }

    @Test("a 2019 report against a 2021 one: the carry-over only; the cells one template has are listed")
    func acrossTemplates() throws {
        let earlier = try Self.report(seed: Self.seeds(.v2019, count: 1)[0])
        var later = try Self.report(seed: Self.seeds(.v2021, count: 1)[0])
        Self.follow(&later, earlier)
        let comparison = ReportComparison(earlier: earlier, later: later)
        #expect(Set(comparison.checks.map(\.rule)) == [.carryOver])
        #expect(comparison.onlyEarlier.contains(CellKey(.activeDisclosure, row: "procurement", column: "amount")))
        #expect(comparison.onlyLater.contains(CellKey(.activeDisclosure, row: "regulations", column: "inForce")))
        #expect(!comparison.changes.contains { $0.cell.table == .activeDisclosure && $0.cell.column == "previousYear" })
    }

    @Test("changes: over the threshold and from zero are flagged, a null has no change")
    func changes() throws {
        let earlier = try Self.report(seed: Self.seeds(.v2021, count: 1)[0])
        var later = earlier
        let key = "newReceived.total"
        let value = try #require(earlier.tables.applications[key]?.number)
        later.tables.applications[key]?.number = value * 2 + 1
        later.tables.applications["granted.research"]?.number = nil
        let comparison = ReportComparison(earlier: earlier, later: later, flagChange: 0.5)
        let change = try #require(comparison.changes.first { $0.cell == CellKey(.applications, row: "newReceived", column: "total") })
        #expect(change.flagged && change.change == value + 1)
        let null = try #require(comparison.changes.first { $0.cell == CellKey(.applications, row: "granted", column: "research") })
        #expect(null.change == nil && !null.flagged)
        #expect(comparison.changes.filter(\.flagged).map(\.cell) == [CellKey(.applications, row: "newReceived", column: "total")])
    }

    @Test("compile: random units sum to a report whose 勾稽 rules hold; held against itself nothing differs; a unit left out and a null are reported exactly")
    func compile() throws {
        let units = try Self.seeds(.v2021, count: 3, from: 300).map(Self.report(seed:))
        let compilation = try ReportCompilation(units, name: "某县")
        let sum = compilation.compiled
        #expect(sum.metadata.agency == "某县" && sum.source.format == .compiled)
        #expect(!sum.checks.isEmpty && sum.checks.allSatisfy { $0.status == .pass })
        for (key, value) in units[0].tables.applications {
            let expected = units.map { $0.tables.applications[key]?.number ?? 0 }.reduce(0, +)
            #expect(sum.tables.applications[key]?.number == expected, "\(key) \(value)")
        }
        #expect(compilation.differences(against: sum).isEmpty)

        // The published summary forgot the third unit: every cell where that unit is not zero differs.
        let two = try ReportCompilation(Array(units.prefix(2)), name: "某县")
        let differences = two.differences(against: sum)
        let nonZero = TableID.allCases.flatMap { units[2].recordedCells($0) }.filter { (units[2][cell: $0].number ?? 0) != 0 }
        #expect(Set(differences.map(\.cell)) == Set(nonZero))
        #expect(differences.allSatisfy { $0.contributions.count == 2 })

        var withNull = units
        withNull[1].tables.applications["granted.commercial"]?.number = nil
        let nulled = try ReportCompilation(withNull, name: nil).compiled
        #expect(nulled.tables.applications["granted.commercial"]?.number == nil)
        #expect(nulled.diagnostics.map(\.code) == [.unitValueMissing])
        #expect(nulled.diagnostics.first?.message == "null in 1 of 3 units: \(units[1].metadata.agency ?? "")")
    }

    @Test("compile refuses units of different templates")
    func mixedTemplates() throws {
        let units = [try Self.report(seed: Self.seeds(.v2021, count: 1)[0]), try Self.report(seed: Self.seeds(.v2019, count: 1)[0])]
        #expect(throws: NianbaoError.self) { try ReportCompilation(units, name: nil) }
    }

    @Test("the command line: compare exits 0 on two fixtures, 1 on a failing carry-over, 2 on an unreadable input, 64 on a bad threshold")
    func commandLine() throws {
        let a = Fixtures.path("text/002_9589ac1eaec416c0.txt"), b = Fixtures.path("text/001_88f1d5ea082339d9.txt")
        let pass = try CLI.run(["compare", a, b])
        #expect(pass.status == 0 && pass.stdout.contains("Cross-year rules: 9 pass, 0 fail, 0 not evaluated"), "\(pass.stdout)")
        let fail = try CLI.run(["compare", Fixtures.path("text/pingtan_2019_page.txt"), Fixtures.path("html/qingshan_district_2023_trs.html"), "--to", "json"])
        #expect(fail.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(fail.stdout.utf8)) as! [String: Any]
        let checks = json["checks"] as! [[String: Any]]
        #expect(checks.count == 7 && checks.allSatisfy { $0["status"] as? String == "fail" })
        #expect(try CLI.run(["compare", a, "/nonexistent.txt"]).status == 2)
        #expect(try CLI.run(["compare", a, b, "--flag-change", "lots"]).status == 64)
        let compiled = try CLI.run(["compile", a, b, "--name", "两镇", "--against", a])
        #expect(compiled.status == 1)
        #expect(compiled.stderr.contains("differ from the sum of 2 units"))
    }
}

extension Array {
    /// Consecutive slices of `size` elements (the last may be shorter).
    func chunks(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
