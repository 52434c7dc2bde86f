import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NianbaoKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `nianbao serve` as a process: it listens, answers, logs, and stops cleanly on SIGTERM; its
/// workers end with it, even when it is killed.
@Suite("Serve: the command")
struct ServeCLITests {
    /// `nianbao serve ARGUMENTS --port PORT` started, once it listens (workers that commit `fault`),
    /// its standard error, and what it logged so far.
    static func start(_ arguments: [String], port: Int, fault: String) throws -> (Process, Pipe, String) {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["serve", "--port", "\(port)"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["NIANBAO_TEST_FAULT": fault]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var log = ""
        while !log.contains("listening on") {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { break }
            log += String(decoding: data, as: UTF8.self)
        }
        return (process, errors, log)
    }

    /// The seed converted by the server at `port` (`name` names the upload): its status.
    static func convert(port: Int, name: String) async throws -> Int? {
        let body = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("text/001_88f1d5ea082339d9.txt")))
        return await BatchRunner.offload { () -> Int? in
            LoopbackRequest(port: port, path: "/api/convert?filename=\(name)", body: body)?.status()
        }
    }

    /// The workers of `server`: the processes with `marker` in their environment but the server.
    static func workers(of server: Process, marker: String) -> [Int32] {
        FaultyRun.processes(withEnvironment: marker).filter { $0 != server.processIdentifier }
    }

    /// Polls `condition` every 50 ms for up to `seconds`, without holding a thread of the test pool.
    static func eventually(within seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test("serve answers on 127.0.0.1, logs each request on standard error, and exits 0 on SIGTERM, leaving no worker process behind")
    func servesAndStops() async throws {
        let port = Int.random(in: 20_000...60_000)
        let marker = "serve-stop-\(UUID().uuidString)"
        let (process, errors, started) = try Self.start([], port: port, fault: "crash:\(marker)")
        var log = started
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(log.contains("nianbao serve: listening on http://127.0.0.1:\(port)/"), "\(log)")
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/api/schema"))
        let (body, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == (try CLI.run(["schema"])).stdout)
        #expect(try await Self.convert(port: port, name: "seed.txt") == 200)
        #expect(Self.workers(of: process, marker: marker).count == 1, "the worker waits for the next request")

        kill(process.processIdentifier, SIGTERM)
        // A hang guard, not a speed target: a clean stop takes well under a second.
        for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still running 30 s after SIGTERM")
        if process.isRunning { return }
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        // At once, not eventually: the server ended its worker and waited for it before exiting.
        #expect(Self.workers(of: process, marker: marker).isEmpty, "no worker outlives the server")
        log += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains(" GET /api/schema 200 "), "\(log)")
        #expect(log.contains(" POST /api/convert?filename=seed.txt 200 "), "\(log)")
    }

    @Test("when the server is killed (SIGKILL), its workers end by themselves, idle or in the middle of a conversion")
    func workersEndWithAKilledServer() async throws {
        let port = Int.random(in: 20_000...60_000)
        let marker = "serve-killed-\(UUID().uuidString)"
        // The longest time limit: in the whole suite this test's polling can wait minutes for a
        // thread, and the default limit (120 s) then ended the hung worker before it was seen.
        let (process, _, log) = try Self.start(["--concurrency", "2", "--timeout", "3600"], port: port, fault: "hang:\(marker)")
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(log.contains("listening on"), "\(log)")
        // Sent at once on a connection of its own, and never answered: it hangs until the server is killed.
        let hanging = try #require(LoopbackRequest(port: port, path: "/api/convert?filename=\(marker).txt", body: Data("挂起\n".utf8)))
        defer { hanging.close() }
        #expect(try await Self.eventually(within: 180) { Self.workers(of: process, marker: marker).count == 1 }, "a worker hangs")
        let busy = Self.workers(of: process, marker: marker)
        // The other place: a second worker converts the seed and waits for the next request.
        #expect(try await Self.convert(port: port, name: "seed.txt") == 200)
        let workers = Self.workers(of: process, marker: marker)
        #expect(workers.count == 2 && busy.allSatisfy(workers.contains), "one worker hangs, one is idle: \(workers)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Watched every 250 ms by each worker: well within the bound.
        #expect(try await Self.eventually(within: 10) { FaultyRun.processes(withEnvironment: marker).isEmpty }, "\(FaultyRun.processes(withEnvironment: marker))")
    }

    @Test("serve refuses a port, upload limit, concurrency or time limit out of range before listening (exit 64)")
    func options() throws {
        for arguments in [["--port", "0"], ["--port", "65536"], ["--max-upload-mb", "0"], ["--concurrency", "0"], ["--timeout", "0"], ["--timeout", "3601"], ["--max-memory-per-input", "63"], ["--conversions-per-worker", "0"]] {
            let result = try CLI.run(["serve"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(arguments[0]), "\(result.stderr)")
        }
        let help = try CLI.run(["serve", "--help"])
        for text in ["--host", "--max-upload-mb", "POST /api/convert", "X-Nianbao-Check", "503", "--timeout", "--allow-private-urls", "url=ADDRESS", "/api/openapi.json", "504", "500", "--max-memory-per-input", "worker process", "--conversions-per-worker"] {
            #expect(help.stdout.contains(text), "\(text)")
        }
    }
}

/// One HTTP/1.1 request to 127.0.0.1, sent at once on a connection of its own with plain blocking
/// sockets (no URLSession, whose queues a loaded test run may keep waiting).
private final class LoopbackRequest: @unchecked Sendable {
    private let socket: Int32

    /// Connects and sends `POST path` with `body`; nil when the server cannot be reached.
    init?(port: Int, path: String, body: Data) {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let request = Data(head.utf8) + body
        let sent = connected == 0 ? request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } : -1
        guard sent == request.count else {
            Glibc.close(socket)
            return nil
        }
    }

    /// Reads the answer to its end and returns its status.
    func status() -> Int? {
        var answer = Data(), buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(socket, &buffer, buffer.count)
            guard count > 0 else { break }
            answer.append(contentsOf: buffer[..<count])
        }
        close()
        // "HTTP/1.1 200 OK"
        let words = String(decoding: answer.prefix(32), as: UTF8.self).split(separator: " ")
        return words.count > 1 ? Int(words[1]) : nil
    }

    func close() { Glibc.close(socket) }
}
