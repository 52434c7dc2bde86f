import Foundation
import Testing
@testable import NianbaoCorpus
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// `compare` and `compile` on nianbao's own JSON, and `compare --db` on a corpus.
@Suite("Across reports: JSON inputs and the corpus mode")
struct CompareInputTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a report's JSON reads back into the same report: the same JSON again", arguments: [
        "text/001_88f1d5ea082339d9.txt", "text/pingtan_2019_page.txt", "pdf/hongze_2023.pdf", "html/qingshan_district_2023_trs.html",
    ])
    func roundTrip(_ fixture: String) throws {
        let report = try Converter().convertLocal(.path(Fixtures.path(fixture)))
        let json = ReportJSON.string(of: report)
        let back = try ReportJSONReader.read(Array(json.utf8), path: "r.json")
        #expect(ReportJSON.string(of: back) == json)
        // The same values, texts and notes (a box is written to a tenth of a point).
        for id in TableID.allCases {
            #expect(back.tables[id].mapValues { [$0.raw, $0.note, $0.number.map { "\($0)" }] } == report.tables[id].mapValues { [$0.raw, $0.note, $0.number.map { "\($0)" }] })
        }
        #expect(back.metadata == report.metadata && back.tables.alternativeRows == report.tables.alternativeRows)
    }

    @Test("compare and compile take the JSON of convert as they take the report itself")
    func commandLineJSON() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = Fixtures.path("text/002_9589ac1eaec416c0.txt"), b = Fixtures.path("text/001_88f1d5ea082339d9.txt")
        let aJSON = folder.appendingPathComponent("a.json").path, bNoExtension = folder.appendingPathComponent("b").path
        #expect(try CLI.run(["convert", a, "-o", aJSON]).status == 0)
        #expect(try CLI.run(["convert", b, "--to", "json", "-o", bNoExtension]).status == 0)
        let fromFiles = try CLI.run(["compare", a, b, "--to", "json"])
        let fromJSON = try CLI.run(["compare", aJSON, bNoExtension, "--to", "json"])
        #expect(fromJSON.status == 0 && fromJSON.stdout == fromFiles.stdout)
        let summary = try CLI.run(["compare", aJSON, b])
        #expect(summary.stdout.contains("Cross-year rules: 9 pass, 0 fail, 0 not evaluated"))
        let compiled = try CLI.run(["compile", aJSON, bNoExtension, "--name", "两镇"])
        let compiledFromFiles = try CLI.run(["compile", a, b, "--name", "两镇"])
        #expect(compiled.status == 0 && compiled.stdout == compiledFromFiles.stdout)
    }

    @Test("a JSON that is not a nianbao report is an error saying what is wrong (exit 2)", arguments: [
        ("{\"name\": 1}", "a JSON file that is not nianbao's report JSON: no \"schemaVersion\": 1"),
        ("{\"schemaVersion\": 1,", "a JSON file that is not nianbao's report JSON: it does not parse as a JSON object"),
        ("[1, 2]", "a JSON file that is not nianbao's report JSON: it does not parse as a JSON object"),
    ])
    func notAReport(_ text: String, _ reason: String) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(["compare", path, Fixtures.path("text/001_88f1d5ea082339d9.txt")])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains("\(path): not a government information disclosure annual report (\(reason))"), "\(result.stderr)")
    }

    @Test("a report JSON with a wrong cell is refused, naming the cell")
    func wrongCell() throws {
        let report = try Converter().convertLocal(.path(Fixtures.path("text/001_88f1d5ea082339d9.txt")))
        let json = ReportJSON.string(of: report)
        func reason(_ edited: String) -> String? {
            do { _ = try ReportJSONReader.read(Array(edited.utf8), path: "r.json"); return nil } catch { return error.description }
        }
        let prefix = "r.json: not a government information disclosure annual report (a JSON file that is not nianbao's report JSON: "
        let newReceived = try #require(json.range(of: "\"newReceived\": {"))
        var text = json
        text.insert(contentsOf: "\"bogus\": 3, ", at: newReceived.upperBound)
        #expect(reason(text) == prefix + "tables.applications.newReceived.bogus is not a cell of the 2021 template)")
        text = json
        let total = try #require(json.range(of: "\"total\": ", range: newReceived.upperBound..<json.endIndex))
        text.insert(contentsOf: "\"7\" , \"x\": ", at: total.upperBound)
        #expect(reason(text)?.hasPrefix(prefix) == true)
        #expect(reason(json.replacingOccurrences(of: "\"template\": \"2021\"", with: "\"template\": \"2020\"")) == prefix + "\"report.template\" is not 2021 or 2019)")
    }
}

