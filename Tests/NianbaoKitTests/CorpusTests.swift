import Foundation
import GRDB
import Synchronization
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

/// A value the test throws inside the transaction, standing for a run killed midway.
struct Interrupted: Error {}

@Suite("SQLite corpus")
struct CorpusTests {
    static let fixtures = Fixtures.withTruth(in: "text") + Fixtures.withTruth(in: "html") + ["pdf/hongze_2023.pdf"]

    static func database() throws -> (CorpusDatabase, URL) {
        let dir = try CLI.temporaryDirectory()
        return (try CorpusDatabase(path: dir.appendingPathComponent("corpus.sqlite").path), dir)
    }

    /// Every leaf of the JSON's `tables`, by "table.row.column" key.
    static func leaves(_ value: Any, prefix: String = "") -> [String: Any] {
        guard let object = value as? [String: Any] else { return [prefix: value] }
        var leaves: [String: Any] = [:]
        for (key, child) in object { leaves.merge(Self.leaves(child, prefix: prefix.isEmpty ? key : "\(prefix).\(key)")) { a, _ in a } }
        return leaves
    }

    @Test("importing the fixtures twice gives the same rows: one report per source, one cell per JSON table leaf")
    func idempotent() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reports = try Self.fixtures.map(Fixtures.report)
        for report in reports { try db.upsert(report) }
        let first = try db.rowCounts()
        for report in reports.reversed() { try db.upsert(report) }
        #expect(try db.rowCounts() == first)

