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

/// Addresses in the one form nianbao checks and fetches, and without credentials where recorded.
@Suite("Web addresses")
struct WebAddressTests {
    @Test("dot segments removed, percent-encodings normalised, scheme and host lowercased, default port and fragment dropped")
    func normalised() {
        #expect(WebAddress.normalized("http://127.0.0.1:8080/dot/../private/z.html") == "http://127.0.0.1:8080/private/z.html")
        #expect(WebAddress.normalized("HTTP://Example.GOV.cn:80/a/./b/../../private/%7euser/%2e%2E/x.html?%41=%e4#top")
            == "http://example.gov.cn/private/x.html?A=%E4")
        #expect(WebAddress.normalized("https://h:443/a/b/..") == "https://h/a/")
        #expect(WebAddress.normalized("http://h") == "http://h/")
        #expect(WebAddress.normalized("http://h/../../x") == "http://h/x")
        #expect(WebAddress.normalized("http://h/a//b/./c/.") == "http://h/a//b/c/")
        #expect(WebAddress.normalized("http://user:p%41ss@h/x") == "http://user:pAss@h/x")
        #expect(WebAddress.normalized("ftp://h/x") == nil)
        #expect(WebAddress.normalized("not a url") == nil)
    }

    @Test("userinfo removed from recorded addresses, nothing else changed")
    func withoutUserinfo() {
        #expect(WebAddress.withoutUserinfo("http://user:secret@127.0.0.1:8080/a/b.html?x=1") == "http://127.0.0.1:8080/a/b.html?x=1")
        #expect(WebAddress.withoutUserinfo("https://token@h/p@q?mail=a@b") == "https://h/p@q?mail=a@b")
        #expect(WebAddress.withoutUserinfo("http://h/a@b") == "http://h/a@b")
        #expect(WebAddress.withoutUserinfo("reports/x@y.pdf") == "reports/x@y.pdf")
    }

    @Test("robots.txt rules are compared in the normalised form of both sides")
    func robotsRules() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /private/\nDisallow: /%7Etmp/\n")
        #expect(!robots.allows(RobotsTxt.target(of: "http://h/dot/../private/z.html")))
        #expect(!robots.allows(RobotsTxt.target(of: "http://h/art/%2E%2e/private/y.html")))
        #expect(!robots.allows(RobotsTxt.target(of: "http://h/~tmp/a")))
        #expect(robots.allows(RobotsTxt.target(of: "http://h/art/private/y.html")))
    }
}