/// `nianbao compare --db` on a small corpus of generated reports made consistent across years.
@Suite("Across reports: the corpus mode")
struct CorpusCompareTests {
    /// A generated 2021-template report as `agency`'s report on `year`.
    static func report(seed: UInt64, agency: String, year: Int?) throws -> AnnualReport {
        var report = try CompareTests.report(seed: seed)
        report.metadata.agency = agency
        report.metadata.year = year
        report.source.sha256 = "sha-\(seed)"
        report.source.file = "\(agency)-\(year ?? 0).txt"
        report.checks = ConsistencyChecker.check(report)
        return report
    }

    @Test("one body's years across its name's variants are compared; a planted break is the one failure; other bodies never pair")
    func corpus() throws {
        let folder = try CompareInputTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("corpus.sqlite").path
        let corpus = try CorpusDatabase(path: path)
        let seeds = CompareTests.seeds(.v2021, count: 8, from: 500)
        let y2022 = try Self.report(seed: seeds[0], agency: "淮安市洪泽区人民政府", year: 2022)
        var y2023 = try Self.report(seed: seeds[1], agency: "洪泽区人民政府", year: 2023)
        CompareTests.follow(&y2023, y2022)
        var y2024 = try Self.report(seed: seeds[2], agency: "洪泽区政府办公室", year: 2024)
        CompareTests.follow(&y2024, y2023)
        let carried = try #require(y2023.tables.applications["carriedForward.commercial"]?.number)
        y2024.tables.applications["carriedOver.commercial"]?.number = carried + 11
        // Different bodies with like names, in consecutive years: never a pair.
        let others = [
            try Self.report(seed: seeds[3], agency: "北京市朝阳区人民政府", year: 2022),
            try Self.report(seed: seeds[4], agency: "长春市朝阳区人民政府", year: 2023),
            try Self.report(seed: seeds[5], agency: "城关街道办事处", year: 2023),
            try Self.report(seed: seeds[6], agency: "城关镇人民政府", year: 2024),
            try Self.report(seed: seeds[7], agency: "淮安市洪泽区人民政府", year: nil),
        ]
        for report in [y2022, y2023, y2024] + others { try corpus.upsert(report) }

        let result = try CLI.run(["compare", "--db", path])
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Corpus: 8 reports, 5 bodies (1 report without an agency or a year left out)")
        #expect(lines.contains("Pairs of consecutive years compared: 2"))
        #expect(lines.contains("  淮安市洪泽区 2022 → 2023: 9 pass, 0 fail, 0 not evaluated"))
        #expect(lines.contains("  淮安市洪泽区 2023 → 2024: 8 pass, 1 fail, 0 not evaluated: FAIL carryOver (commercial)"))
        #expect(lines.contains("One body: 淮安市洪泽区 ← 洪泽区人民政府, 洪泽区政府办公室, 淮安市洪泽区人民政府"))

        let rows = try corpus.query("SELECT body, earlierYear, laterYear, rule, place, expected, actual, status FROM crossYearChecks WHERE status != 'pass'")
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(String.fromDatabaseValue(row["body"]!) == "淮安市洪泽区" && Int.fromDatabaseValue(row["laterYear"]!) == 2024)
        #expect(String.fromDatabaseValue(row["place"]!) == "commercial" && String.fromDatabaseValue(row["rule"]!) == "carryOver")
        #expect(Double.fromDatabaseValue(row["expected"]!) == carried && Double.fromDatabaseValue(row["actual"]!) == carried + 11)
        let total = try corpus.query("SELECT COUNT(*) AS n FROM crossYearChecks")
        #expect(Int.fromDatabaseValue(total[0]["n"]!) == 18)

        // A re-run replaces the rows; an alias file joins the street office and the town, and an
        // ambiguous bare name is reported and paired with nothing.
        try corpus.upsert(try Self.report(seed: seeds[7] + 1000, agency: "朝阳区人民政府", year: 2024))
        let aliases = folder.appendingPathComponent("aliases.txt").path
        try Data("城关镇 = 城关街道办事处\n".utf8).write(to: URL(fileURLWithPath: aliases))
        let again = try CLI.run(["compare", "--db", path, "--aliases", aliases])
        #expect(again.stdout.contains("Pairs of consecutive years compared: 3\n"))
        #expect(again.stdout.contains("Ambiguous (kept apart; an alias file decides): 朝阳区 could be 北京市朝阳区 or 长春市朝阳区\n"))
        #expect(again.stdout.contains("  城关镇 2023 → 2024: "))
        #expect(Int.fromDatabaseValue(try corpus.query("SELECT COUNT(*) AS n FROM crossYearChecks")[0]["n"]!) == 18 + 9)
    }

