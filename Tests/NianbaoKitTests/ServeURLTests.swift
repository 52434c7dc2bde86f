import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NianbaoKit
import NianbaoServer
import Testing

/// `nianbao serve`'s URL inputs (`?url=`), the guard on the addresses they may reach, the time
/// limit of a conversion, and the OpenAPI document.
@Suite("Serve: URL inputs, address guard, time limit, OpenAPI")
struct ServeURLTests {
    static func app(
        allowsPrivateURLs: Bool, timeLimit: Double = 120, maxUploadBytes: Int = 50 << 20, limiter: ConversionLimiter? = nil,
        converter: Converter? = nil
    ) -> some ApplicationProtocol {
        // Conversions in workers, as `nianbao serve` runs them; in this process for a converter of the test's own.
        NianbaoServer.application(
            settings: ServerSettings(
                port: 0, maxUploadBytes: maxUploadBytes, timeLimit: timeLimit, allowsPrivateURLs: allowsPrivateURLs,
                workers: converter == nil ? WorkerSetup(executable: CLI.executable.path) : nil),
            limiter: limiter, workers: timeLimit == 120 && converter == nil ? ServeTests.workers : nil, converter: converter ?? Converter(),
            log: { _ in })
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    @Test("with --allow-private-urls, ?url= converts a report page and a page linking its PDF exactly as `nianbao convert URL`")
    func convertsURL() async throws {
        let site = try await TestSite.start([
            "/report.html": .page(TestSite.fixture("html/linchuan_office_2019_ucap.html"), contentType: "text/html; charset=utf-8"),
            "/notice.html": .page(TestSite.html(#"<p>洪泽区2023年报告：<a href="/files/hongze.pdf">2023年政府信息公开工作年度报告</a></p>"#), contentType: "text/html"),
            "/files/hongze.pdf": .page(TestSite.fixture("pdf/hongze_2023.pdf"), contentType: "application/pdf"),
        ])
        defer { Task { await site.stop() } }
        for path in ["/report.html", "/notice.html"] {
            let cli = try await CLI.runDetached(["convert", site.url(path), "--to", "json"])
            #expect(cli.status == 0, "\(cli.stderr)")
            try await Self.app(allowsPrivateURLs: true).test(.router) { client in
                try await client.execute(uri: "/api/convert?url=\(Self.encoded(site.url(path)))", method: .post) { response in
                    #expect(response.status == .ok, "\(path): \(String(buffer: response.body))")
                    #expect(String(buffer: response.body) == cli.stdout, "\(path)")
                }
            }
        }
        // `nianbao check` reads files only: the same PDF's check report, but for the name on its first line.
        let hongze = try await CLI.runDetached(["check", Fixtures.path("pdf/hongze_2023.pdf"), "--all"])
        try await Self.app(allowsPrivateURLs: true).test(.router) { client in
            try await client.execute(uri: "/api/check?all=1&url=\(Self.encoded(site.url("/notice.html")))", method: .post) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.nianbaoCheck] == "fail", "hongze's table 4 fails two rules in the source")
                let lines = String(buffer: response.body).split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.first == Substring(site.url("/files/hongze.pdf")))
                #expect(lines.dropFirst() == hongze.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst())
            }
        }
    }

    @Test("?url= of a page whose table 四 is a picture: the picture fetched and read by OCR, in a worker and in process, exactly as `nianbao convert URL`")
    func convertsPictures() async throws {
        let site = try await TestSite.start([
            "/r/report.html": .page(TestSite.fixture("ocr/html_table4_as_image.html"), contentType: "text/html; charset=utf-8"),
            "/r/html_tables_as_images_files/table-3.jpg": .page(TestSite.fixture("ocr/html_tables_as_images_files/table-3.jpg"), contentType: "image/jpeg"),
        ])
        defer { Task { await site.stop() } }
        let cli = try await CLI.runDetached(["convert", site.url("/r/report.html"), "--to", "json"])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stdout.contains("\"ocr\""), "table 四 read by OCR")
        #expect(!cli.stdout.contains("picture-unread"))
        for converter in [nil, Converter()] {
            try await Self.app(allowsPrivateURLs: true, converter: converter).test(.router) { client in
                try await client.execute(uri: "/api/convert?url=\(Self.encoded(site.url("/r/report.html")))", method: .post) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                    #expect(String(buffer: response.body) == cli.stdout, converter == nil ? "in a worker" : "in process")
                }
            }
        }
        #expect(await site.log.count("/r/html_tables_as_images_files/table-3.jpg") == 3)
    }

    @Test("by default a URL whose host is loopback (by name or number) is refused 403 before any request reaches it")
    func refusesPrivateAddresses() async throws {
        let site = try await TestSite.start(["/report.html": .page(TestSite.fixture("html/linchuan_office_2019_ucap.html"), contentType: "text/html")])
        defer { Task { await site.stop() } }
        let addresses = [
            (site.url("/report.html"), "127.0.0.1"),
            ("http://localhost:\(site.port)/report.html", "localhost"),
            ("http://[::1]:\(site.port)/report.html", "::1"),
            ("http://[::ffff:127.0.0.1]:\(site.port)/report.html", "IPv4-mapped loopback"),
        ]
        try await Self.app(allowsPrivateURLs: false).test(.router) { client in
            for (address, label) in addresses {
                for route in ["/api/convert", "/api/check"] {
                    try await client.execute(uri: "\(route)?url=\(Self.encoded(address))", method: .post) { response in
                        let text = String(buffer: response.body)
                        #expect(response.status == .forbidden, "\(label) \(route): \(text)")
                        #expect(text.contains("not a public address"), "\(label): \(text)")
                        #expect(text.contains("--allow-private-urls"), "\(label): \(text)")
                    }
                }
            }
        }
        let reached = await site.log.paths
        #expect(reached.isEmpty, "a refused address got a request: \(reached)")
    }

    @Test("a redirect from an allowed address to another is followed and each hop checked; the guard judges the address connected to")
    func redirects() async throws {
        let site = try await TestSite.start([
            "/old.html": .redirect("/report.html"),
            "/report.html": .page(TestSite.fixture("html/qingshan_district_2023_trs.html"), contentType: "text/html"),
        ])
        defer { Task { await site.stop() } }
        try await Self.app(allowsPrivateURLs: true).test(.router) { client in
            try await client.execute(uri: "/api/convert?to=csv&url=\(Self.encoded(site.url("/old.html")))", method: .post) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(site.url("/report.html")))
            }
        }
        // The fetcher the server uses when private addresses are not allowed, straight at a redirect:
        // refused on the first hop, so the redirect is never even seen.
        let guarded = HTTPFetcher(options: HTTPFetcher.Options(timeout: 10, publicAddressesOnly: true))
        await #expect(throws: NianbaoError.fetchFailed(url: site.url("/old.html"), failure: .nonPublicAddress("127.0.0.1"))) {
            _ = try await guarded.get(site.url("/old.html"))
        }
        #expect(await site.log.count("/old.html") == 1, "only the unguarded request reached the site")
    }

    @Test("bad URL inputs: not http(s), with a body or a filename, a 404, a page too slow for the time limit, one over the upload limit — each its status and one line")
    func badURLs() async throws {
        let page = TestSite.fixture("html/linchuan_office_2019_ucap.html")
        try #require(page.count > 8_192)
        let site = try await TestSite.start([
            "/slow.html": .slow(seconds: 4), "/gone.html": .status(404), "/big.html": .page(page, contentType: "text/html"),
        ])
        defer { Task { await site.stop() } }
        let cases: [(query: String, body: ByteBuffer?, status: HTTPResponse.Status, message: String)] = [
            ("url=\(Self.encoded("ftp://example.org/r.pdf"))", nil, .badRequest, "url must be an http:// or https:// address"),
            ("url=\(Self.encoded("file:///etc/passwd"))", nil, .badRequest, "url must be an http:// or https:// address"),
            ("url=\(Self.encoded(site.url("/gone.html")))&filename=x.pdf", nil, .badRequest, "give url or filename, not both"),
            ("url=\(Self.encoded(site.url("/gone.html")))", ByteBuffer(string: "x"), .badRequest, "with url= the body must be empty"),
            ("url=\(Self.encoded(site.url("/gone.html")))", nil, .badGateway, "the server answered HTTP 404"),
            ("url=\(Self.encoded(site.url("/slow.html")))", nil, .gatewayTimeout, "no complete answer within 1 s"),
            ("url=\(Self.encoded(site.url("/big.html")))", nil, .contentTooLarge, "the response is larger than 8192 bytes); the limit is --max-upload-mb"),
        ]
        try await Self.app(allowsPrivateURLs: true, timeLimit: 1, maxUploadBytes: 8_192).test(.router) { client in
            for item in cases {
                try await client.execute(uri: "/api/convert?\(item.query)", method: .post, body: item.body) { response in
                    let text = String(buffer: response.body)
                    #expect(response.status == item.status, "\(item.query): \(text)")
                    #expect(text.contains(item.message), "\(item.query): \(text)")
                    #expect(text.hasSuffix("\n") && !text.dropLast().contains("\n"), "one line: \(text)")
                }
            }
        }
    }

    @Test("which addresses are public: loopback, private, link-local, CGNAT, reserved and IPv4 inside IPv6 are not",
          arguments: [
            ("127.0.0.1", false), ("127.45.6.7", false), ("10.0.0.1", false), ("10.255.3.4", false), ("172.16.0.1", false),
            ("172.31.255.254", false), ("192.168.1.1", false), ("169.254.169.254", false), ("100.64.0.1", false), ("0.0.0.0", false),
            ("224.0.0.251", false), ("255.255.255.255", false), ("198.18.0.1", false), ("203.0.113.80", false),
            ("::1", false), ("::", false), ("fe80::1", false), ("fd12:3456::1", false), ("fc00::7", false), ("ff02::1", false),
            ("::ffff:127.0.0.1", false), ("::ffff:10.1.2.3", false), ("64:ff9b::a9fe:a9fe", false), ("2002:c0a8:0101::1", false),
            ("2001:db8::1", false), ("localhost", false), ("example.org", false), ("", false),
            ("8.8.8.8", true), ("1.1.1.1", true), ("172.15.255.255", true), ("172.32.0.1", true), ("100.128.0.1", true),
            ("192.169.0.1", true), ("2606:4700:4700::1111", true), ("::ffff:8.8.4.4", true), ("2002:0808:0808::1", true),
          ])
    func publicAddresses(address: String, isPublic: Bool) {
        #expect(WebAddress.isPublicIPAddress(address) == isPublic, "\(address)")
    }

    /// A text reader that waits for `gate` before reading: a conversion that takes as long as a test wants.
    struct GatedText: FormatReader {
        let gate: DispatchSemaphore
        var format: InputFormat { .txt }
        var extensions: [String] { ["txt"] }
        func readings(of input: ReaderInput) throws(NianbaoError) -> [Reading] {
            gate.wait()
            return try TextReader.text.readings(of: input)
        }
    }

    @Test("in this process (no workers), a conversion over the time limit is answered 504, keeps its place until it ends, and the server keeps serving")
    func timeLimit() async throws {
        let gate = DispatchSemaphore(value: 0)
        var readers = ReaderRegistry.standard
        readers.register(GatedText(gate: gate))
        let limiter = ConversionLimiter(places: 1, queueLength: 1)
        let seed = Fixtures.path("text/001_88f1d5ea082339d9.txt")
        let body = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: seed)))
        try await Self.app(allowsPrivateURLs: false, timeLimit: 0.5, limiter: limiter, converter: Converter(readers: readers)).test(.router) { client in
            try await client.execute(uri: "/api/convert?filename=slow.txt", method: .post, body: body) { response in
                #expect(response.status == .gatewayTimeout)
                #expect(String(buffer: response.body) == "the conversion took longer than the time limit of 0.5 s (--timeout) and was abandoned\n")
            }
            #expect(await limiter.load.running == 1, "the abandoned conversion still runs and holds its place")
            // Other routes answer meanwhile.
            try await client.execute(uri: "/api/schema", method: .get) { response in #expect(response.status == .ok) }
            gate.signal()
            var tries = 0
            while await limiter.load.running > 0, tries < 2_000 {
                tries += 1
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(await limiter.load.running == 0, "the place is given back when the conversion ends")
            gate.signal()
            try await client.execute(uri: "/api/convert?to=csv&filename=fast.txt", method: .post, body: body) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("the limiter's time limit: .timedOut at the limit, .done before it, .busy with no place")
    func limiterTimeLimit() async throws {
        let limiter = ConversionLimiter(places: 1, queueLength: 0)
        let gate = DispatchSemaphore(value: 0)
        guard case .timedOut = await limiter.run(timeLimit: 0.05, { gate.wait(); return 1 }) else {
            Issue.record("not timed out")
            return
        }
        guard case .busy = await limiter.run(timeLimit: 5, { 2 }) else {
            Issue.record("a second conversion got the place the abandoned one holds")
            return
        }
        gate.signal()
        var tries = 0
        while await limiter.load.running > 0, tries < 2_000 {
            tries += 1
            try await Task.sleep(for: .milliseconds(5))
        }
        guard case let .done(value) = await limiter.run(timeLimit: 30, { 6 * 7 }) else {
            Issue.record("not done")
            return
        }
        #expect(value == 42)
    }

    @Test("/api/openapi.json is the committed schema/openapi.json: OpenAPI 3, every route with its statuses")
    func openAPI() async throws {
        let committed = try String(contentsOfFile: Fixtures.root.deletingLastPathComponent().appendingPathComponent("schema/openapi.json").path, encoding: .utf8)
        try await Self.app(allowsPrivateURLs: false).test(.router) { client in
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(String(buffer: response.body) == committed)
            }
        }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(committed.utf8)) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["title"] is String && info["version"] is String)
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let expected: [String: (method: String, statuses: Set<String>)] = [
            "/api/convert": ("post", ["200", "400", "403", "413", "422", "500", "502", "503", "504"]),
            "/api/check": ("post", ["200", "400", "403", "413", "422", "500", "502", "503", "504"]),
            "/api/pages": ("post", ["200", "400", "413", "422", "500", "503", "504"]),
            "/api/view": ("post", ["200", "400", "403", "413", "422", "500", "502", "503", "504"]),
            "/api/schema": ("get", ["200"]),
            "/api/openapi.json": ("get", ["200"]),
        ]
        #expect(Set(paths.keys) == Set(expected.keys))
        // A shared response or parameter is a {"$ref": "#/components/…"} to its one definition.
        func resolved(_ object: [String: Any]) -> [String: Any] {
            guard let ref = object["$ref"] as? String, ref.hasPrefix("#/") else { return object }
            var node: Any? = document
            for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] }
            return node as? [String: Any] ?? [:]
        }
        for (path, want) in expected {
            let operation = try #require(paths[path]?[want.method] as? [String: Any], "\(path)")
            let responses = try #require(operation["responses"] as? [String: [String: Any]], "\(path)").mapValues(resolved)
            #expect(Set(responses.keys) == want.statuses, "\(path)")
            #expect(responses.values.allSatisfy { $0["description"] is String }, "\(path)")
            let parameters = ((operation["parameters"] as? [[String: Any]]) ?? []).map(resolved)
            #expect(parameters.allSatisfy { $0["name"] is String && $0["in"] as? String == "query" && $0["schema"] != nil }, "\(path)")
        }
        let convertParameters = Set(((paths["/api/convert"]?["post"] as? [String: Any])?["parameters"] as? [[String: Any]] ?? []).map(resolved).compactMap { $0["name"] as? String })
        #expect(convertParameters == Set(["to", "filename", "url", "compact", "csv", "bom", "csv-raw", "fragment", "annotate"]))
    }
}
