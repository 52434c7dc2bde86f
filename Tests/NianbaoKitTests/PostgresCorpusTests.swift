import Foundation
import Testing
@testable import NianbaoCorpus
@testable import NianbaoKit

/// The two kinds of corpus the corpus tests run against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A corpus of one test, removed by `close()`.
struct TestStore {
    var store: any CorpusStore
    var close: () -> Void

    static func make(_ kind: StoreKind) throws -> TestStore {
        switch kind {
        case .sqlite:
            let dir = try CLI.temporaryDirectory()
            let store = try CorpusDatabase(path: dir.appendingPathComponent("corpus.sqlite").path)
            return TestStore(store: store, close: { try? FileManager.default.removeItem(at: dir) })
        case .postgres:
            let database = try TestPostgres.database()
            return TestStore(store: try PostgresCorpus(url: database.url), close: database.drop)
        }
    }

    /// `upsert` with the hook that interrupts it midway.
    func upsert(_ report: AnnualReport, interrupt: @escaping (String) throws -> Void) throws {
        if let sqlite = store as? CorpusDatabase {
            try sqlite.upsert(report, convertedAt: Date(), interrupt: interrupt)
        } else if let postgres = store as? PostgresCorpus {
            try postgres.upsert(report, convertedAt: Date(), interrupt: interrupt)
        }
    }
}

/// The corpus's behaviour in both stores, and PostgreSQL's own: many writers at once, a killed
/// shard, an unreachable server, merges into it. Each test has its own database, dropped after.
@Suite("PostgreSQL corpus", .enabled(if: !TestPostgres.skipped, "NIANBAO_SKIP_POSTGRES=1"))
struct PostgresCorpusTests {
    @Test("importing the fixtures twice gives the same rows, and both stores hold the same rows", arguments: StoreKind.allCases)
    func idempotent(_ kind: StoreKind) throws {
        let test = try TestStore.make(kind)
        defer { test.close() }
        let reports = try CorpusTests.fixtures.map(Fixtures.report)
        for report in reports { try test.store.upsert(report, convertedAt: Date()) }
        let first = try test.store.rowCounts()
        for report in reports.reversed() { try test.store.upsert(report, convertedAt: Date()) }
        #expect(try test.store.rowCounts() == first)
        #expect(first["reports"] == CorpusTests.fixtures.count)
        #expect(first["checks"] == reports.map(\.checks.count).reduce(0, +))
        #expect(first["diagnostics"] == reports.map(\.diagnostics.count).reduce(0, +))
        #expect(first["cells"] ?? 0 > 1000)

        // The same reports in an SQLite corpus (whose cells CorpusTests holds to the JSON): the same rows.
        let sqlite = try TestStore.make(.sqlite)
        defer { sqlite.close() }
        for report in reports { try sqlite.store.upsert(report, convertedAt: Date()) }
        let expected = try sqlite.store.dump()
        #expect(try test.store.dump() == expected)
    }

    @Test("an error inside the transaction leaves no partial report, and an earlier import untouched",
          arguments: StoreKind.allCases, ["reports", "cells", "checks", "diagnostics"])
    func interrupted(_ kind: StoreKind, _ stage: String) throws {
        let test = try TestStore.make(kind)
        defer { test.close() }
        let kept = try Fixtures.report("text/pingtan_2019_page.txt")
        try test.store.upsert(kept, convertedAt: Date())
        let before = try test.store.dump(leaving: [])
        let new = try Fixtures.report("text/001_88f1d5ea082339d9.txt")
        #expect(throws: NianbaoError.self) { try test.upsert(new, interrupt: { if $0 == stage { throw Interrupted() } }) }
        var changed = kept
        changed.metadata.agency = "改过的机关"
        changed.tables.applications["newReceived.total"] = CellValue(number: 99999, raw: "99999")
        #expect(throws: NianbaoError.self) { try test.upsert(changed, interrupt: { if $0 == stage { throw Interrupted() } }) }
        #expect(try test.store.dump(leaving: []) == before)
        #expect(try test.store.contains(sha256: new.source.sha256) == false)
        #expect(try test.store.rows(of: "reports").map { $0["agency"] } == [.text("平潭综合实验区")])
    }