/// Retry-After as a hostile server may send it.
@Suite("Retry-After")
struct RetryAfterTests {
    @Test("whole seconds or an HTTP date; nan, inf, negative, fractions and junk are ignored; always finite")
    func parse() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(HTTPResponse.retryAfterSeconds("120", now: now) == 120)
        #expect(HTTPResponse.retryAfterSeconds(" 7 ", now: now) == 7)
        for junk in ["nan", "NaN", "inf", "-inf", "infinity", "-1", "1.5", "1e3", "0x10", "", "soon"] {
            #expect(HTTPResponse.retryAfterSeconds(junk, now: now) == nil, "\(junk)")
        }
        #expect(HTTPResponse.retryAfterSeconds("99999999999999999999999", now: now) == HTTPResponse.yearSeconds)
        #expect(HTTPResponse.retryAfterSeconds("Fri, 31 Dec 9999 23:59:59 GMT", now: now) == HTTPResponse.yearSeconds)
        #expect(HTTPResponse.retryAfterSeconds("Tue, 14 Nov 2023 22:13:27 GMT", now: now) == 7)
        #expect(HTTPResponse.retryAfterSeconds("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 0)
        #expect(HTTPResponse.retryAfterSeconds("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == 0)
    }

    @Test("503 and 429 with Retry-After nan, inf, -1 or a date far ahead: retried after a bounded wait, never a trap")
    func hostileServer() async throws {
        let body = Data("busy".utf8)
        let site = try await TestSite.start([
            "/robots.txt": .status(404),
            "/nan": .raw(status: 503, headers: ["Retry-After": "nan"], body: body),
            "/inf": .raw(status: 429, headers: ["Retry-After": "inf"], body: body),
            "/negative": .raw(status: 503, headers: ["Retry-After": "-1"], body: body),
            "/far": .raw(status: 503, headers: ["Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"], body: body),
            "/huge": .raw(status: 429, headers: ["Retry-After": "1" + String(repeating: "0", count: 400)], body: body),
        ])
        let client = PoliteClient(fetcher: HTTPFetcher(options: .init(timeout: 30)), options: .init(delay: 0.01, retries: 1, maxBackOff: 0.2))
        let start = ContinuousClock.now
        for path in ["/nan", "/inf", "/negative", "/far", "/huge"] {
            let response = try await client.get(site.url(path))
            #expect(response.status == (path == "/inf" || path == "/huge" ? 429 : 503))
            #expect(await site.log.count(path) == 2, "\(path)")
        }
        // Obeyed, these headers would wait for years; the back-off cap makes it under a second.
        // The bound is loose because a loaded machine running every test at once took 143 s.
        #expect(ContinuousClock.now - start < .seconds(600), "a bounded wait (the server is slow when every test runs at once)")
        await site.stop()
    }

    @Test("nianbao scrape of a listing answering 503 with Retry-After: nan ends with exit 4 and the reason")
    func commandLine() async throws {
        let site = try await TestSite.start([
            "/robots.txt": .status(404),
            "/list.html": .raw(status: 503, headers: ["Retry-After": "nan"], body: Data("busy".utf8)),
        ])
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.runDetached(["scrape", site.url("/list.html"), "--out", dir.path, "--delay", "0.01", "--retries", "2"])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stdout.contains("  \(site.url("/list.html")): \(site.url("/list.html")): cannot fetch (the server answered HTTP 503)"), "\(result.stdout)")
        #expect(await site.log.count("/list.html") == 3)
        await site.stop()
    }
}

/// robots.txt cannot be escaped: dot segments, encoded dots, redirects within a site and to other hosts.
@Suite("robots.txt escapes", .serialized)
struct RobotsEscapeTests {
    static let robots = "User-agent: *\nDisallow: /private/\n"

    static func fetcher(maxBytes: Int = 1_000_000) -> HTTPFetcher {
        HTTPFetcher(options: .init(timeout: 30, maxBytes: maxBytes))
    }

    static func failure(_ body: () async throws(NianbaoError) -> Void) async -> NianbaoError? {
        do { try await body() } catch { return error }
        return nil
    }

    @Test("a scraped link with dot segments or encoded dots into a disallowed folder is never fetched")
    func dotSegments() async throws {
        let report = TestSite.fixture("html/qingshan_district_2023_trs.html")
        let site = try await TestSite.start([
            "/robots.txt": .page(Data(Self.robots.utf8), contentType: "text/plain"),
            "/ndbg/index.html": .page(ScrapeTests.listing([
                ("/dot/../private/z.html", "青山区2023年政府信息公开工作年度报告"),
                ("/art/%2e%2E/private/y.html", "青山区2022年政府信息公开工作年度报告"),
                ("/a/./b/../../private/x.html?id=3", "青山区2021年政府信息公开工作年度报告"),
                ("/art/2020.html", "青山区2020年政府信息公开工作年度报告"),
            ], next: nil), contentType: "text/html"),
            "/private/z.html": .page(report, contentType: "text/html"),
            "/private/y.html": .page(report, contentType: "text/html"),
            "/private/x.html": .page(report, contentType: "text/html"),
            "/art/2020.html": .page(report, contentType: "text/html"),
        ])
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.runDetached(["scrape", site.url("/ndbg/index.html"), "--out", dir.path, "--delay", "0.01"])
        #expect(result.status == 4)
        for path in ["/private/z.html", "/private/y.html", "/private/x.html?id=3"] {
            #expect(result.stdout.contains("  \(site.url(path)): \(site.url(path)): cannot fetch (the site's robots.txt disallows this address)"), "\(path)\n\(result.stdout)")
        }
        let paths = await site.log.paths
        #expect(!paths.contains { $0.contains("private") }, "\(paths)")
        #expect(paths.contains("/art/2020.html"))
        await site.stop()
    }

