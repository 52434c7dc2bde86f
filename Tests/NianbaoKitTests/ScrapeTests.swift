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

/// `nianbao scrape` against a listing of three pages on a real server on 127.0.0.1.
@Suite("Scraping a listing", .serialized)
struct ScrapeTests {
    static func listing(_ items: [(String, String)], next: String?, pager: String = "") -> Data {
        let links = items.map { "<li><a href=\"\($0.0)\" title=\"\($0.1)\">\($0.1.prefix(14))…</a><span>2024-01-20</span></li>" }.joined()
        let unrelated = """
            <div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
            <div class="side"><a href="/zwgk/ndbg/">政府信息公开年度报告</a><a href="/tz/1.html">关于印发2021年政府信息公开工作年度报告格式的通知</a><a href="/news/9.html">2023年全区经济运行情况</a></div>
            """
        let pages = next.map { "<div class=\"page\">\(pager)<a href=\"\($0)\">下一页</a></div>" } ?? ""
        return TestSite.html(unrelated + "<ul class=\"list\">\(links)</ul>" + pages)
    }

    static func site(goodThenFailing: Bool = false) async throws -> TestSite {
        let page = { (name: String) in TestSite.fixture("html/" + name) }
        return try await TestSite.start([
            "/robots.txt": .page(Data("User-agent: *\nDisallow: /private/\n".utf8), contentType: "text/plain"),
            "/ndbg/index.html": .page(listing([
                ("/art/2023.html", "青山区人民政府2023年政府信息公开工作年度报告"),
                ("/art/2022.html", "江宁县2022年政府信息公开工作年度报告"),
            ], next: "index_1.html", pager: "<a href=\"index.html\">1</a><a href=\"index_1.html\">2</a><a href=\"index_2.html\">3</a>"), contentType: "text/html"),
            "/ndbg/index_1.html": .page(listing([
                ("/art/hongze.html", "洪泽区人民政府2023年政府信息公开工作年度报告"),
                ("/art/2019.html", "2019年临川区人民政府办公室政府信息公开工作年度报告"),
                ("/private/2020.html", "2020年政府信息公开工作年度报告"),
            ], next: "index_2.html"), contentType: "text/html"),
            "/ndbg/index_2.html": .page(listing([
                ("/art/2018.html", "2018年政府信息公开工作年度报告"),
                ("/art/2017.html", "2017年政府信息公开工作年度报告"),
                ("/art/2016.html", "2016年政府信息公开年报"),
                ("/art/2015.html", "2015年政府信息公开工作年度报告"),
            ], next: nil), contentType: "text/html"),
            "/art/2023.html": goodThenFailing
                ? .goodThenFailing(page("qingshan_district_2023_trs.html"), contentType: "text/html; charset=utf-8", times: 1)
                : .page(page("qingshan_district_2023_trs.html"), contentType: "text/html; charset=utf-8"),
            "/art/2022.html": .page(page("jiangning_county_2022_word_gbk.html"), contentType: "text/html"),
            "/art/2019.html": .page(page("linchuan_office_2019_ucap.html"), contentType: "text/html"),
            // A page that only links its report as a PDF attachment.
            "/art/hongze.html": .page(TestSite.html("<div id=\"zoom\"><p>附件：<a href=\"/files/hongze_2023.pdf\">2023年年报.pdf</a></p></div>"), contentType: "text/html"),
            "/files/hongze_2023.pdf": .page(TestSite.fixture("pdf/hongze_2023.pdf"), contentType: "application/pdf"),
            "/art/2017.html": .status(500),
            "/art/2016.html": .page(TestSite.html("<div id=\"zoom\"><a href=\"/files/2016.doc\">下载</a></div>"), contentType: "text/html"),
            "/files/2016.doc": .page(Data([0xD0, 0xCF, 0x11, 0xE0]), contentType: "application/msword"),
            "/private/2020.html": .page(page("qingshan_district_2023_trs.html"), contentType: "text/html"),
        ])
    }