        let distinct = Set(reports.map(\.source.sha256)).count
        #expect(distinct == Self.fixtures.count)
        #expect(first["reports"] == distinct)
        let leafCount = try reports.map { report in
            let json = try JSONSerialization.jsonObject(with: Data(ReportJSON.string(of: report).utf8)) as! [String: Any]
            return Self.leaves(json["tables"]!).count
        }.reduce(0, +)
        #expect(first["cells"] == leafCount)
        #expect(first["checks"] == reports.map(\.checks.count).reduce(0, +))
        #expect(first["diagnostics"] == reports.map(\.diagnostics.count).reduce(0, +))
    }

    @Test("a report's cells in the corpus are its JSON's tables and cellSources", arguments: ["text/001_88f1d5ea082339d9.txt", "pdf/hongze_2023.pdf", "text/shanghai_stcsm_2024_extract.md", "ocr/mixed_2019_chromium.pdf"])
    func cellsMatchJSON(_ fixture: String) throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try Fixtures.report(fixture)
        try db.upsert(report)
        let json = try JSONSerialization.jsonObject(with: Data(ReportJSON.string(of: report).utf8)) as! [String: Any]
        let values = Self.leaves(json["tables"]!)
        let sources = json["cellSources"] as! [String: Any]

        let rows = try db.query("SELECT * FROM cells WHERE reportSha256 = ?", arguments: [report.source.sha256])
        #expect(rows.count == values.count)
        var nonNull = 0, ocrCells = 0
        for row in rows {
            let table = String.fromDatabaseValue(row["tableName"]!)!, rowKey = String.fromDatabaseValue(row["rowKey"]!)!
            let column = String.fromDatabaseValue(row["columnKey"]!)!
            let key = "\(table).\(rowKey).\(column)"
            let expected = values[key]
            #expect(expected != nil, "\(key) is not in the JSON")
            let value = Double.fromDatabaseValue(row["value"]!)
            if let number = expected as? NSNumber, !(expected is NSNull) {
                #expect(value == number.doubleValue, "\(key)")
                nonNull += 1
            } else {
                #expect(row["value"]!.isNull, "\(key)")
            }
            // cellSources: same nesting; the text, note and location of found cells.
            var source: Any? = sources[table]
            for part in (rowKey + "." + column).split(separator: ".") { source = (source as? [String: Any])?[String(part)] }
            let cellSource = source as? [String: Any]
            #expect(String.fromDatabaseValue(row["raw"]!) == cellSource?["text"] as? String, "\(key)")
            #expect(String.fromDatabaseValue(row["note"]!) == cellSource?["note"] as? String, "\(key)")
            let location = cellSource?["location"] as? [String: Any]
            #expect(Int.fromDatabaseValue(row["line"]!) == location?["line"] as? Int, "\(key)")
            #expect(Int.fromDatabaseValue(row["page"]!) == location?["page"] as? Int, "\(key)")
            // OCR provenance: as cellSources says (NULL for a cell not read by OCR).
            let ocr = cellSource?["ocr"] as? [String: Any]
            #expect(String.fromDatabaseValue(row["ocr"]!) == ocr?["reading"] as? String, "\(key)")
            #expect(Int.fromDatabaseValue(row["ocrConfidence"]!) == ocr?["confidence"] as? Int, "\(key)")
            if ocr != nil { ocrCells += 1 }
        }
        // The mixed PDF's table 三 page was read by OCR; the other fixtures were not.
        #expect(fixture.hasPrefix("ocr/") ? ocrCells > 100 : ocrCells == 0, "\(ocrCells)")
        #expect(nonNull > 100)
        let meta = try db.query("SELECT agency, year, template, format, source, checksFailed FROM reports")
        #expect(meta.count == 1)
        #expect(String.fromDatabaseValue(meta[0]["agency"]!) == report.metadata.agency)
        #expect(Int.fromDatabaseValue(meta[0]["year"]!) == report.metadata.year)
        #expect(String.fromDatabaseValue(meta[0]["source"]!) == report.source.file)
    }

    @Test("a corpus made before the OCR columns gets them when opened, NULL for the cells it holds, and takes new reports")
    func migratesToV2() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        // The first version's tables, with a cell, as an older nianbao left them.
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: CorpusSchema.v1)
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v1')")
            try db.execute(sql: "INSERT INTO reports VALUES ('abc', 'old.txt', 'text', NULL, '某县', 2023, '2021', NULL, '2026-01-01T00:00:00Z', 0, 0)")
            try db.execute(sql: "INSERT INTO cells (reportSha256, tableName, rowKey, columnKey, value, raw) VALUES ('abc', 'applications', 'newReceived', 'total', 4321, '4321')")
        }
        try old.close()
        let db = try CorpusDatabase(path: path)
        let kept = try db.query("SELECT value, ocr, ocrConfidence FROM cells WHERE reportSha256 = 'abc'")
        #expect(kept.count == 1)
        #expect(Double.fromDatabaseValue(kept[0]["value"]!) == 4321)
        #expect(kept[0]["ocr"]!.isNull && kept[0]["ocrConfidence"]!.isNull)
        let report = try Fixtures.report("text/pingtan_2019_page.txt")
        try db.upsert(report)
        #expect(try db.rowCounts()["reports"] == 2)
    }

    @Test("an error inside the transaction leaves no partial report, and an earlier import of it untouched", arguments: ["reports", "cells", "checks", "diagnostics"])
    func interrupted(_ stage: String) throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let kept = try Fixtures.report("text/pingtan_2019_page.txt")
        try db.upsert(kept)
        let before = try db.rowCounts()

        // A new report interrupted: nothing of it is stored.
        let new = try Fixtures.report("text/001_88f1d5ea082339d9.txt")
        #expect(throws: NianbaoError.self) {
            try db.upsert(new, convertedAt: Date(), interrupt: { if $0 == stage { throw Interrupted() } })
        }
        #expect(try db.rowCounts() == before)
        for table in CorpusSchema.tables {
            let column = table == "reports" ? "sha256" : "reportSha256"
            #expect(try db.query("SELECT 1 FROM \(table) WHERE \(column) = ?", arguments: [new.source.sha256]).isEmpty, "\(table)")
        }

        // The same source re-imported with other values, interrupted: the first import stays as it was.
        var changed = kept
        changed.metadata.agency = "改过的机关"
        changed.tables.applications["newReceived.total"] = CellValue(number: 99999, raw: "99999")
        #expect(throws: NianbaoError.self) {
            try db.upsert(changed, convertedAt: Date(), interrupt: { if $0 == stage { throw Interrupted() } })
        }
        #expect(try db.rowCounts() == before)
        let agency = try db.query("SELECT agency FROM reports WHERE sha256 = ?", arguments: [kept.source.sha256])
        #expect(String.fromDatabaseValue(agency[0]["agency"]!) == "平潭综合实验区")
        let total = try db.query(
            "SELECT value FROM cells WHERE reportSha256 = ? AND tableName = 'applications' AND rowKey = 'newReceived' AND columnKey = 'total'",
            arguments: [kept.source.sha256])
        #expect(Double.fromDatabaseValue(total[0]["value"]!) == kept.tables.number(.applications, "newReceived.total"))
        #expect(kept.tables.number(.applications, "newReceived.total") != 99999)
    }

    @Test("convert --db imports a folder; a re-run skips what the corpus holds; the README's queries answer")
    func commandLine() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), path = dir.appendingPathComponent("corpus.sqlite").path
        try BatchFolder.fill(inputs, BatchFolder.good + ["pdf/hongze_2023.pdf", "pdf/corrupt.pdf"])
        let first = try CLI.run(["convert", inputs.path, "--db", path])
        #expect(first.status == 2)
        #expect(first.stderr.contains("corrupt.pdf: cannot read the file"))
        #expect(first.stderr.contains("nianbao: 6 converted, 0 up to date, 1 failed, of 7 inputs"), "\(first.stderr)")
        let db = try CorpusDatabase(path: path)
        let counts = try db.rowCounts()
        #expect(counts["reports"] == 6)

        let second = try CLI.run(["convert", inputs.path, "--db", path])
        #expect(second.stderr.contains("nianbao: 0 converted, 6 up to date, 1 failed, of 7 inputs"), "\(second.stderr)")
        let forced = try CLI.run(["convert", inputs.path, "--db", path, "--force"])
        #expect(forced.stderr.contains("nianbao: 6 converted, 0 up to date, 1 failed"), "\(forced.stderr)")
        #expect(try db.rowCounts() == counts)

        // README: applications by year.
        let byYear = try db.query("""
            SELECT r.year, SUM(c.value) AS applications, COUNT(*) AS reports
            FROM cells c JOIN reports r ON r.sha256 = c.reportSha256
            WHERE c.tableName = 'applications' AND c.rowKey = 'newReceived' AND c.columnKey = 'total'
            GROUP BY r.year ORDER BY r.year
            """)
        let expected = try (BatchFolder.good + ["pdf/hongze_2023.pdf"]).map { try Fixtures.report($0) }
        let sums = Dictionary(grouping: expected, by: { $0.metadata.year! }).mapValues { $0.compactMap { $0.tables.number(.applications, "newReceived.total") }.reduce(0, +) }
        #expect(byYear.map { Int.fromDatabaseValue($0["year"]!)! } == sums.keys.sorted())
        #expect(byYear.map { Double.fromDatabaseValue($0["applications"]!)! } == sums.keys.sorted().map { sums[$0]! })
        // README: reports failing 勾稽 rules.
        let failing = try db.query("""
            SELECT r.agency, r.year, COUNT(*) AS failed FROM checks k JOIN reports r ON r.sha256 = k.reportSha256
            WHERE k.status = 'fail' GROUP BY r.sha256 ORDER BY failed DESC, r.agency
            """)
        let failingReports = expected.filter { $0.checks.contains { $0.status == .fail } }
        #expect(Set(failing.map { String.fromDatabaseValue($0["agency"]!)! }) == Set(failingReports.map { $0.metadata.agency! }))
        // README: the largest 行政处罚 counts.
        let punishments = try db.query("""
            SELECT r.agency, r.year, c.value FROM cells c JOIN reports r ON r.sha256 = c.reportSha256
            WHERE c.tableName = 'activeDisclosure' AND c.rowKey = 'punishment' AND c.columnKey = 'decisions' AND c.value IS NOT NULL
            ORDER BY c.value DESC LIMIT 10
            """)
        let decisions = expected.compactMap { $0.tables.number(.activeDisclosure, "punishment.decisions") }.sorted(by: >)
        #expect(punishments.map { Double.fromDatabaseValue($0["value"]!)! } == decisions)
    }

    @Test("connections opening one new corpus at once all succeed, and its versions are applied once each")
    func concurrentCreation() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for round in 0..<200 {
            let path = dir.appendingPathComponent("corpus\(round).sqlite").path
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do { _ = try CorpusDatabase(path: path) } catch { failures.withLock { $0.append("\(error)") } }
            }
            #expect(failures.withLock { $0 }.isEmpty, "round \(round): \(failures.withLock { $0 })")
            let versions = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
            #expect(versions == ["v1", "v2", "v3"])
        }
    }

    /// The number of reports in the corpus at `path`, read without creating or changing anything
    /// (nil while the batch has not made its tables yet).
    static func reportCount(readOnly path: String) -> Int? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try? DatabaseQueue(path: path, configuration: configuration).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM reports") }
    }

    @Test("--stats adds a line with the time of the corpus writes, counting only the reports written; a batch's flag")
    func stats() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), path = dir.appendingPathComponent("corpus.sqlite").path
        try BatchFolder.fill(inputs, ["text/pingtan_2019_page.txt", "html/qingshan_district_2023_trs.html", "pdf/hongze_2023.pdf", "pdf/corrupt.pdf"])
        let pattern = /nianbao: stats: 3 reports written to the corpus in \d+\.\d\d s \(\d+\.\d\d ms a report\)\n/
        let first = try CLI.run(["convert", inputs.path, "--db", path, "--stats", "--jobs", "2"])
        #expect(first.status == 2)
        #expect(first.stderr.contains(pattern), "\(first.stderr)")
        // The last line, after the summary.
        #expect(first.stderr.split(separator: "\n").last?.hasPrefix("nianbao: stats: ") == true, "\(first.stderr)")
        let again = try CLI.run(["convert", inputs.path, "--db", path, "--stats"])
        #expect(again.stderr.hasSuffix("nianbao: stats: 0 reports written to the corpus in 0.00 s\n"), "\(again.stderr)")
        let noCorpus = try CLI.run(["convert", inputs.path, "--out", dir.appendingPathComponent("out").path, "--stats"])
        #expect(noCorpus.stderr.hasSuffix("nianbao: stats: no corpus written (no --db)\n"), "\(noCorpus.stderr)")
        #expect(try !CLI.run(["convert", inputs.path, "--db", path]).stderr.contains("stats:"))
        let single = try CLI.run(["convert", Fixtures.path("text/pingtan_2019_page.txt"), "--stats"])
        #expect(single.status == 64)
        #expect(single.stderr.contains("--stats times a batch"), "\(single.stderr)")
    }

    @Test("a file that is not SQLite is an error naming it")
    func notADatabase() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("corpus.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: path)
        #expect(throws: NianbaoError.self) { try CorpusDatabase(path: path.path) }
        let result = try CLI.run(["convert", Fixtures.path("text/001_88f1d5ea082339d9.txt"), "--db", path.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("corpus.sqlite: cannot write the output (cannot open it as an SQLite corpus"), "\(result.stderr)")
    }

    @Test("a batch killed with SIGKILL leaves a consistent corpus, and the re-run converts only what is missing")
    func killedRun() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), path = dir.appendingPathComponent("corpus.sqlite").path
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        // One report, 120 different sources (k trailing newlines): 120 reports, all with the same cells.
        let text = try String(contentsOfFile: Fixtures.path("text/001_88f1d5ea082339d9.txt"), encoding: .utf8)
        let count = 120
        for k in 0..<count {
            try Data((text + String(repeating: "\n", count: k + 1)).utf8).write(to: inputs.appendingPathComponent(String(format: "r%03d.txt", k)))
        }
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["convert", inputs.path, "--db", path, "--jobs", "1", "--progress", "none"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once a few reports are in, without warning, midway through the batch.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline {
            // Counted read-only: opening it as a corpus would race the batch making its tables.
            if let reports = Self.reportCount(readOnly: path), reports >= 5 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(process.isRunning, "the batch ended before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let db = try CorpusDatabase(path: path)
        #expect(try db.query("PRAGMA integrity_check").first?["integrity_check"] == "ok".databaseValue)
        let done = try db.rowCounts()["reports"] ?? 0
        #expect(done >= 5 && done < count, "\(done) reports after the kill")
        // Every report that is in is whole: as many cells as the same report imported alone.
        let cellsPerReport = try db.query("SELECT reportSha256, COUNT(*) AS n FROM cells GROUP BY reportSha256").map { Int.fromDatabaseValue($0["n"]!)! }
        let (alone, aloneDir) = try Self.database()
        defer { try? FileManager.default.removeItem(at: aloneDir) }
        try alone.upsert(ReportReader.report(inputs.appendingPathComponent("r000.txt").path))
        let whole = try alone.rowCounts()["cells"]!
        #expect(cellsPerReport.count == done)
        #expect(cellsPerReport.allSatisfy { $0 == whole })

        let rerun = try CLI.run(["convert", inputs.path, "--db", path, "--jobs", "1"])
        #expect(rerun.status == 0)
        #expect(rerun.stderr.contains("nianbao: \(count - done) converted, \(done) up to date, 0 failed, of \(count) inputs"), "\(rerun.stderr)")
        #expect(try db.rowCounts()["reports"] == count)
        #expect(try db.rowCounts()["cells"] == count * whole)
    }
}
