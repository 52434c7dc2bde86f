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

/// A web site on 127.0.0.1 for the fetch and scrape tests: `testsite.py` beside this file, in a
/// process of its own (a server inside the test process would answer on the same few Swift
/// concurrency threads that tests waiting for a `nianbao` child block). Only the loopback
/// address is used; every behaviour is bounded (sleeps of a few seconds at most).
final class TestSite: Sendable {
    /// What the server answers for a path.
    enum Route: Sendable {
        case page(Data, contentType: String)
        case status(Int)
        case redirect(String)
        case slow(seconds: Double)
        /// The page for the first `times` requests, then 500.
        case goodThenFailing(Data, contentType: String, times: Int)
        /// Any status with any header fields (Retry-After, Location, …) and body.
        case raw(status: Int, headers: [String: String], body: Data)

        var json: [String: Any] {
            switch self {
            case let .page(data, type): ["kind": "page", "body": data.base64EncodedString(), "contentType": type]
            case let .status(code): ["kind": "status", "status": code]
            case let .redirect(location): ["kind": "redirect", "location": location]
            case let .slow(seconds): ["kind": "slow", "seconds": seconds]
            case let .goodThenFailing(data, type, times):
                ["kind": "goodThenFailing", "body": data.base64EncodedString(), "contentType": type, "times": times]
            case let .raw(status, headers, body): ["kind": "raw", "status": status, "headers": headers, "body": body.base64EncodedString()]
            }
        }
    }

    /// Every request the server got, in order (the server writes it before it answers).
    struct Log: Sendable {
        let file: URL
        var requests: [(path: String, userAgent: String)] {
            get async {
                let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
                return text.split(separator: "\n").compactMap { line in
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                          let path = object["path"] else { return nil }
                    return (path, object["userAgent"] ?? "")
                }
            }
        }
        var paths: [String] { get async { await requests.map(\.path) } }
        func count(_ path: String) async -> Int { await requests.filter { $0.path == path }.count }
    }

    let port: UInt16
    let log: Log
    private let process: Process
    private let control: FileHandle
    private let folder: URL

    private init(port: UInt16, log: Log, process: Process, control: FileHandle, folder: URL) {
        self.port = port
        self.log = log
        self.process = process
        self.control = control
        self.folder = folder
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("testsite.py")

    static func start(_ routes: [String: Route]) async throws -> TestSite {
        let folder = try CLI.temporaryDirectory()
        let logFile = folder.appendingPathComponent("requests.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, logFile.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = try JSONSerialization.data(withJSONObject: routes.mapValues(\.json))
        line.append(0x0A)
        try input.fileHandleForWriting.write(contentsOf: line)
        let reader = output.fileHandleForReading
        let answer: String = await withCheckedContinuation { continuation in
            Thread {
                var bytes = Data()
                while let byte = try? reader.read(upToCount: 1), let first = byte.first, first != 0x0A { bytes.append(first) }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }.start()
        }
        guard let port = UInt16(answer) else {
            Issue.record("the test site did not start (it printed \"\(answer)\")")
            process.terminate()
            throw URLError(.cannotConnectToHost)
        }
        return TestSite(port: port, log: Log(file: logFile), process: process, control: input.fileHandleForWriting, folder: folder)
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func stop() async {
        try? control.close()
        process.terminate()
        try? FileManager.default.removeItem(at: folder)
    }

    static func fixture(_ name: String) -> Data {
        FileManager.default.contents(atPath: Fixtures.path(name))!
    }

    static func html(_ body: String) -> Data {
        Data("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>列表</title></head><body>\(body)</body></html>".utf8)
    }
}

extension CLI {
    /// Runs the CLI on a thread of its own, so that waiting for it never blocks the Swift
    /// concurrency threads the test server answers on.
    static func runDetached(_ arguments: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do { continuation.resume(returning: try CLI.run(arguments)) } catch { continuation.resume(throwing: error) }
            }.start()
        }
    }
}