    static func arguments(_ site: TestSite, _ dir: URL) -> [String] {
        ["scrape", site.url("/ndbg/index.html"), "--out", dir.path, "--since", "2016", "--delay", "0.01", "--retries", "1", "--timeout", "30"]
    }

    static func manifest(_ dir: URL) throws -> [String: [String: Any]] {
        let text = try String(contentsOf: dir.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        var entries: [String: [String: Any]] = [:]
        for line in text.split(separator: "\n") {
            let entry = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            entries[entry["url"] as! String] = entry
        }
        return entries
    }

    @Test("three listing pages: reports downloaded, converted and recorded; failures listed; a re-run downloads nothing new")
    func scrape() async throws {
        let site = try await Self.site()
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }

        let first = try await CLI.runDetached(Self.arguments(site, dir))
        #expect(first.status == 4)
        let failures = first.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }.map { String($0.drop { $0 == " " }) }
        #expect(failures.count == 4, "\(first.stdout)")
        #expect(failures.contains("\(site.url("/private/2020.html")): \(site.url("/private/2020.html")): cannot fetch (the site's robots.txt disallows this address)"))
        #expect(failures.contains("\(site.url("/art/2018.html")): \(site.url("/art/2018.html")): cannot fetch (the server answered HTTP 404)"))
        #expect(failures.contains("\(site.url("/art/2017.html")): \(site.url("/art/2017.html")): cannot fetch (the server answered HTTP 500)"))
        #expect(failures.contains { $0.hasPrefix(site.url("/files/2016.doc") + ": " + site.url("/files/2016.doc") + ": ") })
        #expect(first.stdout.hasPrefix("listing pages: 3, report links: 8\ndownloaded: 10, already present: 0, converted: 4,"), "\(first.stdout)")

        // The 500 was tried twice (--retries 1); the page before 2015 and the unrelated links never.
        let paths = await site.log.paths
        #expect(paths.filter { $0 == "/art/2017.html" }.count == 2)
        #expect(!paths.contains("/art/2015.html") && !paths.contains("/news/9.html") && !paths.contains("/tz/1.html"))
        #expect(!paths.contains("/private/2020.html"))
        #expect(paths.first == "/robots.txt" && paths.filter { $0 == "/robots.txt" }.count == 1)

        let entries = try Self.manifest(dir)
        let report = try #require(entries[site.url("/art/2023.html")])
        #expect(report["httpStatus"] as? Int == 200 && report["kind"] as? String == "page" && report["year"] as? Int == 2023)
        let file = try #require(report["file"] as? String)
        let bytes = try Data(contentsOf: dir.appendingPathComponent(file))
        #expect(bytes == TestSite.fixture("html/qingshan_district_2023_trs.html"))
        #expect(report["sha256"] as? String == SHA256.hex(Array(bytes)))
        let conversion = try #require(report["conversion"] as? [String: Any])
        #expect(conversion["status"] as? String == "converted" && conversion["agency"] as? String == "青山区人民政府" && conversion["checksFailed"] as? Int == 0)
        let output = try #require((conversion["outputs"] as? [String])?.first)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(output))) as! [String: Any]
        #expect((json["report"] as! [String: Any])["year"] as? Int == 2023)
        try Self.expectHongze(entries, site: site, dir: dir)
        #expect(entries[site.url("/art/2017.html")]?["httpStatus"] as? Int == 500)
        #expect(entries[site.url("/art/2022.html")].flatMap { ($0["conversion"] as? [String: Any])?["agency"] as? String } == "江宁县")

