import Foundation
import Testing
@testable import NianbaoCorpus
@testable import NianbaoKit

/// A batch split into shards (`convert --shard I/N`): every input in exactly one shard, the same
/// one on every run and machine, and N sharded runs writing what one whole run writes.
@Suite("Batch shards", .serialized)
struct ShardTests {
    @Test("I/N parses for 0 ≤ I < N only")
    func parsing() {
        #expect(BatchShard(parsing: "0/4") == BatchShard(index: 0, count: 4))
        #expect(BatchShard(parsing: "3/4")?.description == "3/4")
        #expect(BatchShard(parsing: "0/1") != nil)
        for bad in ["4/4", "-1/4", "1/0", "0/0", "a/b", "1/2/3", "", "/", "1/", "/3", " 1/3", "1/1000000", "١/٣"] {
            #expect(BatchShard(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("the hash is FNV-1a 64 (its published test vectors), so shards agree across machines and releases")
    func stableHash() {
        #expect(BatchShard.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(BatchShard.hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(BatchShard.hash("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("N shards are disjoint and together the whole batch, none of them empty on a thousand paths")
    func partition() throws {
        let sources = (0..<1000).map { "reports/2024/县\($0 * 7919)_政府信息公开年报.pdf" }
        for count in [1, 2, 3, 7] {
            var owner: [String: Int] = [:]
            for index in 0..<count {
                let shard = try #require(BatchShard(index: index, count: count))
                let part = sources.filter(shard.contains)
                #expect(!part.isEmpty)
                for source in part { #expect(owner.updateValue(index, forKey: source) == nil, "\(source) in two shards") }
            }
            #expect(owner.count == sources.count)
        }
    }

    @Test("--shard auto: Slurm's array task (less its first index) of its count, Kubernetes' completion index of --shards")
    func environment() throws {
        #expect(try BatchShard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"], shards: nil)
            == BatchShard(index: 2, count: 4))
        #expect(try BatchShard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "9"], shards: nil) == BatchShard(index: 5, count: 9))
        #expect(try BatchShard.fromEnvironment(["JOB_COMPLETION_INDEX": "2"], shards: 3) == BatchShard(index: 2, count: 3))
        let failing: [([String: String], Int?, String)] = [
            ([:], nil, "needs SLURM_ARRAY_TASK_ID"),
            (["JOB_COMPLETION_INDEX": "2"], nil, "pass --shards N"),
            (["JOB_COMPLETION_INDEX": "3"], 3, "is not one of 3 shards"),
            (["SLURM_ARRAY_TASK_ID": "x1"], nil, "is not a whole number"),
            (["SLURM_ARRAY_TASK_ID": "1"], nil, "pass --shards N"),
            (["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"], nil, "use --array=0-3"),
        ]
        for (environment, shards, message) in failing {
            #expect(throws: ShardError.self) { try BatchShard.fromEnvironment(environment, shards: shards) }
            do { _ = try BatchShard.fromEnvironment(environment, shards: shards) } catch { #expect(error.description.contains(message), "\(error)") }
        }
    }

    /// The files of `dir` and their bytes, batch state files left out.
    static func contents(_ dir: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where !name.hasPrefix(".nianbao-batch") {
            result[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return result
    }

    @Test("three shards into one folder write what one whole run writes, byte for byte; each keeps its own state; a re-run skips")
    func shardedRunEqualsWholeRun() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), whole = dir.appendingPathComponent("whole"), sharded = dir.appendingPathComponent("sharded")
        // Two inputs of one name in different folders: their names are hashed over the whole batch.
        try BatchFolder.fill(inputs, BatchFolder.good + ["pdf/hongze_2023.pdf"], renamed: ["text/002_9589ac1eaec416c0.txt": "sub/001_88f1d5ea082339d9.txt"])
        let all = try CLI.run(["convert", inputs.path, "--out", whole.path, "--progress", "none"])
        #expect(all.status == 0, "\(all.stderr)")
        var counts: [Int] = []
        for index in 0..<3 {
            let run = try CLI.run(["convert", inputs.path, "--out", sharded.path, "--shard", "\(index)/3", "--progress", "lines"])
            #expect(run.status == 0, "\(run.stderr)")
            let line = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("nianbao: shard \(index)/3: ") })
            counts.append(Int(line.split(separator: " ")[3]) ?? -1)
            #expect(line.hasSuffix("of the batch's 6 inputs"), "\(line)")
        }
        #expect(counts.reduce(0, +) == 6)
        let expected = try Self.contents(whole)
        #expect(expected.count == 6)
        #expect(try Self.contents(sharded) == expected)
        let states = try FileManager.default.contentsOfDirectory(atPath: sharded.path).filter { $0.hasPrefix(".nianbao-batch") }.sorted()
        #expect(states == (0..<3).map { ".nianbao-batch.shard-\($0)-of-3.json" })
        // Run again: the shard's inputs are up to date, nothing converted.
        let busiest = try #require(counts.indices.max { counts[$0] < counts[$1] })
        let again = try CLI.run(["convert", inputs.path, "--out", sharded.path, "--shard", "\(busiest)/3", "--progress", "none"])
        #expect(again.status == 0)
        #expect(again.stderr.hasPrefix("nianbao: 0 converted, \(counts[busiest]) up to date, 0 failed, of \(counts[busiest]) input"), "\(again.stderr)")
    }

    @Test("a shard that gets no input runs: exit 0, its state file and its corpus made, empty")
    func emptyShard() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pingtan_2019_page.txt")
        try FileManager.default.copyItem(atPath: Fixtures.path("text/pingtan_2019_page.txt"), toPath: file.path)
        let out = dir.appendingPathComponent("out")
        var reports = 0
        for index in 0..<2 {
            let db = dir.appendingPathComponent("shard\(index).sqlite").path
            let run = try CLI.run(["convert", file.path, "--out", out.path, "--db", db, "--shard", "\(index)/2", "--progress", "lines"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".nianbao-batch.shard-\(index)-of-2.json").path))
            reports += try CorpusDatabase(path: db).rowCounts()["reports"] ?? -1
        }
        #expect(reports == 1)
        #expect(try ShardTests.contents(out).keys.sorted() == ["pingtan_2019_page.json"])
    }

    @Test("usage errors: a bad I/N, --shards without auto, --shard on one input, auto outside a job array (exit 64)")
    func usage() throws {
        let file = Fixtures.path("text/pingtan_2019_page.txt")
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let cases: [([String], String)] = [
            (["convert", file, "--out", out, "--shard", "3/3"], "--shard takes I/N"),
            (["convert", file, "--out", out, "--shard", "0/3", "--shards", "3"], "--shards goes with --shard auto"),
            (["convert", file, "--shard", "0/2"], "--shard splits a batch"),
            (["convert", file, "--out", out, "--shard", "auto"], "needs SLURM_ARRAY_TASK_ID"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(arguments)")
        }
    }
}
