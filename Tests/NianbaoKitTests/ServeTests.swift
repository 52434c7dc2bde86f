import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NianbaoKit
import NianbaoServer
import Testing

/// `nianbao serve`'s routes, in process (HummingbirdTesting), against the command line's output.
@Suite("Serve: web app and API")
struct ServeTests {
    let seed = Fixtures.path("text/001_88f1d5ea082339d9.txt")

    /// Lines the server logged, kept for a test to read.
    final class LogLines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    static func app(
        limiter: ConversionLimiter? = nil, maxUploadBytes: Int = 50 << 20, log: LogLines = LogLines()
    ) -> some ApplicationProtocol {
        NianbaoServer.application(
            settings: ServerSettings(port: 0, maxUploadBytes: maxUploadBytes, workers: WorkerSetup(executable: CLI.executable.path)),
            limiter: limiter, workers: workers, log: log.append)
    }

    /// The workers the apps of the serve tests share, as one server's: no more than two stay alive
    /// for the whole run (an app's own would wait, idle, until the run ends), and each test's
    /// requests go to warm workers that served other tests' requests before: their answers must
    /// still be exact.
    static let workers = ServerWorkers(setup: WorkerSetup(executable: CLI.executable.path), timeLimit: 120, concurrency: 2)

    static func body(_ path: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// `name` percent-encoded for a query.
    static func encoded(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
    }

    /// The inputs whose API output is compared with the CLI's: every text and HTML fixture and two PDFs
    /// (one with every cell read, one with blank cells).
    static let comparedInputs: [String] = Fixtures.withTruth(in: "text") + Fixtures.withTruth(in: "html")
        + ["pdf/hongze_2023.pdf", "pdf/synthetic_2021_blanks_libreoffice.pdf"]

    @Test("/api/convert writes the same JSON and CSV as `nianbao convert`, byte for byte", arguments: comparedInputs)
    func convertMatchesCLI(relative: String) async throws {
        let path = Fixtures.path(relative)
        let expected = try [("json", CLI.run(["convert", path, "--to", "json"])), ("csv", CLI.run(["convert", path, "--to", "csv"]))]
        for (format, cli) in expected { #expect(cli.status == 0, "\(relative) \(format): \(cli.stderr)") }
        try await Self.app().test(.router) { client in
            for (format, cli) in expected {
                try await client.execute(
                    uri: "/api/convert?to=\(format)&filename=\(Self.encoded(path))", method: .post, body: try Self.body(path)
                ) { response in
                    #expect(response.status == .ok, "\(relative) \(format)")
                    #expect(Array(response.body.readableBytesView) == Array(cli.stdout.utf8), "\(relative) \(format)")
                }
            }
        }
    }

    @Test("the writer's options as parameters: annotated HTML fragment, wide CSV with BOM, compact JSON, as the CLI")
    func writerOptions() async throws {
        let cases: [(query: String, arguments: [String], type: String)] = [
            ("to=html&annotate=1&fragment=true", ["--to", "html", "--annotate", "--fragment"], "text/html; charset=utf-8"),
            ("to=html", ["--to", "html"], "text/html; charset=utf-8"),
            ("to=csv&csv=wide&bom", ["--csv", "wide", "--bom"], "text/csv; charset=utf-8"),
            ("to=json&compact=1", ["--compact"], "application/json; charset=utf-8"),
        ]
        try await Self.app().test(.router) { client in
            for item in cases {
                let cli = try CLI.run(["convert", seed] + item.arguments)
                try await client.execute(uri: "/api/convert?\(item.query)&filename=\(Self.encoded(seed))", method: .post, body: try Self.body(seed)) { response in
                    #expect(response.status == .ok, "\(item.query)")
                    #expect(response.headers[.contentType] == item.type)
                    #expect(Array(response.body.readableBytesView) == Array(cli.stdout.utf8), "\(item.query)")
                }
            }
        }
    }

    @Test("without filename the Content-Type, else the content, tells the format; the name in the output is upload(.EXT)")
    func formatWithoutFilename() async throws {
        let pdf = Fixtures.path("pdf/hongze_2023.pdf")
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/api/convert", method: .post, headers: [.contentType: "application/pdf"], body: try Self.body(pdf)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""file": "upload.pdf""#))
            }
            try await client.execute(uri: "/api/convert?to=csv", method: .post, body: try Self.body(seed)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).split(separator: "\r\n")[1].hasPrefix("upload,"))
            }
        }
    }

    @Test("/api/check prints what `nianbao check` prints, with X-Nianbao-Check pass or fail")
    func check() async throws {
        // A copy of the seed with a （七）总计 value changed makes rules fail (an invented sibling of the pass case).
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.txt").path
        let text = try String(contentsOfFile: seed, encoding: .utf8)
        try Self.breakingTotal(text).write(toFile: broken, atomically: true, encoding: .utf8)
        try await Self.app().test(.router) { client in
            for (path, verdict, status) in [(seed, "pass", Int32(0)), (broken, "fail", Int32(1))] {
                let cli = try CLI.run(["check", path, "--all"])
                #expect(cli.status == status, "\(cli.stderr)")
                try await client.execute(uri: "/api/check?all=1&filename=\(Self.encoded(path))", method: .post, body: try Self.body(path)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.nianbaoCheck] == verdict)
                    #expect(String(buffer: response.body) == cli.stdout)
                }
            }
        }
    }

    /// The seed's text (one cell a line) with the first value after （七）总计 raised by 7.
    static func breakingTotal(_ text: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        let label = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "（七）总计" })
        let index = try #require(lines[(label + 1)...].firstIndex { Int($0.trimmingCharacters(in: .whitespaces)) != nil })
        let value = try #require(Int(lines[index].trimmingCharacters(in: .whitespaces)))
        lines[index] = "\t\(value + 7)"
        return lines.joined(separator: "\n")
    }

    @Test("/api/schema is what `nianbao schema` prints")
    func schema() async throws {
        let cli = try CLI.run(["schema"])
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/api/schema", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/schema+json; charset=utf-8")
                #expect(String(buffer: response.body) == cli.stdout)
            }
        }
    }

    @Test("bad requests get their status and one line, and the server goes on answering")
    func errors() async throws {
        let limit = 1 << 20  // above the seed's size, which must still be accepted
        let garbage = ByteBuffer(bytes: (0..<3_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        let cases: [(uri: String, body: ByteBuffer, status: HTTPResponse.Status, message: String)] = [
            ("/api/convert?filename=big.txt", ByteBuffer(repeating: 0x41, count: limit + 1), .contentTooLarge, "larger than the limit of 1048576 bytes"),
            ("/api/convert?filename=noise.pdf", garbage, .unprocessableContent, "noise.pdf"),
            ("/api/convert?filename=noise.bin", garbage, .unprocessableContent, "noise.bin"),
            ("/api/convert?filename=empty.txt", ByteBuffer(), .unprocessableContent, "empty.txt"),
            ("/api/convert?to=xlsx", ByteBuffer(string: "x"), .badRequest, "unknown format 'xlsx' for to=; known: json, csv, html"),
            ("/api/convert?to=check", ByteBuffer(string: "x"), .badRequest, "unknown format 'check'"),
            ("/api/convert?to=json&annotate=1", ByteBuffer(string: "x"), .badRequest, "annotate does not apply to json output"),
            ("/api/convert?path=/etc/passwd", ByteBuffer(string: "x"), .badRequest, "unknown parameter 'path'"),
            ("/api/convert?to=csv&csv=tall", ByteBuffer(string: "x"), .badRequest, "csv must be long or wide"),
            ("/api/check?filename=a%0Ab.txt", ByteBuffer(string: "x"), .badRequest, "control characters"),
        ]
        try await Self.app(maxUploadBytes: limit).test(.router) { client in
            for item in cases {
                try await client.execute(uri: item.uri, method: .post, body: item.body) { response in
                    let text = String(buffer: response.body)
                    #expect(response.status == item.status, "\(item.uri): \(text)")
                    #expect(text.contains(item.message), "\(item.uri): \(text)")
                    #expect(text.hasSuffix("\n") && text.dropLast().contains("\n") == false, "one line: \(text)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                }
                // The next upload is converted as if nothing had happened.
                try await client.execute(uri: "/api/convert?to=csv", method: .post, body: try Self.body(seed)) { response in
                    #expect(response.status == .ok, "after \(item.uri)")
                }
            }
            // Exactly at the limit is accepted (and read: this text is no report).
            try await client.execute(uri: "/api/convert?filename=edge.txt", method: .post, body: ByteBuffer(repeating: 0x41, count: limit)) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    @Test("an upload over the limit is refused over a real connection, and the server answers the next request")
    func tooLargeLive() async throws {
        let seedBody = try Self.body(seed)
        try await Self.app(maxUploadBytes: 64 << 10).test(.live) { client in
            try await client.execute(uri: "/api/convert?filename=big.txt", method: .post, body: ByteBuffer(repeating: 0x42, count: 1 << 20)) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/convert?to=json", method: .post, body: seedBody) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("with every place taken and the queue full a conversion is answered 503 before its upload is read (a body over the limit too); a freed place serves again")
    func busy() async throws {
        let limiter = ConversionLimiter(places: 1, queueLength: 0)
        #expect(await limiter.enter())
        #expect(await limiter.isFull)
        try await Self.app(limiter: limiter, maxUploadBytes: 16).test(.router) { client in
            try await client.execute(uri: "/api/convert", method: .post, body: try Self.body(seed)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(String(buffer: response.body) == "too many conversions at once; try again shortly\n")
            }
            await limiter.leave()
            #expect(await !limiter.isFull)
            // A free place: the upload is read, and this one is over the limit of 16 bytes.
            try await client.execute(uri: "/api/convert", method: .post, body: try Self.body(seed)) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test("the limiter queues up to its queue length, hands a freed place to the first waiting, refuses beyond")
    func limiterQueue() async throws {
        let limiter = ConversionLimiter(places: 1, queueLength: 1)
        #expect(await limiter.enter())
        let waiting = Task { await limiter.enter() }
        // A hang guard: the task is queued at once.
        var tries = 0
        while await limiter.load.waiting == 0, tries < 2_000 {
            tries += 1
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await limiter.load.running == 1)
        #expect(await limiter.load.waiting == 1)
        #expect(await limiter.enter() == false, "the queue is full")
        await limiter.leave()
        #expect(await waiting.value)
        #expect(await limiter.load.running == 1, "the place went to the waiting one")
        #expect(await limiter.load.waiting == 0)
        await limiter.leave()
        #expect(await limiter.load.running == 0)
        #expect(await limiter.load.waiting == 0)
        #expect(await limiter.run { 6 * 7 } == 42)
        #expect(await limiter.load.running == 0)
        #expect(await limiter.load.waiting == 0)
    }

    @Test("the home page and its static files: no inline script, the policy and nosniff on every response, 404 included")
    func pages() async throws {
        let log = LogLines()
        try await Self.app(log: log).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.contains(#"<script src="/static/app.js" defer></script>"#))
                #expect(page.components(separatedBy: "<script").count == 2, "one script element, with src")
                #expect(page.contains(#"<input id="files" type="file""#))
                // The address field's placeholder is the one address on the page.
                let addresses = page.replacingOccurrences(of: #"placeholder="https://…""#, with: "")
                #expect(!addresses.contains("http://") && !addresses.contains("https://"), "nothing from elsewhere")
                #expect(page.contains(#"<input id="url" type="url" name="url""#))
            }
            let assets: [(String, String, String)] = [
                ("/static/app.js", "text/javascript; charset=utf-8", "fetch("),
                ("/static/app.css", "text/css; charset=utf-8", "section.upload"),
                ("/static/report.css", "text/css; charset=utf-8", ".check-failed"),
            ]
            for (uri, type, content) in assets {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == type)
                    #expect(String(buffer: response.body).contains(content), "\(uri)")
                }
            }
            for uri in ["/", "/static/app.js", "/api/schema", "/no/such/page"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(uri): \(policy)")
                }
            }
            try await client.execute(uri: "/no/such/page", method: .get) { response in #expect(response.status == .notFound) }
        }
        // One access-log line per request, with method, path and status.
        let lines = log.all.filter { !$0.hasPrefix("nianbao serve:") }
        #expect(lines.count == 9)
        #expect(lines.contains { $0.contains(" GET /static/app.css 200 ") && $0.hasSuffix(" ms") })
        #expect(lines.contains { $0.contains(" GET /no/such/page 404 ") })
    }

    @Test("converted HTML may not run script even when opened on its own")
    func convertedHTMLPolicy() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/api/convert?to=html", method: .post, body: try Self.body(seed)) { response in
                #expect(response.headers[.contentSecurityPolicy] == "default-src 'none'; style-src 'unsafe-inline'; sandbox")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }
}
