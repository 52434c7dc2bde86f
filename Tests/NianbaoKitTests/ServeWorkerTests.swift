import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import NianbaoKit
import NianbaoServer
import Testing

/// `nianbao serve` converts each input in a worker process: one over the time limit is killed and
/// its place freed, one that crashes costs only its request, and the saved input is removed. A
/// worker serves request after request until it faults, fails a conversion or has made its
/// conversions; no more than one worker a place is alive, and none after the server's shutdown.
@Suite("Serve: conversions in worker processes")
struct ServeWorkerTests {
    let seed = Fixtures.path("text/001_88f1d5ea082339d9.txt")
    /// The seed's path as the upload's name: the report then names it as `nianbao convert PATH` does.
    var seedName: String { seed.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? seed }

    /// The workers of a server whose workers commit `fault` (NIANBAO_TEST_FAULT) and make their
    /// private folders in `folder`.
    static func workers(fault: String, folder: URL, timeLimit: Double = 60, conversionsPerWorker: Int = 100, places: Int = 1) -> ServerWorkers {
        let setup = WorkerSetup(
            executable: CLI.executable.path, conversionsPerWorker: conversionsPerWorker, environment: [TestFault.variable: fault],
            temporaryFolder: folder.path)
        return ServerWorkers(setup: setup, timeLimit: timeLimit, concurrency: places)
    }