    @Test("compare --db on a missing corpus or with report files is refused")
    func usage() throws {
        #expect(try CLI.run(["compare", "--db", "/nonexistent/corpus.sqlite"]).status == 2)
        #expect(try CLI.run(["compare", "--db", "x.sqlite", Fixtures.path("text/001_88f1d5ea082339d9.txt")]).status == 64)
        #expect(try CLI.run(["compare", Fixtures.path("text/001_88f1d5ea082339d9.txt")]).status == 64)
    }
}

/// `compare --to csv` and `--to html` on a planted break.
@Suite("Across reports: compare as CSV and HTML")
struct CompareOutputTests {
    /// Two consecutive random years, LATER's 上年结转 (research) 9 more than EARLIER's 结转下年度, and
    /// LATER's 新收 (natural persons) three times EARLIER's plus 1.
    static func broken() throws -> (ReportComparison, carried: Double, received: Double) {
        let seeds = CompareTests.seeds(.v2021, count: 2, from: 700)
        let earlier = try CompareTests.report(seed: seeds[0])
        var later = try CompareTests.report(seed: seeds[1])
        CompareTests.follow(&later, earlier)
        let carried = try #require(earlier.tables.applications["carriedForward.research"]?.number)
        let received = try #require(earlier.tables.applications["newReceived.naturalPerson"]?.number)
        later.tables.applications["carriedOver.research"]?.number = carried + 9
        later.tables.applications["newReceived.naturalPerson"]?.number = received * 3 + 1
        return (ReportComparison(earlier: earlier, later: later), carried, received)
    }

