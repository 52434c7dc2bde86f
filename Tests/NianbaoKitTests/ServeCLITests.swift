import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `nianbao serve` as a process: it listens, answers, logs, and stops cleanly on SIGTERM.
@Suite("Serve: the command")
struct ServeCLITests {
    @Test("serve answers on 127.0.0.1, logs each request on standard error, and exits 0 on SIGTERM")
    func servesAndStops() async throws {
        let port = Int.random(in: 20_000...60_000)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["serve", "--port", "\(port)"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var log = ""
        while !log.contains("listening on") {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { break }
            log += String(decoding: data, as: UTF8.self)
        }
        #expect(log.contains("nianbao serve: listening on http://127.0.0.1:\(port)/"), "\(log)")
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/api/schema"))
        let (body, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == (try CLI.run(["schema"])).stdout)

        kill(process.processIdentifier, SIGTERM)
        // A hang guard, not a speed target: a clean stop takes well under a second.
        for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still running 30 s after SIGTERM")
        if process.isRunning { return }
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        log += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains(" GET /api/schema 200 "), "\(log)")
    }

    @Test("serve refuses a port, upload limit, concurrency or time limit out of range before listening (exit 64)")
    func options() throws {
        for arguments in [["--port", "0"], ["--port", "65536"], ["--max-upload-mb", "0"], ["--concurrency", "0"], ["--timeout", "0"], ["--timeout", "3601"], ["--max-memory-per-input", "63"]] {
            let result = try CLI.run(["serve"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(arguments[0]), "\(result.stderr)")
        }
        let help = try CLI.run(["serve", "--help"])
        for text in ["--host", "--max-upload-mb", "POST /api/convert", "X-Nianbao-Check", "503", "--timeout", "--allow-private-urls", "url=ADDRESS", "/api/openapi.json", "504", "500", "--max-memory-per-input", "worker process"] {
            #expect(help.stdout.contains(text), "\(text)")
        }
    }
}