    /// A server with one place and no queue that converts with `workers`.
    static func app(workers: ServerWorkers, folder: URL, timeLimit: Double = 60, limiter: ConversionLimiter) -> some ApplicationProtocol {
        let setup = WorkerSetup(executable: CLI.executable.path, temporaryFolder: folder.path)
        return NianbaoServer.application(
            settings: ServerSettings(port: 0, concurrentConversions: 1, queueLength: 0, timeLimit: timeLimit, workers: setup),
            limiter: limiter, workers: workers, log: { _ in })
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

    @Test("a conversion over --timeout is answered 504, its worker is killed and reaped, its folder removed, and its place serves the next conversion in a fresh worker")
    func timeout() async throws {
        let marker = "serve-hang-\(UUID().uuidString)"
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limiter = ConversionLimiter(places: 1, queueLength: 0)
        let body = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: seed)))
        let expected = try await cliJSON()
        // The limit is the window in which the hanging worker is seen: long enough for a loaded
        // machine to scan /proc while it hangs.
        let workers = Self.workers(fault: "hang:\(marker)", folder: folder, timeLimit: 8)
        try await Self.app(workers: workers, folder: folder, timeLimit: 8, limiter: limiter).test(.router) { client in
            async let hung = client.execute(uri: "/api/convert?filename=\(marker).txt", method: .post, body: body)
            // While it hangs: one private folder, 0700, holding the upload; one worker.
            var saved: [String] = [], hanging: [String] = []
            // In the full suite other tests may hold every concurrency thread for a while, so the
            // request can start late: look until it is seen (its hang lasts the 8 s limit), or 120 s.
            let deadline = ContinuousClock.now + .seconds(120)
            while (saved.isEmpty || hanging.isEmpty) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
                saved = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                hanging = Self.processes(with: marker)
            }
            #expect(saved.count == 1)
            #expect(hanging.count == 1, "the worker is seen while it hangs")
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
            let fresh = Self.processes(with: marker)
            #expect(fresh.count == 1 && fresh != hanging, "a fresh worker served the next request and waits for another: \(fresh)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
        workers.shutdown()
        #expect(Self.processes(with: marker).isEmpty, "no worker outlives the server's shutdown")
    }

    @Test("a worker serves one request after another; a crash, a failed conversion or its last conversion ends it, and the next request gets a fresh one")
    func reuse() async throws {
        let marker = "serve-reuse-\(UUID().uuidString)"
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limiter = ConversionLimiter(places: 1, queueLength: 0)
        let body = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: seed)))
        let expected = try await cliJSON()
        let workers = Self.workers(fault: "crash:\(marker)", folder: folder, conversionsPerWorker: 3)
        try await Self.app(workers: workers, folder: folder, limiter: limiter).test(.router) { client in
            /// Posts the seed (or `upload` named `name`) and returns the workers alive afterwards.
            func post(_ route: String = "convert", name: String? = nil, upload: ByteBuffer? = nil, status: HTTPResponse.Status = .ok) async throws -> [String] {
                try await client.execute(uri: "/api/\(route)?filename=\(name ?? seedName)", method: .post, body: upload ?? body) { response in
                    #expect(response.status == status, "\(String(buffer: response.body))")
                    if route == "convert" && status == .ok { #expect(String(buffer: response.body) == expected) }
                }
                return Self.processes(with: marker)
            }
            let first = try await post()
            #expect(first.count == 1)
            #expect(try await post("check") == first, "the same worker serves the next request")
            #expect(try await post(name: "\(marker).txt", status: .internalServerError).isEmpty, "the worker that crashed is gone")
            let second = try await post()
            #expect(second.count == 1 && second != first, "a fresh worker: \(second) after \(first)")
            let unreadable = ByteBuffer(string: "没有表格的文字。\n")
            #expect(try await post(name: "empty.txt", upload: unreadable, status: .unprocessableContent).isEmpty, "a failed conversion ends its worker")
            let third = try await post()
            #expect(third.count == 1 && third != second)
            #expect(try await post() == third)
            #expect(try await post().isEmpty, "a worker ends after its third conversion (conversionsPerWorker: 3)")
            let fourth = try await post()
            #expect(fourth.count == 1 && fourth != third)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
        #expect(Self.processes(with: marker).count == 1, "an idle worker waits until the server's workers are shut down")
        workers.shutdown()
        #expect(Self.processes(with: marker).isEmpty, "none after the shutdown")
    }

    @Test("a pool keeps no more workers alive than its places; a conversion beyond them waits for one, and a hung worker is replaced")
    func atMostOneWorkerAPlace() throws {
        let marker = "serve-places-\(UUID().uuidString)"
        let pool = WorkerPool(
            executable: CLI.executable.path, command: ["nianbao", "_worker"], limits: WorkerLimits(seconds: 4, megabytes: nil),
            environment: [TestFault.variable: "hang:\(marker)"], reuse: WorkerReuse(conversions: 100, endsAfterFailure: true, maxWorkers: 2))
        defer { pool.shutdown() }
        // Four conversions at once, on threads of their own, each hanging until the time limit.
        let results = ResultBox()
        let threads = (0..<4).map { index in
            Thread {
                let request = WorkerRequest(source: "/nonexistent/\(marker)-\(index).txt", isURL: false, options: ConversionOptions())
                results.add(pool.exchange(request).map { _ in "a reply" })
            }
        }
        threads.forEach { $0.start() }
        var seen: Set<String> = [], most = 0
        // A bound against a hang of the test itself, not a speed target.
        let deadline = Date().addingTimeInterval(120)
        while results.count < 4 && Date() < deadline {
            let alive = Self.processes(with: marker)
            seen.formUnion(alive)
            most = max(most, alive.count)
            usleep(20_000)
        }
        #expect(results.all.count == 4)
        #expect(results.all.allSatisfy { $0 == .failure(.timedOut(seconds: 4)) }, "\(results.all)")
        #expect(most == 2, "two workers at most, and two while four conversions wait")
        #expect(seen.count == 4, "each hung worker was killed and replaced: \(seen)")
        #expect(Self.processes(with: marker).isEmpty)
    }

    @Test("a reply that answers another request, or a second line after a reply, never reaches a request: the worker is ended")
    func repliesAnswerTheirRequest() throws {
        let marker = "serve-replies-\(UUID().uuidString)"
        /// A pool of shell scripts posing as workers: each line read is answered with `replies`
        /// (a printf format in which each of the `ids` %s is the request's id).
        func pool(_ replies: String, ids: Int) -> WorkerPool {
            let arguments = String(repeating: #" "$id""#, count: ids)
            let script = #"while read -r line; do id=$(printf '%s' "$line" | sed 's/.*"id":\([0-9]*\).*/\1/'); printf '"# + replies + "'" + arguments + "; done"
            return WorkerPool(
                executable: "/bin/sh", command: ["sh", "-c", script], limits: WorkerLimits(seconds: 30, megabytes: nil),
                environment: ["NIANBAO_TEST_MARKER": marker], reuse: WorkerReuse(conversions: 100, endsAfterFailure: false, maxWorkers: 1))
        }
        let request = WorkerRequest(source: "/nonexistent/input.txt", isURL: false, options: ConversionOptions())
        let message = { (result: Result<WorkerReply, WorkerFault>) in result.map { $0.failure?.message ?? "no failure" } }

        // A stale reply: the number of no request sent.
        let stale = pool(#"{"id":7,"failure":{"message":"stale","isOutputError":false}}\n"#, ids: 0)
        defer { stale.shutdown() }
        #expect(message(stale.exchange(request)) == .failure(.unavailable("its reply answers another request")))
        #expect(Self.processes(with: marker).isEmpty, "the worker that gave it is ended")

        // Two lines for one request, written at once: the first is the reply, the second is never read.
        let twice = pool(#"{"id":%s,"failure":{"message":"first","isOutputError":false}}\n{"id":%s,"failure":{"message":"second","isOutputError":false}}\n"#, ids: 2)
        defer { twice.shutdown() }
        #expect(message(twice.exchange(request)) == .success("first"))
        #expect(Self.processes(with: marker).isEmpty, "the worker that wrote a second line is ended")
        #expect(message(twice.exchange(request)) == .success("first"), "the next request gets a fresh worker's reply")
        #expect(Self.processes(with: marker).isEmpty)

        // An ordinary reply: the worker waits for the next request.
        let once = pool(#"{"id":%s,"failure":{"message":"once","isOutputError":false}}\n"#, ids: 1)
        defer { once.shutdown() }
        #expect(message(once.exchange(request)) == .success("once"))
        let kept = Self.processes(with: marker)
        #expect(kept.count == 1)
        #expect(message(once.exchange(request)) == .success("once"))
        #expect(Self.processes(with: marker) == kept, "the same worker answered again")
    }

    @Test("a worker that traps on an upload gives a 500 naming the trap; the next upload converts exactly as the CLI does")
    func crash() async throws {
        let marker = "serve-crash-\(UUID().uuidString)"
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limiter = ConversionLimiter(places: 1, queueLength: 0)
        let body = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: seed)))
        let expected = try await cliJSON()
        let workers = Self.workers(fault: "crash:\(marker)", folder: folder)
        try await Self.app(workers: workers, folder: folder, limiter: limiter).test(.router) { client in
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
        workers.shutdown()
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
        let setup = WorkerSetup(executable: CLI.executable.path, environment: [TestFault.variable: "crash:\(marker)"], temporaryFolder: folder.path)
        let settings = ServerSettings(port: 0, concurrentConversions: 1, queueLength: 0, allowsPrivateURLs: true, workers: setup)
        let workers = try #require(ServerWorkers(settings: settings))
        defer { workers.shutdown() }
        let app = NianbaoServer.application(settings: settings, limiter: limiter, workers: workers, log: { _ in })
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

/// What the threads of a test gave back.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<String, WorkerFault>] = []
    func add(_ result: Result<String, WorkerFault>) { lock.withLock { results.append(result) } }
    var all: [Result<String, WorkerFault>] { lock.withLock { results } }
    var count: Int { all.count }
}
