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

@Suite("Batch: naming, inputs, progress")
struct BatchUnitTests {
    func inputs(_ sources: [String]) -> [BatchInput] { sources.map { BatchInput(source: $0, isURL: BatchInput.isURL($0)) } }

    @Test("names come from the sources; colliding ones get a hash of their source, whatever the order")
    func naming() {
        let sources = [
            "a/report.pdf", "b/report.pdf", "c/other.txt", "d/other.md", "https://www.gov.cn/zwgk/2024/ndbg.html?id=3",
            "https://www.example.gov.cn/", "x/.hidden.txt", "y/报告 2024.txt",
        ]
        let names = OutputNaming.names(for: inputs(sources), fileExtension: "json")
        let hash = { (s: String) in String(SHA256.hex(Array(s.utf8)).prefix(8)) }
        #expect(names == [
            "report-\(hash("a/report.pdf")).json", "report-\(hash("b/report.pdf")).json",
            "other-\(hash("c/other.txt")).json", "other-\(hash("d/other.md")).json", "ndbg.json", "www.example.gov.cn.json",
            "_hidden.json", "报告 2024.json",
        ])
        let reversed = OutputNaming.names(for: inputs(sources.reversed()), fileExtension: "json")
        #expect(Array(reversed.reversed()) == names)
    }

    @Test("a name still taken after the hash is numbered")
    func numbered() {
        let hash = String(SHA256.hex(Array("p/a.txt".utf8)).prefix(8))
        let names = OutputNaming.names(for: inputs(["p/a.txt", "q/a.md", "r/a-\(hash).txt"]), fileExtension: "csv")
        #expect(names[2] == "a-\(hash).csv")
        #expect(names[0] == "a-\(hash)-2.csv")
        #expect(Set(names).count == 3)
    }

    @Test("folders are walked in path order, following links, skipping hidden entries, other extensions and the excluded folder")
    func collect() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        for path in ["b/z.txt", "b/a.PDF", "a.md", "c.htm", "d.shtml", "e.doc", "g.xls", "h.RTF", ".git/x.txt", "out/o.html", "nested/deep/f.html"] {
            let url = dir.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("link.txt").path, withDestinationPath: dir.appendingPathComponent("a.md").path)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("loop").path, withDestinationPath: dir.path)
        let found = try InputCollector(excluding: [dir.appendingPathComponent("out").path]).collect(arguments: [dir.path, "missing.txt", dir.path + "/a.md"])
        #expect(found.map(\.source) == ["a.md", "b/a.PDF", "b/z.txt", "c.htm", "d.shtml", "e.doc", "h.RTF", "link.txt", "nested/deep/f.html"].map { dir.path + "/" + $0 } + ["missing.txt"])
    }

    @Test("lists: one entry a line, blank lines and # comments skipped, URLs kept as URLs")
    func lists() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = dir.appendingPathComponent("list")
        try Data("# header\r\n  https://example.gov.cn/a.html \r\n\r\nlocal.txt\n#local2.txt\n".utf8).write(to: list)
        #expect(try InputCollector.entries(ofList: list.path) == ["https://example.gov.cn/a.html", "local.txt"])
        let collected = try InputCollector().collect(arguments: [], lists: [list.path])
        #expect(collected == [BatchInput(source: "https://example.gov.cn/a.html", isURL: true), BatchInput(source: "local.txt", isURL: false)])
        #expect(throws: NianbaoError.unreadableInput(path: dir.appendingPathComponent("none").path, reason: "no such file")) {
            try InputCollector().collect(arguments: [], lists: [dir.appendingPathComponent("none").path])
        }
    }

    @Test("progress text: done/total, rate, time left, failures; the bar fits the width")
    func progressText() {
        #expect(BatchProgress.status(done: 120, total: 1000, failed: 2, elapsed: 4) == "120/1000 12%, 30.0/s, 0:29 left, 2 failed")
        #expect(BatchProgress.status(done: 10, total: 10, failed: 0, elapsed: 3725) == "10/10 100%, 0.0/s, 1:02:05")
        #expect(BatchProgress.status(done: 0, total: 5, failed: 0, elapsed: 0) == "0/5 0%, 0.0/s, -:-- left")
        let bar = BatchProgress.bar(done: 50, total: 100, failed: 0, elapsed: 10, width: 80)
        #expect(bar == "[" + String(repeating: "#", count: 20) + String(repeating: ".", count: 20) + "] 50/100 50%, 5.0/s, 0:10 left")
        #expect(BatchProgress.bar(done: 50, total: 100, failed: 0, elapsed: 10, width: 30).count <= 29)
    }

    @Test("lines mode writes a last line at N/N; none writes only failures")
    func progressModes() {
        final class Sink: @unchecked Sendable {
            let lock = NSLock()
            var text = ""
            func write(_ s: String) { lock.withLock { text += s } }
        }
        let lines = Sink()
        let progress = BatchProgress(mode: .lines, total: 3, write: lines.write)
        progress.record()
        progress.record(failure: "x.txt: broken")
        progress.record(skipped: true)
        progress.finish()
        #expect(lines.text.hasPrefix("nianbao: 1/3 33%, "))
        #expect(lines.text.contains("nianbao: x.txt: broken\n"))
        #expect(lines.text.split(separator: "\n").last!.hasPrefix("nianbao: 3/3 100%, "))
        #expect(lines.text.hasSuffix(", 1 failed\n"))

        let none = Sink()
        let quiet = BatchProgress(mode: .none, total: 2, write: none.write)
        quiet.record(failure: "y.pdf: broken")
        quiet.record()
        quiet.finish()
        #expect(none.text == "nianbao: y.pdf: broken\n")
    }

    @Test("the runner runs every index once, at most `jobs` at a time")
    func runner() async {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var running = 0, peak = 0
            func enter() { lock.withLock { running += 1; peak = max(peak, running) } }
            func leave() { lock.withLock { running -= 1 } }
        }
        for jobs in [1, 3] {
            let counter = Counter()
            var seen: [Int] = []
            await BatchRunner(jobs: jobs).run(count: 20, job: { index in
                await BatchRunner.offload {
                    counter.enter()
                    usleep(2000)
                    counter.leave()
                    return index * 2
                }
            }) { index, result in
                #expect(result == index * 2)
                seen.append(index)
            }
            #expect(seen.sorted() == Array(0..<20))
            #expect(counter.peak <= jobs)
            if jobs == 1 { #expect(counter.peak == 1) }
        }
    }
}
