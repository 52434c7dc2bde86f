import Foundation
import GRDB
import Testing
@testable import NianbaoCorpus
@testable import NianbaoKit

/// `nianbao corpus merge`: the corpora of a batch's shards merged equal the corpus of one run.
@Suite("Corpus merge", .serialized)
struct CorpusMergeTests {
    /// Every row of the four merged tables, as text, sorted; `convertedAt` (the time of each
    /// conversion) left out.
    static func rows(_ path: String) throws -> [String] {
        let corpus = try CorpusDatabase(path: path)
        var result: [String] = []
        for table in CorpusDatabase.mergedTables {
            for row in try corpus.query("SELECT * FROM \(table)") {
                let fields = row.keys.sorted().filter { $0 != "convertedAt" }.map { "\($0)=\(row[$0]?.description ?? "")" }
                result.append("\(table): " + fields.joined(separator: " "))
            }
        }
        return result.sorted()
    }

    @Test("two shards' corpora merged equal the whole batch's corpus row for row; merging again changes nothing")
    func shardsMerged() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in")
        try BatchFolder.fill(inputs, BatchFolder.good + ["pdf/hongze_2023.pdf"])
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        #expect(try CLI.run(["convert", inputs.path, "--db", path("whole.sqlite"), "--progress", "none"]).status == 0)
        for index in 0..<2 {
            let shard = try CLI.run(["convert", inputs.path, "--db", path("shard\(index).sqlite"), "--shard", "\(index)/2", "--progress", "none"])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merge = try CLI.run(["corpus", "merge", path("shard0.sqlite"), path("shard1.sqlite"), "--into", path("merged.sqlite")])
        #expect(merge.status == 0, "\(merge.stderr)")
        let added = merge.stderr.split(separator: "\n").compactMap { line in line.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } }
        #expect(added.reduce(0, +) == 6, "\(merge.stderr)")
        let whole = try Self.rows(path("whole.sqlite"))
        #expect(whole.count > 1000)
        #expect(try Self.rows(path("merged.sqlite")) == whole)

        let again = try CLI.run(["corpus", "merge", path("shard0.sqlite"), path("shard1.sqlite"), "--into", path("merged.sqlite")])
        #expect(again.status == 0)
        #expect(!again.stderr.contains(" 1 added") && again.stderr.contains("0 added, 0 replaced"), "\(again.stderr)")
        #expect(try Self.rows(path("merged.sqlite")) == whole)
    }

    @Test("a report converted later replaces the target's; an earlier one is kept")
    func laterConversionWins() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try ReportReader.report(Fixtures.path("text/pingtan_2019_page.txt"))
        let older = try CorpusDatabase(path: dir.appendingPathComponent("older.sqlite").path)
        let newer = try CorpusDatabase(path: dir.appendingPathComponent("newer.sqlite").path)
        try older.upsert(report, convertedAt: Date(timeIntervalSince1970: 1_700_000_000))
        var changed = report
        changed.metadata.agency = "平潭综合实验区管委会（重新转换）"
        try newer.upsert(changed, convertedAt: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try older.merge(from: newer.path) == CorpusDatabase.MergeCount(added: 0, replaced: 1, kept: 0))
        #expect(try older.query("SELECT agency FROM reports").first?["agency"] == "平潭综合实验区管委会（重新转换）".databaseValue)
        #expect(try newer.merge(from: older.path) == CorpusDatabase.MergeCount(added: 0, replaced: 0, kept: 1))
        #expect(try older.rowCounts() == newer.rowCounts())
    }

    @Test("a source that is no corpus is exit 2 naming it, the target untouched; --into a source is exit 64")
    func badSources() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("target.sqlite").path
        let report = try ReportReader.report(Fixtures.path("text/pingtan_2019_page.txt"))
        try CorpusDatabase(path: target).upsert(report)
        let before = try Self.rows(target)
        let notSQLite = dir.appendingPathComponent("notes.sqlite")
        try Data("这不是数据库".utf8).write(to: notSQLite)
        let otherSQLite = dir.appendingPathComponent("other.sqlite").path
        let other = try DatabaseQueue(path: otherSQLite)
        try other.write { try $0.execute(sql: "CREATE TABLE reports (sha256 TEXT)") }
        for (source, message) in [(notSQLite.path, "not a nianbao corpus"), (otherSQLite, "its reports table has no source column"),
                                  (dir.appendingPathComponent("missing.sqlite").path, "no such file")] {
            let result = try CLI.run(["corpus", "merge", source, "--into", target])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains(source) && result.stderr.contains(message), "\(result.stderr)")
            #expect(try Self.rows(target) == before)
        }
        let same = try CLI.run(["corpus", "merge", target, "--into", target])
        #expect(same.status == 64, "\(same.stderr)")
    }
}