    /// The corpus's rows after `arguments` ran as one convert per element, all at once.
    static func runAtOnce(_ runs: [[String]]) throws -> [CLI.Result] {
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var items: [CLI.Result?]
            init(_ count: Int) { items = Array(repeating: nil, count: count) }
        }
        let results = Results(runs.count)
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            let result = try? CLI.run(runs[index])
            results.lock.withLock { results.items[index] = result }
        }
        return try results.items.map { try #require($0) }
    }

    @Test("four shard processes at once into one database equal one unsharded run, and the SQLite corpus, row for row")
    func fourShardsAtOnce() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in")
        try BatchFolder.fill(inputs, BatchFolder.good + ["pdf/hongze_2023.pdf", "text/003_baeba65b08ac7273.txt", "text/004_5fcbcb2887811187.txt"])
        let whole = try TestPostgres.database(), sharded = try TestPostgres.database()
        defer { whole.drop(); sharded.drop() }
        let one = try CLI.run(["convert", inputs.path, "--db", whole.url, "--progress", "none"])
        #expect(one.status == 0, "\(one.stderr)")
        let shards = try Self.runAtOnce((0..<4).map { ["convert", inputs.path, "--db", sharded.url, "--shard", "\($0)/4", "--progress", "none", "--jobs", "1"] })
        for shard in shards { #expect(shard.status == 0, "\(shard.stderr)") }
        let expected = try PostgresCorpus(url: whole.url).dump()
        #expect(try PostgresCorpus(url: sharded.url).rowCounts()["reports"] == 8)
        #expect(expected.count > 2000)
        #expect(try PostgresCorpus(url: sharded.url).dump() == expected)
        let sqlite = dir.appendingPathComponent("whole.sqlite").path
        #expect(try CLI.run(["convert", inputs.path, "--db", sqlite, "--progress", "none"]).status == 0)
        #expect(try CorpusDatabase(path: sqlite).dump() == expected)
    }

    /// `count` different sources of one report (k trailing newlines) in `dir`.
    static func variants(_ dir: URL, count: Int) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: Fixtures.path("text/001_88f1d5ea082339d9.txt"), encoding: .utf8)
        for k in 0..<count {
            try Data((text + String(repeating: "\n", count: k + 1)).utf8).write(to: dir.appendingPathComponent(String(format: "r%03d.txt", k)))
        }
    }

    @Test("two processes importing the same bytes at once give one whole report each, none lost or doubled")
    func sameBytesTwice() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = 30
        try Self.variants(dir.appendingPathComponent("a"), count: count)
        try FileManager.default.copyItem(at: dir.appendingPathComponent("a"), to: dir.appendingPathComponent("b"))
        let database = try TestPostgres.database()
        defer { database.drop() }
        let runs = try Self.runAtOnce(["a", "b"].map { ["convert", dir.appendingPathComponent($0).path, "--db", database.url, "--progress", "none", "--jobs", "2"] })
        for run in runs { #expect(run.status == 0, "\(run.stderr)") }
        let corpus = try PostgresCorpus(url: database.url)
        let alone = try TestStore.make(.sqlite)
        defer { alone.close() }
        try alone.store.upsert(ReportReader.report(dir.appendingPathComponent("a/r000.txt").path), convertedAt: Date())
        let cells = try #require(try alone.store.rowCounts()["cells"])
        #expect(try corpus.rowCounts()["reports"] == count)
        let perReport = try corpus.query("SELECT reportSha256, COUNT(*) AS n FROM cells GROUP BY reportSha256")
        #expect(perReport.count == count)
        #expect(perReport.allSatisfy { $0["n"] == .integer(Int64(cells)) }, "\(perReport)")
    }

    @Test("a shard killed with SIGKILL leaves whole reports; its re-run converts only what is missing")
    func killedShard() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), count = 120
        try Self.variants(inputs, count: count)
        let database = try TestPostgres.database()
        defer { database.drop() }
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["convert", inputs.path, "--db", database.url, "--jobs", "1", "--progress", "none", "--shard", "0/1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        var watcher: PostgresCorpus?
        while process.isRunning, Date() < deadline {
            watcher = watcher ?? (try? PostgresCorpus(url: database.url, delays: []))
            if let reports = try? watcher?.rowCounts()["reports"], reports >= 5 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(process.isRunning, "the batch ended before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let corpus = try PostgresCorpus(url: database.url)
        let done = try corpus.rowCounts()["reports"] ?? 0
        #expect(done >= 5 && done < count, "\(done) reports after the kill")
        let alone = try TestStore.make(.sqlite)
        defer { alone.close() }
        try alone.store.upsert(ReportReader.report(inputs.appendingPathComponent("r000.txt").path), convertedAt: Date())
        let whole = try #require(try alone.store.rowCounts()["cells"])
        let perReport = try corpus.query("SELECT COUNT(*) AS n FROM cells GROUP BY reportSha256")
        #expect(perReport.count == done)
        #expect(perReport.allSatisfy { $0["n"] == .integer(Int64(whole)) })

        let rerun = try CLI.run(["convert", inputs.path, "--db", database.url, "--jobs", "1", "--shard", "0/1", "--progress", "none"])
        #expect(rerun.status == 0)
        #expect(rerun.stderr.contains("nianbao: \(count - done) converted, \(done) up to date, 0 failed, of \(count) inputs"), "\(rerun.stderr)")
        #expect(try corpus.rowCounts()["reports"] == count)
        #expect(try corpus.rowCounts()["cells"] == count * whole)
    }

    @Test("shards' SQLite corpora merged into PostgreSQL equal the unsharded corpus; merging again changes nothing")
    func mergeIntoPostgres() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in")
        try BatchFolder.fill(inputs, BatchFolder.good + ["pdf/hongze_2023.pdf"])
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        #expect(try CLI.run(["convert", inputs.path, "--db", path("whole.sqlite"), "--progress", "none"]).status == 0)
        for index in 0..<2 {
            #expect(try CLI.run(["convert", inputs.path, "--db", path("shard\(index).sqlite"), "--shard", "\(index)/2", "--progress", "none"]).status == 0)
        }
        let database = try TestPostgres.database()
        defer { database.drop() }
        let merge = try CLI.run(["corpus", "merge", path("shard0.sqlite"), path("shard1.sqlite"), "--into", database.url])
        #expect(merge.status == 0, "\(merge.stderr)")
        let added = merge.stderr.split(separator: "\n").compactMap { line in line.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } }
        #expect(added.reduce(0, +) == 6, "\(merge.stderr)")
        let expected = try CorpusDatabase(path: path("whole.sqlite")).dump()
        #expect(expected.count > 1000)
        #expect(try PostgresCorpus(url: database.url).dump() == expected)
        let again = try CLI.run(["corpus", "merge", path("shard0.sqlite"), path("shard1.sqlite"), "--into", database.url])
        #expect(again.status == 0)
        #expect(!again.stderr.contains(" 1 added") && again.stderr.contains("0 added, 0 replaced"), "\(again.stderr)")
        #expect(try PostgresCorpus(url: database.url).dump() == expected)
        // A source that is no corpus: exit 2 naming it.
        let notes = dir.appendingPathComponent("notes.sqlite")
        try Data("这不是数据库".utf8).write(to: notes)
        let bad = try CLI.run(["corpus", "merge", notes.path, "--into", database.url])
        #expect(bad.status == 2 && bad.stderr.contains("notes.sqlite") && bad.stderr.contains("not a nianbao corpus"), "\(bad.stderr)")
    }

    @Test("a database of another program (a reports table, no nianbao_migrations) is refused, exit 3, unchanged")
    func notACorpus() throws {
        let database = try TestPostgres.database()
        defer { database.drop() }
        let other = try PostgresConnection(url: database.url)
        try other.execute("CREATE TABLE reports (id INTEGER)")
        let result = try CLI.run(["convert", Fixtures.path("text/pingtan_2019_page.txt"), Fixtures.path("text/001_88f1d5ea082339d9.txt"), "--db", database.url])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("it is not a nianbao corpus (its tables: reports)"), "\(result.stderr)")
        let tables = try other.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").rows
        #expect(tables == [[.text("reports")]])
    }
}