    @Test("CSV: a record per check, per cell, per one-template cell; the break and the flagged change with exact values")
    func csv() throws {
        let (comparison, carried, received) = try Self.broken()
        let table = try CSVReader.table(ComparisonCSV.document(comparison))
        #expect(table.header == ComparisonCSV.header)
        #expect(table.rows.count == comparison.checks.count + comparison.changes.count)
        let failing = table.rows.filter { $0["status"] == "fail" }
        #expect(failing.count == 1)
        #expect(failing.first?["key"] == "tables.applications.carriedOver.research" && failing.first?["rule"] == "carryOver")
        #expect(failing.first?["expected"] == NumberText.canonical(carried) && failing.first?["actual"] == NumberText.canonical(carried + 9))
        let change = try #require(table.rows.first { $0["kind"] == "change" && $0["key"] == "tables.applications.newReceived.naturalPerson" })
        #expect(change["earlier"] == NumberText.canonical(received) && change["later"] == NumberText.canonical(received * 3 + 1))
        #expect(change["change"] == NumberText.canonical(received * 2 + 1) && change["flagged"] == "true")
        if received > 0 { #expect(change["relative"] == NumberText.canonical((((received * 2 + 1) / received) * 10_000).rounded() / 10_000)) }
    }

    @Test("HTML: the failing cell marked on both sides with both values; valid HTML")
    func html() throws {
        let (comparison, carried, _) = try Self.broken()
        let page = ComparisonHTML.document(comparison)
        let pattern = "<td class=\"cross-year-failed[^\"]*\" title=\"跨年度勾稽不符：[^\"]*（research）：上年报告推得 \(NumberText.canonical(carried))，本年填报 \(NumberText.canonical(carried + 9))[^\"]*\">([0-9]*)</td>"
        let marked = HTMLTableScan.matches(pattern, in: page)
        #expect(marked.map { $0[1] } == [NumberText.canonical(carried), NumberText.canonical(carried + 9)])
        #expect(HTMLTableScan.matches("<td class=\"cross-year-failed", in: page).count == 2)
        #expect(HTMLTableScan.matches("<table class=\"applications\">", in: page).count == 2)
        guard HTMLValidator.available || HTMLValidator.required else { return }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("comparison.html")
        try Data(page.utf8).write(to: file)
        let across = dir.appendingPathComponent("across.html").path
        #expect(try CLI.run(["compare", Fixtures.path("text/pingtan_2019_page.txt"), Fixtures.path("html/qingshan_district_2023_trs.html"), "--to", "html", "-o", across]).status == 1)
        let result = try HTMLValidator.messages([file.path, across])
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
    }

    @Test("compare -o writes the file; --bom without csv is a usage error; compile takes --csv wide")
    func commandLine() throws {
        let a = Fixtures.path("text/002_9589ac1eaec416c0.txt"), b = Fixtures.path("text/001_88f1d5ea082339d9.txt")
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("c.csv").path
        #expect(try CLI.run(["compare", a, b, "--to", "csv", "--bom", "-o", out]).status == 0)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF] + Array("kind,key,rule,".utf8)))
        #expect(try CLI.run(["compare", a, b, "--bom"]).status == 64)
        // An output that is one of the inputs is refused before anything is written.
        let input = dir.appendingPathComponent("a.json").path
        #expect(try CLI.run(["convert", a, "-o", input]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let overwrite = try CLI.run(["compare", input, b, "--to", "json", "-o", input])
        #expect(overwrite.status == 64 && overwrite.stderr.contains("\(input): is the input \(input); nothing was written"))
        #expect(try CLI.run(["compile", input, b, "-o", input]).status == 64)
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        let wide = try CLI.run(["compile", a, b, "--to", "csv", "--csv", "wide"])
        let records = try CSVReader.records(wide.stdout)
        #expect(wide.status == 0 && records.count == 2)
    }
}

extension CompareOutputTests {
    @Test("text: a cell null in one of the two is listed with both values")
    func nullInOne() throws {
        let (comparison, _, _) = try Self.broken()
        var later = comparison.later
        let granted = try #require(later.tables.applications["granted.legalService"]?.number)
        later.tables.applications["granted.legalService"]?.number = nil
        let text = ComparisonReport.text(ReportComparison(earlier: comparison.earlier, later: later))
        let earlier = try #require(comparison.earlier.tables.applications["granted.legalService"]?.number)
        #expect(text.contains("\nNull in one of the two: 1 cell\n  tables.applications.granted.legalService: \(NumberText.canonical(earlier)) → null\n"), "\(granted)")
    }
}

extension CorpusCompareTests {
    @Test("a corpus of real fixtures made by convert --db: the 2023 report of a town under another form of its name pairs with its 2024 report, and runs every rule")
    func realFixtures() throws {
        let folder = try CompareInputTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Fixture 002 (刘振屯镇人民政府, 2023) made 管头镇人民政府's 2023 report; fixture 001 is 管头镇's 2024 report.
        let text = try String(contentsOfFile: Fixtures.path("text/002_9589ac1eaec416c0.txt"), encoding: .utf8)
        let renamed = folder.appendingPathComponent("guantou_2023.txt")
        try Data(text.replacingOccurrences(of: "刘振屯镇", with: "管头镇").utf8).write(to: renamed)
        let corpus = folder.appendingPathComponent("corpus.sqlite").path
        let later = Fixtures.path("text/001_88f1d5ea082339d9.txt")
        #expect(try CLI.run(["convert", renamed.path, later, Fixtures.path("text/pingtan_2019_page.txt"), "--db", corpus]).status == 0)
        let result = try CLI.run(["compare", "--db", corpus])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            Corpus: 3 reports, 2 bodies
            Pairs of consecutive years compared: 1
              管头镇 2023 → 2024: 9 pass, 0 fail, 0 not evaluated
            Cross-year rules: 9 pass, 0 fail, 0 warnings, 0 not evaluated
            One body: 管头镇 ← 管头镇, 管头镇人民政府

            """)
        let pairwise = try CLI.run(["compare", renamed.path, later, "--to", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(pairwise.stdout.utf8)) as? [String: Any])
        let checks = try #require(json["checks"] as? [[String: Any]])
        let rows = try CorpusDatabase(path: corpus).query("SELECT rule, place, expected, actual, status FROM crossYearChecks ORDER BY position")
        #expect(rows.count == checks.count)
        for (row, check) in zip(rows, checks) {
            #expect(String.fromDatabaseValue(row["rule"]!) == check["rule"] as? String && String.fromDatabaseValue(row["place"]!) == check["place"] as? String)
            #expect(Double.fromDatabaseValue(row["expected"]!) == (check["expected"] as? NSNumber)?.doubleValue)
            #expect(String.fromDatabaseValue(row["status"]!) == check["status"] as? String)
        }
    }
}
