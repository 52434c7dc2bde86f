import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import NianbaoKit
import NianbaoServer
import Testing

/// `nianbao serve` converts each input in a worker process: one over the time limit is killed and
/// its place freed, one that crashes costs only its request, and the saved input is removed.
@Suite("Serve: conversions in worker processes")
struct ServeWorkerTests {
    let seed = Fixtures.path("text/001_88f1d5ea082339d9.txt")
    /// The seed's path as the upload's name: the report then names it as `nianbao convert PATH` does.
    var seedName: String { seed.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? seed }

    /// A server with one place and no queue whose workers commit `fault` (NIANBAO_TEST_FAULT) and
    /// make their private folders in `folder`.
    static func app(fault: String, folder: URL, timeLimit: Double = 60, limiter: ConversionLimiter) -> some ApplicationProtocol {
        let workers = WorkerSetup(executable: CLI.executable.path, environment: [TestFault.variable: fault], temporaryFolder: folder.path)
        return NianbaoServer.application(
            settings: ServerSettings(port: 0, concurrentConversions: 1, queueLength: 0, timeLimit: timeLimit, workers: workers),
            limiter: limiter, log: { _ in })
    }

    /// A new empty folder for the server's private folders.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("serve-workers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The process ids of the processes whose environment holds `marker` (workers of this test only).
    static func processes(with marker: String) -> [String] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return ids.filter { id in
            guard id.allSatisfy(\.isNumber), let data = FileManager.default.contents(atPath: "/proc/\(id)/environ") else { return false }
            return String(decoding: data, as: UTF8.self).contains(marker)
        }
    }

    /// The CLI's JSON of the seed, which a conversion after a fault must still give exactly.
    func cliJSON() async throws -> String {
        let cli = try await CLI.runDetached(["convert", seed, "--to", "json"])
        #expect(cli.status == 0, "\(cli.stderr)")
        return cli.stdout
    }

    @Test("a conversion over --timeout is answered 504, its worker is killed and reaped, its folder removed, and its place serves the next conversion")
    func timeout() async throws {
        let marker = "serve-hang-\(UUID().uuidString)"
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limiter = ConversionLimiter(places: 1, queueLength: 0)
        let body = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: seed)))
        let expected = try await cliJSON()
        // The limit is the window in which the hanging worker is seen: long enough for a loaded
        // machine to scan /proc while it hangs.
        try await Self.app(fault: "hang:\(marker)", folder: folder, timeLimit: 8, limiter: limiter).test(.router) { client in
            async let hung = client.execute(uri: "/api/convert?filename=\(marker).txt", method: .post, body: body)
            // While it hangs: one private folder, 0700, holding the upload; one worker.
            var saved: [String] = [], workers: [String] = []
            // In the full suite other tests may hold every concurrency thread for a while, so the
            // request can start late: look until it is seen (its hang lasts the 8 s limit), or 120 s.
            let deadline = ContinuousClock.now + .seconds(120)
            while (saved.isEmpty || workers.isEmpty) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
                saved = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                workers = Self.processes(with: marker)
            }
            #expect(saved.count == 1)
            #expect(workers.count == 1, "the worker is seen while it hangs")
            if let name = saved.first {
                let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
                #expect((attributes[.posixPermissions] as? Int) == 0o700)
            }
            let response = try await hung
            #expect(response.status == .gatewayTimeout)
            #expect(String(buffer: response.body) == "the conversion took longer than the time limit of 8 s (--timeout) and was stopped\n")
            #expect(Self.processes(with: marker).isEmpty, "the hung worker is gone")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "its folder is removed")
            #expect(await limiter.load.running == 0, "its place is free")
            try await client.execute(uri: "/api/convert?filename=\(seedName)", method: .post, body: body) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(String(buffer: response.body) == expected)
            }
            #expect(Self.processes(with: marker).isEmpty, "no worker outlives its request")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }

    @Test("a worker that traps on an upload gives a 500 naming the trap; the next upload converts exactly as the CLI does")
    func crash() async throws {
        let marker = "serve-crash-\(UUID().uuidString)"
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limiter = ConversionLimiter(places: 1, queueLength: 0)
        let body = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: seed)))
        let expected = try await cliJSON()
        try await Self.app(fault: "crash:\(marker)", folder: folder, limiter: limiter).test(.router) { client in
            try await client.execute(uri: "/api/check?filename=\(marker).txt", method: .post, body: body) { response in
                #expect(response.status == .internalServerError)
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("the conversion crashed with SIG"), "\(text)")
                #expect(text.hasSuffix("Fatal error: NIANBAO_TEST_FAULT: a trap on \(marker).txt; the server keeps serving\n"), "\(text)")
                #expect(text.split(separator: "\n").count == 1)
            }
            #expect(await limiter.load.running == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
            try await client.execute(uri: "/api/convert?filename=\(seedName)", method: .post, body: body) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(String(buffer: response.body) == expected)
            }
        }
        #expect(Self.processes(with: marker).isEmpty)
    }

    @Test("a worker that traps on a url's page gives a 500; a bad upload is still a 422 with the CLI's message")
    func crashOnPage() async throws {
        let marker = "serve-crash-page-\(UUID().uuidString)"
        let site = try await TestSite.start([
            "/\(marker).html": .page(TestSite.fixture("html/linchuan_office_2019_ucap.html"), contentType: "text/html; charset=utf-8"),
        ])
        defer { Task { await site.stop() } }
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limiter = ConversionLimiter(places: 1, queueLength: 0)
        let workers = WorkerSetup(executable: CLI.executable.path, environment: [TestFault.variable: "crash:\(marker)"], temporaryFolder: folder.path)
        let app = NianbaoServer.application(
            settings: ServerSettings(port: 0, concurrentConversions: 1, queueLength: 0, allowsPrivateURLs: true, workers: workers),
            limiter: limiter, log: { _ in })
        let address = site.url("/\(marker).html").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/convert?url=\(address)", method: .post) { response in
                #expect(response.status == .internalServerError)
                #expect(String(buffer: response.body).contains("Fatal error: NIANBAO_TEST_FAULT: a trap on http://"), "\(String(buffer: response.body))")
            }
            try await client.execute(uri: "/api/convert?filename=empty.txt", method: .post, body: ByteBuffer(string: "没有表格的文字。\n")) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).hasPrefix("empty.txt: "), "\(String(buffer: response.body))")
            }
            #expect(await limiter.load.running == 0)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