    @Test("a redirect into a disallowed folder, or to a host whose robots.txt disallows it, is not followed; an allowed one is, after that host's robots.txt")
    func redirects() async throws {
        let other = try await TestSite.start([
            "/robots.txt": .page(Data("User-agent: *\nDisallow: /secret/\n".utf8), contentType: "text/plain"),
            "/secret/a.html": .page(Data("<p>secret</p>".utf8), contentType: "text/html"),
            "/open.html": .page(Data("<p>open</p>".utf8), contentType: "text/html"),
        ])
        let site = try await TestSite.start([
            "/robots.txt": .page(Data(Self.robots.utf8), contentType: "text/plain"),
            "/moved.html": .redirect("/private/r.html"),
            "/moved-encoded.html": .redirect("/art/%2E%2E/private/r.html"),
            "/away.html": .redirect(other.url("/secret/a.html")),
            "/away-open.html": .raw(status: 301, headers: ["Location": other.url("/x/../open.html")], body: Data()),
            "/private/r.html": .page(Data("<p>private</p>".utf8), contentType: "text/html"),
        ])
        let client = PoliteClient(fetcher: Self.fetcher(), options: .init(delay: 0.01, retries: 0))
        for (path, target) in [("/moved.html", site.url("/private/r.html")), ("/moved-encoded.html", site.url("/private/r.html"))] {
            let error = await Self.failure { () throws(NianbaoError) in _ = try await client.get(site.url(path)) }
            #expect(error == .fetchFailed(url: target, failure: .disallowedByRobots), "\(path)")
        }
        let away = await Self.failure { () throws(NianbaoError) in _ = try await client.get(site.url("/away.html")) }
        #expect(away == .fetchFailed(url: other.url("/secret/a.html"), failure: .disallowedByRobots))
        let open = try await client.get(site.url("/away-open.html"))
        #expect(open.status == 200 && open.url == other.url("/open.html") && open.redirects == [site.url("/away-open.html")])
        #expect(!(await site.log.paths).contains("/private/r.html"))
        #expect(await other.log.paths == ["/robots.txt", "/open.html"])
        await site.stop()
        await other.stop()
    }

    @Test("robots.txt is read whole when --max-bytes is smaller; one too large to read says so instead of 'disallowed'")
    func robotsSize() async throws {
        let padding = String(repeating: "# a comment line to make robots.txt longer than the limit\n", count: 40)
        let huge = String(repeating: "Disallow: /a-long-rule-that-nobody-reads/\n", count: 14_000)
        let site = try await TestSite.start([
            "/robots.txt": .page(Data((padding + Self.robots).utf8), contentType: "text/plain"),
            "/small.txt": .page(Data("small".utf8), contentType: "text/plain"),
            "/private/p.txt": .page(Data("private".utf8), contentType: "text/plain"),
        ])
        let other = try await TestSite.start([
            "/robots.txt": .page(Data(("User-agent: *\n" + huge).utf8), contentType: "text/plain"),
            "/small.txt": .page(Data("small".utf8), contentType: "text/plain"),
        ])
        let client = PoliteClient(fetcher: Self.fetcher(maxBytes: 100), options: .init(delay: 0.01, retries: 0))
        #expect(try await client.get(site.url("/small.txt")).body == Array("small".utf8))
        let denied = await Self.failure { () throws(NianbaoError) in _ = try await client.get(site.url("/private/p.txt")) }
        #expect(denied == .fetchFailed(url: site.url("/private/p.txt"), failure: .disallowedByRobots))
        let unreadable = await Self.failure { () throws(NianbaoError) in _ = try await client.get(other.url("/small.txt")) }
        let reason = "\(other.url("/robots.txt")) is larger than \(PoliteClient.robotsMaxBytes) bytes, the most nianbao reads of a robots.txt"
        #expect(unreadable == .fetchFailed(url: other.url("/small.txt"), failure: .robotsUnreadable(reason)))
        #expect(unreadable?.description.contains("robots.txt could not be read") == true)
        #expect(!(await other.log.paths).contains("/small.txt"))
        await site.stop()
        await other.stop()
    }
}

