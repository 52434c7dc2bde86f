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

/// Fetching reports over HTTP from a real server on 127.0.0.1.
@Suite("Fetching by URL", .serialized)
struct FetchTests {
    static let gbkWithoutMeta: Data = {
        let bytes = TestSite.fixture("html/jiangning_county_2022_word_gbk.html")
        let text = String(data: bytes, encoding: String.Encoding(rawValue: 0x8000_0632))!
            .replacingOccurrences(of: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", with: "")
        return text.data(using: String.Encoding(rawValue: 0x8000_0632))!
    }()

    static func site() async throws -> TestSite {
        try await TestSite.start([
            "/art/2023.html": .page(TestSite.fixture("html/qingshan_district_2023_trs.html"), contentType: "text/html; charset=utf-8"),
            "/art/2022.html": .page(gbkWithoutMeta, contentType: "text/html; charset=GBK"),
            "/art/2023-pdf.html": .page(TestSite.html("<div id=\"zoom\"><p>附件：<a href=\"/files/hongze_2023.pdf\">洪泽区2023年政府信息公开工作年度报告.pdf</a></p></div>"), contentType: "text/html"),
            "/files/hongze_2023.pdf": .page(TestSite.fixture("pdf/hongze_2023.pdf"), contentType: "application/pdf"),
            // A CMS download address without an extension, served as a generic binary.
            "/art/2023-download.html": .page(TestSite.html("<div id=\"zoom\"><p>附件：<a href=\"/download?id=7\">洪泽区2023年政府信息公开工作年度报告.pdf</a></p></div>"), contentType: "text/html"),
            "/download": .page(TestSite.fixture("pdf/hongze_2023.pdf"), contentType: "application/octet-stream"),
            "/art/2021.html": .page(TestSite.html("<div id=\"zoom\"><p>附件：<a href=\"/files/2021.pdf\">2021年政府信息公开工作年度报告.pdf</a></p></div>"), contentType: "text/html"),
            "/art/2016.html": .page(TestSite.html("<div id=\"zoom\"><p>附件：<a href=\"../files/2016.doc\">2016年年报</a></p></div>"), contentType: "text/html"),
            "/files/2021.pdf": .page(Data("%PDF-1.4\n% not a real PDF\n".utf8), contentType: "application/pdf"),
            "/files/2016.doc": .page(Data([0xD0, 0xCF, 0x11, 0xE0]), contentType: "application/msword"),
            "/moved": .redirect("/art/2023.html"),
            "/loop/a": .redirect("/loop/b"),
            "/loop/b": .redirect("/loop/a"),
            "/error": .status(500),
            "/slow": .slow(seconds: 3),
            "/big": .page(Data(repeating: 0x41, count: 3_000_000), contentType: "text/html"),
        ])
    }

    // Generous: the test server shares two cores with every other test running at once.
    let fetcher = HTTPFetcher(options: HTTPFetcher.Options(timeout: 30, maxBytes: 1_000_000, maxRedirects: 5))

    func failure(_ body: () async throws(NianbaoError) -> Void) async -> NianbaoError? {
        do { try await body() } catch { return error }
        return nil
    }

    @Test("a UTF-8 page and a GBK page whose charset only the HTTP header names convert to their truth")
    func pages() async throws {
        let site = try await Self.site()
        let utf8 = try await RemoteReport.read(site.url("/art/2023.html"), fetcher: fetcher)
        #expect(utf8.report.metadata.agency == "青山区人民政府")
        #expect(utf8.report.tables.applications["newReceived.total"]?.number == 1583)
        #expect(utf8.report.source.file == site.url("/art/2023.html"))
        let gbk = try await RemoteReport.read(site.url("/art/2022.html"), fetcher: fetcher)
        let truth = try Truth(path: Fixtures.path("html/jiangning_county_2022_word_gbk.html.truth.json"))
        for (key, expected) in truth.cells { #expect(gbk.report.number(at: key) == expected, "\(key)") }
        #expect(await site.log.requests.allSatisfy { $0.userAgent.hasPrefix("nianbao/") })
        await site.stop()
    }

    @Test("redirects are followed; a loop is an error")
    func redirects() async throws {
        let site = try await Self.site()
        let moved = try await fetcher.get(site.url("/moved"))
        #expect(moved.status == 200 && moved.url == site.url("/art/2023.html") && moved.redirects == [site.url("/moved")])
        let loop = await failure { () throws(NianbaoError) in _ = try await fetcher.get(site.url("/loop/a")) }
        #expect(loop == .fetchFailed(url: site.url("/loop/a"), failure: .redirectLoop(at: site.url("/loop/a"))))
        await site.stop()
    }

    @Test("404, 500, a slow answer and an oversized body fail with their reason")
    func failures() async throws {
        let site = try await Self.site()
        let missing = await failure { () throws(NianbaoError) in _ = try await RemoteReport.read(site.url("/nothing.html"), fetcher: fetcher) }
        #expect(missing == .fetchFailed(url: site.url("/nothing.html"), failure: .httpStatus(404)))
        let error = await failure { () throws(NianbaoError) in _ = try await RemoteReport.read(site.url("/error"), fetcher: fetcher) }
        #expect(error == .fetchFailed(url: site.url("/error"), failure: .httpStatus(500)))
        let impatient = HTTPFetcher(options: HTTPFetcher.Options(timeout: 0.5))
        let slow = await failure { () throws(NianbaoError) in _ = try await impatient.get(site.url("/slow")) }
        #expect(slow == .fetchFailed(url: site.url("/slow"), failure: .timeout(seconds: 0.5)))
        let big = await failure { () throws(NianbaoError) in _ = try await fetcher.get(site.url("/big")) }
        #expect(big == .fetchFailed(url: site.url("/big"), failure: .tooLarge(limit: 1_000_000)))
        await site.stop()
    }

    /// Every truth cell of hongze's PDF (Fixtures/pdf/hongze_2023.pdf.truth.json) in `report`, and
    /// no other number; its agency, year, template, date and section titles.
    static func expectHongze(_ report: AnnualReport) throws {
        let truth = try Truth(path: Fixtures.path("pdf/hongze_2023.pdf.truth.json"))
        #expect(report.source.format == "pdf")
        #expect(report.metadata.agency == truth.agency && report.metadata.year == truth.year)
        #expect(report.metadata.template.rawValue == truth.template && report.metadata.publishedOn == truth.publishedOn)
        #expect(report.sections.map(\.title) == truth.sections)
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) { #expect(report.number(at: key) == expected, "\(key)") }
        for (key, cell) in report.allCells where cell.number != nil { #expect(truth.cells[key] != nil, "\(key) is not in the truth file") }
    }

    @Test("a page that only links its report as a PDF: the PDF is fetched and converts to its truth")
    func pdfAttachment() async throws {
        let site = try await Self.site()
        let reading = try await RemoteReport.read(site.url("/art/2023-pdf.html"), fetcher: fetcher)
        try Self.expectHongze(reading.report)
        #expect(reading.page.url == site.url("/art/2023-pdf.html"))
        #expect(reading.attachment?.url == site.url("/files/hongze_2023.pdf"))
        #expect(reading.report.source.file == site.url("/files/hongze_2023.pdf"))
        #expect(reading.report.source.sha256 == SHA256.hex(Array(TestSite.fixture("pdf/hongze_2023.pdf"))))
        // An address without an extension, served as application/octet-stream: the bytes say PDF.
        let download = try await RemoteReport.read(site.url("/art/2023-download.html"), fetcher: fetcher)
        try Self.expectHongze(download.report)
        #expect(await site.log.count("/files/hongze_2023.pdf") == 1)
        #expect(await site.log.count("/download") == 1)
        await site.stop()
    }

    @Test("an attachment that is a damaged PDF or a damaged .doc fails naming the attachment")
    func badAttachments() async throws {
        let site = try await Self.site()
        let pdf = await failure { () throws(NianbaoError) in _ = try await RemoteReport.read(site.url("/art/2021.html"), fetcher: fetcher) }
        #expect(pdf == .unreadableInput(path: site.url("/files/2021.pdf"), reason: "not a readable PDF: PDF document is damaged"))
        #expect(await site.log.count("/files/2021.pdf") == 1)
        let doc = await failure { () throws(NianbaoError) in _ = try await RemoteReport.read(site.url("/art/2016.html"), fetcher: fetcher) }
        // Four bytes of an OLE2 header: LibreOffice reads them as text (no report), or is not installed.
        let message = doc?.description ?? "no error"
        #expect(message.hasPrefix(site.url("/files/2016.doc") + ": "), "\(message)")
        await site.stop()
    }

    @Test("nianbao convert URL of a page that only links a PDF writes the PDF's JSON")
    func commandLinePDFAttachment() async throws {
        let site = try await Self.site()
        let result = try await CLI.runDetached(["convert", site.url("/art/2023-download.html"), "--compact"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let truth = try Truth(path: Fixtures.path("pdf/hongze_2023.pdf.truth.json"))
        let report = try #require(json["report"] as? [String: Any])
        #expect(report["agency"] as? String == truth.agency && report["year"] as? Int == truth.year && report["template"] as? String == truth.template)
        #expect(report["publishedOn"] is NSNull && truth.publishedOn == nil)
        #expect((json["source"] as? [String: Any])?["format"] as? String == "pdf")
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) {
            #expect(Truth.number(at: key, inJSON: json) == expected, "\(key)")
        }
        // No number the truth does not have.
        #expect(Set(Truth.numbers(inJSON: json).keys) == Set(truth.cells.filter { $0.value != nil }.keys))
        await site.stop()
    }

    @Test("nianbao convert URL writes the JSON; a 404 is exit 2 with one line")
    func commandLine() async throws {
        let site = try await Self.site()
        let ok = try await CLI.runDetached(["convert", site.url("/art/2023.html"), "--compact"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("\"agency\":\"青山区人民政府\""))
        let missing = try await CLI.runDetached(["convert", site.url("/none.html")])
        #expect(missing.status == 2)
        #expect(missing.stderr == "nianbao: \(site.url("/none.html")): cannot fetch (the server answered HTTP 404)\n")
        await site.stop()
    }
}

@Suite("HTTP header blocks")
struct HeaderBlockTests {
    @Test("only the last response's fields count (100 Continue), names lowercased, repeats joined, folded lines kept")
    func fields() {
        let block = "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\nHTTP/1.1 302 Found\r\nLocation: /art/2023.html\r\n"
            + "Content-Type:text/html; charset=GBK \r\nVary: Accept\r\nvary: Accept-Language\r\nX-Long: a\r\n  b\r\nbroken line\r\n\r\n"
        #expect(HTTPFetcher.headerFields(block) == [
            "location": "/art/2023.html", "content-type": "text/html; charset=GBK", "vary": "Accept, Accept-Language", "x-long": "a b",
        ])
        #expect(HTTPFetcher.headerFields("HTTP/2 200\r\n\r\n").isEmpty)
    }
}

@Suite("robots.txt")
struct RobotsTxtTests {
    let robots = RobotsTxt("""
        # comment
        User-agent: *
        Disallow: /private/
        Allow: /private/open.html
        Disallow: /*.pdf$

        User-agent: OtherBot
        Disallow: /
        """)

    @Test("longest match decides, Allow wins a tie, * and $ patterns")
    func rules() {
        #expect(robots.allows("/art/2023.html"))
        #expect(!robots.allows("/private/2020.html"))
        #expect(robots.allows("/private/open.html"))
        #expect(!robots.allows("/files/a.pdf"))
        #expect(robots.allows("/files/a.pdf?x=1"))
        #expect(!robots.allows("/art/2023.html", userAgent: "otherbot"))
    }

    @Test("a group for nianbao replaces the * group")
    func ownGroup() {
        let own = RobotsTxt("User-agent: *\nDisallow: /\n\nUser-agent: nianbao\nDisallow: /tmp/\n")
        #expect(own.allows("/art/1.html"))
        #expect(!own.allows("/tmp/x"))
        #expect(RobotsTxt.target(of: "http://h/a/b.html?page=2#x") == "/a/b.html?page=2")
    }
}