        // Second run: robots.txt and the listing are read again, the failed pages retried; nothing downloaded is fetched again.
        let before = paths.count
        let second = try await CLI.runDetached(Self.arguments(site, dir))
        #expect(second.status == 4)
        let again = Array(await site.log.paths.dropFirst(before))
        #expect(Set(again).isSubset(of: ["/robots.txt", "/ndbg/index.html", "/ndbg/index_1.html", "/ndbg/index_2.html", "/art/2018.html", "/art/2017.html"]), "\(again)")
        #expect(second.stdout.contains("downloaded: 3, already present: 7, converted: 4,"), "\(second.stdout)")
        await site.stop()
    }

    /// The page that only links hongze's PDF: the page records its attachment; the PDF is saved as
    /// served, converted, and its JSON holds every truth value of Fixtures/pdf/hongze_2023.pdf.
    static func expectHongze(_ entries: [String: [String: Any]], site: TestSite, dir: URL) throws {
        let page = try #require(entries[site.url("/art/hongze.html")])
        let pageConversion = try #require(page["conversion"] as? [String: Any])
        #expect(page["kind"] as? String == "page" && page["year"] as? Int == 2023)
        #expect(pageConversion["status"] as? String == "attachment" && pageConversion["attachment"] as? String == site.url("/files/hongze_2023.pdf"))
        let pdf = try #require(entries[site.url("/files/hongze_2023.pdf")])
        #expect(pdf["kind"] as? String == "attachment" && pdf["httpStatus"] as? Int == 200 && pdf["contentType"] as? String == "application/pdf")
        let file = try #require(pdf["file"] as? String)
        let original = TestSite.fixture("pdf/hongze_2023.pdf")
        #expect(try Data(contentsOf: dir.appendingPathComponent(file)) == original)
        #expect(pdf["sha256"] as? String == SHA256.hex(Array(original)) && pdf["bytes"] as? Int == original.count)
        let truth = try Truth(path: Fixtures.path("pdf/hongze_2023.pdf.truth.json"))
        let conversion = try #require(pdf["conversion"] as? [String: Any])
        #expect(conversion["status"] as? String == "converted")
        #expect(conversion["agency"] as? String == truth.agency && conversion["year"] as? Int == truth.year && conversion["template"] as? String == truth.template)
        // hongze's table 4 breaks the 勾稽 rules in the source (its truth file says where).
        let failed = try ReportReader.report(Fixtures.path("pdf/hongze_2023.pdf")).checks.filter { $0.status == .fail }.count
        #expect(failed > 0 && conversion["checksFailed"] as? Int == failed)
        let output = try #require((conversion["outputs"] as? [String])?.first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(output))) as? [String: Any])
        #expect((json["source"] as? [String: Any])?["format"] as? String == "pdf")
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) {
            #expect(Truth.number(at: key, inJSON: json) == expected, "\(key)")
        }
        // No number the truth does not have.
        #expect(Set(Truth.numbers(inJSON: json).keys) == Set(truth.cells.filter { $0.value != nil }.keys))
    }

    @Test("a report page whose table 四 is a picture: the picture fetched politely and read by OCR; one robots.txt disallows is a diagnostic, never fetched")
    func pictures() async throws {
        var html = String(decoding: TestSite.fixture("ocr/html_table4_as_image.html"), as: UTF8.self)
        html = html.replacingOccurrences(
            of: "<p><img src=\"html_tables_as_images_files/table-3.jpg\"",
            with: "<p><img src=\"/private/seal.png\"></p><p><img src=\"html_tables_as_images_files/table-3.jpg\"")
        let site = try await TestSite.start([
            "/robots.txt": .page(Data("User-agent: *\nDisallow: /private/\n".utf8), contentType: "text/plain"),
            "/ndbg/index.html": .page(Self.listing([("/art/2025.html", "测试市2025年政府信息公开工作年度报告")], next: nil), contentType: "text/html"),
            "/art/2025.html": .page(Data(html.utf8), contentType: "text/html; charset=utf-8"),
            "/art/html_tables_as_images_files/table-3.jpg": .page(TestSite.fixture("ocr/html_tables_as_images_files/table-3.jpg"), contentType: "image/jpeg"),
            "/private/seal.png": .page(TestSite.fixture("ocr/bad/icon_64x64.png"), contentType: "image/png"),
        ])
        defer { Task { await site.stop() } }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.runDetached(["scrape", site.url("/ndbg/index.html"), "--out", dir.path, "--delay", "0.01"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let entry = try #require(try Self.manifest(dir)[site.url("/art/2025.html")])
        let output = try #require(((entry["conversion"] as? [String: Any])?["outputs"] as? [String])?.first)
        let json = try String(contentsOf: dir.appendingPathComponent(output), encoding: .utf8)
        // Table 四 is only in the picture.
        #expect(try ReportJSONReader.read(Array(json.utf8), path: "r.json").tables.reviewLitigation["review.total"]?.number == 790)
        let unread = json.components(separatedBy: "\n").filter { $0.contains("picture-unread") || $0.contains("/private/seal.png") }
        #expect(json.components(separatedBy: "picture-unread").count == 2, "one diagnostic")
        #expect(unread.contains { $0.contains(site.url("/private/seal.png")) && $0.contains("robots.txt") }, "\(unread)")
        let paths = await site.log.paths
        #expect(paths.filter { $0 == "/art/html_tables_as_images_files/table-3.jpg" }.count == 1)
        #expect(!paths.contains("/private/seal.png") && paths.filter { $0 == "/robots.txt" }.count == 1)
    }

    @Test("a failed download never replaces a good file")
    func failedDownloadKeepsFile() async throws {
        let site = try await Self.site(goodThenFailing: true)
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = PoliteClient(fetcher: HTTPFetcher(options: .init(timeout: 30)), options: .init(delay: 0.01, retries: 0))
        let scraper = Scraper(client: client, options: .init(directory: dir.path, since: 2023, outputs: []))
        let first = try await scraper.run(listing: site.url("/ndbg/index.html"))
        // Three listing pages, the 2023 page, and hongze's page with its PDF.
        #expect(first.failures.isEmpty && first.downloaded == 6)
        let file = try #require(try Self.manifest(dir)[site.url("/art/2023.html")]?["file"] as? String)
        let good = try Data(contentsOf: dir.appendingPathComponent(file))
        // Forget what was downloaded: the page is fetched again, and now the server fails.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("manifest.jsonl"))
        let second = try await Scraper(client: PoliteClient(fetcher: HTTPFetcher(options: .init(timeout: 30)), options: .init(delay: 0.01, retries: 0)),
            options: .init(directory: dir.path, since: 2023, outputs: [])).run(listing: site.url("/ndbg/index.html"))
        #expect(second.failures.map(\.url) == [site.url("/art/2023.html")])
        #expect(try Data(contentsOf: dir.appendingPathComponent(file)) == good)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("files").path).allSatisfy { !$0.hasPrefix(".") })
        await site.stop()
    }

    @Test("report links and pagination of a listing page")
    func links() throws {
        let html = Self.listing([("/art/2023.html", "青山区人民政府2023年政府信息公开工作年度报告")], next: "index_1.html",
            pager: "<a href=\"index_2.html\">3</a><a href=\"/other/index_9.html\">9</a>")
        let page = try HTMLPage(bytes: Array(html), charset: nil, url: "http://127.0.0.1/ndbg/index.html", path: "listing")
        let found = ReportLinks.reports(in: page.links)
        #expect(found.map(\.link.url) == ["http://127.0.0.1/art/2023.html"])
        #expect(found.map(\.year) == [2023])
        #expect(ReportLinks.pagination(of: page, links: page.links) == ["http://127.0.0.1/ndbg/index_2.html", "http://127.0.0.1/ndbg/index_1.html"])
        let trs = try HTMLPage(bytes: Array(TestSite.html("<script>createPageHTML(3, 0, \"index\", \"shtml\");</script>")), charset: nil,
            url: "http://127.0.0.1/ndbg/index.shtml", path: "listing")
        #expect(ReportLinks.pagination(of: trs, links: trs.links) == ["http://127.0.0.1/ndbg/index_1.shtml", "http://127.0.0.1/ndbg/index_2.shtml"])
    }

    @Test("--to takes a comma list of the writers' formats")
    func formats() throws {
        let result = try CLI.run(["scrape", "http://127.0.0.1:9/list.html", "--out", "/tmp/x", "--to", "json,xlsx"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'xlsx' output is not available; --to takes: json, csv, html, check"))
    }
}