/// Scrapes of large listings: the request bound stops the run, the manifest is appended to, and
/// pagination and report links are handled in time linear in the links.
@Suite("Large listings", .serialized)
struct LargeListingTests {
    static func reportSite(links: Int) async throws -> TestSite {
        let page = TestSite.fixture("html/qingshan_district_2023_trs.html")
        var routes: [String: TestSite.Route] = [
            "/robots.txt": .status(404),
            "/ndbg/index.html": .page(ScrapeTests.listing((0..<links).map { ("/art/\($0).html", "青山区\(2000 + $0 % 25)年政府信息公开工作年度报告") }, next: nil), contentType: "text/html"),
        ]
        for n in 0..<links { routes["/art/\(n).html"] = .page(page, contentType: "text/html; charset=utf-8") }
        return try await TestSite.start(routes)
    }

    @Test("--max-requests stops the run: nothing more requested or recorded, exit 4; a re-run goes on from there")
    func requestBound() async throws {
        let site = try await Self.reportSite(links: 3_000)
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = ["scrape", site.url("/ndbg/index.html"), "--out", dir.path, "--delay", "0", "--max-requests", "10", "--to", "json"]
        let first = try await CLI.runDetached(arguments)
        #expect(first.status == 4)
        #expect(first.stdout.contains("stopped: the bound of 10 requests was reached (raise --max-requests); 2992 address(es) not visited, left for a re-run"), "\(first.stdout)")
        #expect(first.stdout.contains("downloaded: 9, already present: 0, converted: 8, requests: 10\n"), "\(first.stdout)")
        #expect(await site.log.paths.count == 10)
        let lines = try String(contentsOf: dir.appendingPathComponent("manifest.jsonl"), encoding: .utf8).split(separator: "\n")
        // The listing, and each of the eight reports twice (downloaded, then converted).
        #expect(lines.count == 17)
        #expect(try ScrapeTests.manifest(dir).count == 9)
        let second = try await CLI.runDetached(arguments)
        #expect(second.stdout.contains("downloaded: 9, already present: 8, converted: 16, requests: 10\n"), "\(second.stdout)")
        #expect(try ScrapeTests.manifest(dir).count == 17)
        await site.stop()
    }

