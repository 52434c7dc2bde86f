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

/// Runs the built `nianbao` executable, which swift test builds beside the test bundle.
enum CLI {
    static let executable: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("nianbao").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("nianbao")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A program that ends before reading all its input must not take the tests down with SIGPIPE.
    private static let brokenPipesIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// `directory`: the folder the program runs in (default: the tests' own).
    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], directory: URL? = nil) throws -> Result {
        _ = brokenPipesIgnored
        let process = Process()
        process.executableURL = executable
        if let directory { process.currentDirectoryURL = directory }
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Standard input is written and standard error read on threads of their own, so that no
        // pipe can fill while the program waits for another (a program that refuses its input
        // early just leaves the rest unread).
        let writer = Thread {
            if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let errData = Collected()
        let reader = Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished || !writer.isFinished { usleep(5_000) }
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// Bytes one thread reads and another takes once it has finished.
    private final class Collected: @unchecked Sendable {
        var data = Data()
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

@Suite("Command line", .serialized)
struct CommandLineTests {
    let seed = Fixtures.path("text/001_88f1d5ea082339d9.txt")

    @Test("convert writes the JSON contract to standard output")
    func convertToStdout() throws {
        let result = try CLI.run(["convert", seed])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(json["schemaVersion"] as? Int == 1)
        let report = json["report"] as! [String: Any]
        #expect(report["agency"] as? String == "管头镇")
        #expect(report["publishedOn"] as? String == "2025-01-24")
        let tables = json["tables"] as! [String: Any]
        let applications = tables["applications"] as! [String: Any]
        let denied = applications["denied"] as! [String: Any]
        #expect((denied["stateSecret"] as! [String: Any])["naturalPerson"] as? Int == 0)
        #expect(Set(json.keys) == ["schemaVersion", "source", "report", "preamble", "sections", "closing", "tables", "cellSources", "checks", "diagnostics"])
        let closing = try #require(json["closing"] as? [[String: Any]])
        #expect(closing.compactMap { $0["text"] as? String } == ["管头镇人民政府", "2025年1月24日"])
    }

    @Test("convert reads standard input")
    func convertStdin() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: seed))
        let result = try CLI.run(["convert", "-"], stdin: bytes)
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"agency\": \"管头镇\""))
        #expect(result.stdout.contains("\"file\": \"-\""))
    }

    @Test("-o writes the file whole; a failing input writes nothing")
    func outputFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("out.json").path
        #expect(try CLI.run(["convert", seed, "-o", good]).status == 0)
        #expect(FileManager.default.fileExists(atPath: good))
        let before = try String(contentsOfFile: good, encoding: .utf8)

        let notReport = dir.appendingPathComponent("note.txt")
        try Data("今天天气很好。\n".utf8).write(to: notReport)
        let failed = try CLI.run(["convert", notReport.path, "-o", good])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("not a government information disclosure annual report"))
        #expect(failed.stderr.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: good, encoding: .utf8) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["note.txt", "out.json"])
    }

    @Test("bad inputs: one clear line and exit 2", arguments: [
        ("missing.txt", "no such file"), ("report.docx", "not a readable ZIP archive"), ("empty.txt", "the input is empty"),
        ("binary.txt", "neither UTF-8 nor GB18030"),
    ])
    func badInputs(_ name: String, _ message: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name)
        switch name {
        case "report.docx": try Data("PK".utf8).write(to: path)
        case "empty.txt": try Data().write(to: path)
        case "binary.txt": try Data([0xC3, 0x28, 0xFF, 0xFF, 0xA0, 0x80, 0xFF, 0x9F]).write(to: path.deletingPathExtension().appendingPathExtension("txt"))
        default: break
        }
        let result = try CLI.run(["convert", path.path, "-o", dir.appendingPathComponent("x.json").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.json").path))
    }

    @Test("an unwritable output is exit 3")
    func unwritable() throws {
        let result = try CLI.run(["convert", seed, "-o", "/nonexistent-folder/out.json"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("does not exist"))
    }

    @Test("usage errors are exit 64")
    func usage() throws {
        #expect(try CLI.run(["convert", seed, "-o", "out.xlsx"]).status == 64)
        #expect(try CLI.run(["frobnicate"]).status == 64)
    }

    @Test("check exits 0 on a consistent report and 1 on a failing one")
    func check() throws {
        let ok = try CLI.run(["check", seed])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("42 passed, 0 failed"))

        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = try String(contentsOfFile: Fixtures.path("text/002_9589ac1eaec416c0.txt"), encoding: .utf8)
        text = text.replacingOccurrences(of: "(一) 予以公开\t0\t0", with: "(一) 予以公开\t4\t0")
        let bad = dir.appendingPathComponent("bad.txt")
        try Data(text.utf8).write(to: bad)
        let failed = try CLI.run(["check", seed, bad.path])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("FAIL  （一）予以公开：自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他 = 总计: parts sum to 4, printed 0"))
    }

    @Test("extract dumps the document model with locations")
    func extract() throws {
        let result = try CLI.run(["extract", seed])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let blocks = json["blocks"] as! [[String: Any]]
        #expect(blocks.contains { $0["kind"] as? String == "table" })
        #expect((blocks.first?["location"] as? [String: Any])?["line"] as? Int == 1)
    }
}