/// A PostgreSQL server that cannot be reached (no server needed).
@Suite("PostgreSQL corpus: unreachable")
struct PostgresUnreachableTests {
    @Test("an unreachable database is exit 3 with one line naming it (no password), after retries; nothing is claimed done")
    func unreachable() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let url = "postgresql://nianbao:s3cret@/corpus?host=\(dir.appendingPathComponent("no-server").path)"
        let started = Date()
        let result = try CLI.run(["convert", Fixtures.path("text/pingtan_2019_page.txt"), "--out", out.path, "--db", url, "--shard", "0/1", "--progress", "none"])
        #expect(result.status == 3, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("nianbao: postgresql://nianbao:***@/corpus?host="), "\(result.stderr)")
        #expect(result.stderr.contains("cannot reach the PostgreSQL server (5 attempts): connection to server on socket"), "\(result.stderr)")
        #expect(!result.stderr.contains("s3cret"))
        #expect(Date().timeIntervalSince(started) > 3.5, "retried with backoff")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] == [])

        let merge = try CLI.run(["corpus", "merge", Fixtures.path("text/pingtan_2019_page.txt"), "--into", url])
        #expect(merge.status == 3, "\(merge.stderr)")
        #expect(merge.stderr.contains("cannot reach the PostgreSQL server"), "\(merge.stderr)")
    }
}