    @Test("the manifest is appended to, never rewritten during a run; superseded and cut-short lines are compacted on the next run")
    func manifestAppends() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("manifest.jsonl")
        var manifest = ScrapeManifest(directory: dir.path)
        var entry = ScrapeManifest.Entry(url: "http://h/a.html", kind: .page, fetchedAt: "2024-01-01T00:00:00Z", httpStatus: 200)
        manifest.record(entry)
        let firstBytes = try Data(contentsOf: path)
        entry.conversion = .init(status: .converted, outputs: ["json/a.json"])
        manifest.record(entry)
        manifest.record(.init(url: "http://u:secret@h/b.html", kind: .attachment, fetchedAt: "2024-01-01T00:00:01Z"))
        try manifest.finish()
        let bytes = try Data(contentsOf: path)
        #expect(bytes.starts(with: firstBytes) && bytes.split(separator: UInt8(ascii: "\n")).count == 3)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("secret"))
        // A run killed mid-line.
        try (bytes + Data("{\"url\":\"http://h/c.ht".utf8)).write(to: path)
        var again = ScrapeManifest(directory: dir.path)
        #expect(again.entries["http://h/a.html"]?.conversion?.status == .converted && again.entry(for: "http://x:y@h/b.html") != nil)
        try again.compact()
        let compacted = try String(contentsOf: path, encoding: .utf8)
        #expect(compacted.split(separator: "\n").count == 2 && compacted.hasSuffix("\n") && !compacted.contains("c.ht"))
        again.record(.init(url: "http://h/d.html", kind: .page, fetchedAt: "2024-01-01T00:00:02Z"))
        try again.finish()
        #expect(try String(contentsOf: path, encoding: .utf8).split(separator: "\n").count == 3)
    }

    static func pagerPage(_ count: Int, sameTarget: Bool) -> Data {
        let links = (1...count).map { "<a href=\"index_\(sameTarget ? 1 : $0).html\">下一页</a>" }.joined()
        return TestSite.html("<ul class=\"list\"><li><a href=\"/art/1.html\">2023年政府信息公开工作年度报告</a></li></ul><div class=\"page\">\(links)</div>")
    }

    @Test("40,000 下一页 links on one listing page: each page once, in page order; a crawl visits two")
    func manyPagerLinks() async throws {
        let html = Self.pagerPage(40_000, sameTarget: false)
        let page = try HTMLPage(bytes: Array(html), charset: nil, url: "http://127.0.0.1/ndbg/index.html", path: "listing")
        let pages = ReportLinks.pagination(of: page, links: page.links)
        #expect(pages.count == 40_000 && pages.first == "http://127.0.0.1/ndbg/index_1.html" && pages.last == "http://127.0.0.1/ndbg/index_40000.html")
        let same = try HTMLPage(bytes: Array(Self.pagerPage(40_000, sameTarget: true)), charset: nil, url: "http://127.0.0.1/ndbg/index.html", path: "listing")
        #expect(ReportLinks.pagination(of: same, links: same.links) == ["http://127.0.0.1/ndbg/index_1.html"])
        // The whole crawl of such a listing (it took 25 s): two pages visited, the queue kept as a set.
        let site = try await TestSite.start([
            "/robots.txt": .status(404),
            "/ndbg/index.html": .page(html, contentType: "text/html"),
            "/ndbg/index_1.html": .page(html, contentType: "text/html"),
        ])
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = PoliteClient(fetcher: HTTPFetcher(options: .init(timeout: 30)), options: .init(delay: 0, retries: 0))
        let summary = try await Scraper(client: client, options: .init(directory: dir.path, maxListingPages: 2, outputs: []))
            .run(listing: site.url("/ndbg/index.html"))
        #expect(summary.listingPages == 2 && summary.reportLinks == 1)
        await site.stop()
    }
}

/// Credentials in an address are used, never recorded; a response's bytes tell its format.
@Suite("Fetched addresses and formats", .serialized)
struct FetchedSourceTests {
    static func site() async throws -> TestSite {
        try await TestSite.start([
            "/robots.txt": .status(404),
            "/art/2023.html": .page(TestSite.fixture("html/qingshan_district_2023_trs.html"), contentType: "text/html; charset=utf-8"),
            "/art/report.html": .page(TestSite.fixture("pdf/hongze_2023.pdf"), contentType: "application/pdf"),
            "/art/untyped.html": .page(TestSite.fixture("pdf/hongze_2023.pdf"), contentType: "application/octet-stream"),
            "/art/report.pdf": .page(TestSite.fixture("html/qingshan_district_2023_trs.html"), contentType: "text/html; charset=utf-8"),
            "/ndbg/index.html": .page(ScrapeTests.listing([("/art/2023.html", "青山区人民政府2023年政府信息公开工作年度报告")], next: nil), contentType: "text/html"),
        ])
    }

    static func withCredentials(_ url: String, _ userinfo: String) -> String {
        url.replacingOccurrences(of: "http://", with: "http://\(userinfo)@")
    }

    @Test("user:secret@ in a converted URL is in no JSON, CSV, SQLite or batch state; the fetch still works")
    func convert() async throws {
        let site = try await Self.site()
        let url = Self.withCredentials(site.url("/art/2023.html"), "user:secret")
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = try await CLI.runDetached(["convert", url, "--compact"])
        #expect(json.status == 0 && !json.stdout.contains("secret"), "\(json.stderr)")
        #expect(json.stdout.contains("\"file\":\"\(site.url("/art/2023.html"))\""))
        let csv = try await CLI.runDetached(["convert", url, "--to", "csv", "--csv", "wide"])
        #expect(csv.status == 0 && !csv.stdout.contains("secret") && csv.stdout.contains("\r\n\(site.url("/art/2023.html")),html,"))
        let batch = try await CLI.runDetached(["convert", url, "--out", dir.appendingPathComponent("out").path, "--db", dir.appendingPathComponent("c.sqlite").path])
        #expect(batch.status == 0, "\(batch.stderr)")
        for file in ["out/2023.json", "out/.nianbao-batch.json", "c.sqlite"] {
            let bytes = try Data(contentsOf: dir.appendingPathComponent(file))
            #expect(bytes.range(of: Data("secret".utf8)) == nil, "\(file)")
            #expect(bytes.range(of: Data(site.url("/art/2023.html").utf8)) != nil, "\(file)")
        }
        let missing = try await CLI.runDetached(["convert", Self.withCredentials(site.url("/none.html"), "user:secret")])
        #expect(missing.stderr == "nianbao: \(site.url("/none.html")): cannot fetch (the server answered HTTP 404)\n")
        await site.stop()
    }

    @Test("a token@ in a scraped listing's address is in no manifest line, output or summary")
    func scrape() async throws {
        let site = try await Self.site()
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.runDetached(["scrape", Self.withCredentials(site.url("/ndbg/index.html"), "tok3n"), "--out", dir.path, "--delay", "0"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("tok3n") && !result.stderr.contains("tok3n"))
        let manifest = try String(contentsOf: dir.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        #expect(!manifest.contains("tok3n") && manifest.contains(site.url("/art/2023.html")))
        let outputs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("json").path)
        #expect(outputs.count == 1)
        #expect(!(try String(contentsOf: dir.appendingPathComponent("json/" + outputs[0]), encoding: .utf8)).contains("tok3n"))
        // A listing that fails (found by scripts/fuzz --http): its manifest line and error name it without them.
        let failed = try await CLI.runDetached(["scrape", Self.withCredentials(site.url("/gone.html"), "u:s3cr3t"), "--out", dir.path, "--delay", "0"])
        #expect(failed.status == 4 && !failed.stdout.contains("s3cr3t") && !failed.stderr.contains("s3cr3t"))
        let after = try String(contentsOf: dir.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        #expect(!after.contains("s3cr3t") && after.contains("\(site.url("/gone.html")): cannot fetch (the server answered HTTP 404)"))
        await site.stop()
    }

    @Test("a PDF served from …/report.html is read as a PDF; an HTML page served from …/report.pdf as HTML")
    func contentBeforeExtension() async throws {
        let site = try await Self.site()
        let fetcher = HTTPFetcher(options: .init(timeout: 30))
        let pdf = try await RemoteReport.read(site.url("/art/report.html"), fetcher: fetcher)
        try FetchTests.expectHongze(pdf.report)
        #expect(pdf.report.source.file == site.url("/art/report.html"))
        let untyped = try await RemoteReport.read(site.url("/art/untyped.html"), fetcher: fetcher)
        try FetchTests.expectHongze(untyped.report)
        let html = try await RemoteReport.read(site.url("/art/report.pdf"), fetcher: fetcher)
        #expect(html.report.source.format == "html" && html.report.metadata.agency == "青山区人民政府")
        #expect(html.report.tables.applications["newReceived.total"]?.number == 1583)
        let cli = try await CLI.runDetached(["convert", site.url("/art/report.html"), "--compact"])
        #expect(cli.status == 0 && cli.stdout.contains("\"format\":\"pdf\""), "\(cli.stderr)")
        await site.stop()
    }
}
