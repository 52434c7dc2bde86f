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

/// The pictures of a fetched HTML page's main content: fetched as its attachment would be and
/// read by OCR in place, so that the page converts as the same page read from disk does; a
/// picture that cannot be had is a diagnostic naming it, never a number.
@Suite("OCR of a fetched page's pictures")
struct OCRFetchTests {
    static let jpeg = "image/jpeg"

    /// The cells of a report, each with its value, printed text, place and provenance.
    static func cells(_ report: AnnualReport) -> [String: CellValue] {
        Dictionary(report.allCells.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("a page whose three tables are pictures, fetched by its URL: its cells are the local page's exactly, and the truth's; with --ocr never no picture is fetched")
    func fetchedPageEqualsLocal() async throws {
        let page = "ocr/html_tables_as_images.html"
        let site = try await TestSite.start([
            "/2021/report.html": .page(TestSite.fixture(page), contentType: "text/html; charset=utf-8"),
            "/2021/html_tables_as_images_files/table-1.jpg": .page(TestSite.fixture("ocr/html_tables_as_images_files/table-1.jpg"), contentType: Self.jpeg),
            // A picture moved: the redirect is followed as a page's would be.
            "/2021/html_tables_as_images_files/table-2.jpg": .redirect("/static/t2.jpg"),
            "/static/t2.jpg": .page(TestSite.fixture("ocr/html_tables_as_images_files/table-2.jpg"), contentType: Self.jpeg),
            "/2021/html_tables_as_images_files/table-3.jpg": .page(TestSite.fixture("ocr/html_tables_as_images_files/table-3.jpg"), contentType: Self.jpeg),
        ])
        let truth = try Truth(path: Fixtures.path(page) + ".truth.json")
        let local = try ReportReader.report(Fixtures.path(page))
        let fetched = try await Converter().convert(.url(site.url("/2021/report.html")))
        #expect(Self.cells(fetched) == Self.cells(local))
        let result = OCRTests.compare(fetched, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced == OCRTests.compare(local, truth: truth).reproduced)
        #expect(result.reproduced >= 198, "\(result.reproduced) of 200")
        #expect(fetched.tables.applications["newReceived.total"]?.location?.ocr?.reading == .digits)
        #expect(!fetched.diagnostics.contains { $0.code == .pictureUnread })
        let paths = await site.log.paths
        for picture in ["/2021/html_tables_as_images_files/table-1.jpg", "/static/t2.jpg", "/2021/html_tables_as_images_files/table-3.jpg"] {
            #expect(paths.filter { $0 == picture }.count == 1, "\(picture): \(paths)")
        }
        // --ocr never: the page alone is fetched, its (picture) cells null.
        let before = await site.log.paths.count
        let never = try? await Converter().convert(.url(site.url("/2021/report.html")), options: ConversionOptions(ocr: .never))
        #expect(never.map { OCRTests.compare($0, truth: truth).reproduced } ?? 0 == 0)
        #expect(await site.log.paths.dropFirst(before) == ["/2021/report.html"])
        await site.stop()
    }

    @Test("a picture that 404s and one that is no image: a diagnostic naming each, their tables null, the page's own table read")
    func missingPicture() async throws {
        let page = "ocr/html_table4_as_image.html"
        var html = String(decoding: TestSite.fixture(page), as: UTF8.self)
        html = html.replacingOccurrences(of: "<p><img src=\"html_tables_as_images_files/table-3.jpg\"", with: "<p><img src=\"/img/broken.png\"></p><p><img src=\"html_tables_as_images_files/table-3.jpg\"")
        let site = try await TestSite.start([
            "/a/report.html": .page(Data(html.utf8), contentType: "text/html; charset=utf-8"),
            "/img/broken.png": .page(Data("<html><body>not found</body></html>".utf8), contentType: "text/html"),
            "/a/html_tables_as_images_files/table-3.jpg": .status(404),
        ])
        let truth = try Truth(path: Fixtures.path(page) + ".truth.json")
        let report = try await Converter().convert(.url(site.url("/a/report.html")))
        #expect(OCRTests.compare(report, truth: truth).wrong.isEmpty)
        #expect(report.tables.reviewLitigation["review.total"]?.number == nil)
        #expect(report.tables.applications["newReceived.total"]?.number == 14069)
        let unread = report.diagnostics.filter { $0.code == .pictureUnread }.map(\.message)
        #expect(unread.count == 2, "\(unread)")
        #expect(unread.contains { $0.contains(site.url("/a/html_tables_as_images_files/table-3.jpg")) && $0.contains("HTTP 404") })
        #expect(unread.contains { $0.contains(site.url("/img/broken.png")) && $0.contains("not a PNG, JPEG or TIFF image") })
        await site.stop()
    }

    @Test("more pictures than a page's limit: those over it are not fetched and each is a diagnostic; a data: picture that is no image is a warning, an ftp: one a note")
    func pictureLimit() async throws {
        let page = "ocr/html_table4_as_image.html"
        var html = String(decoding: TestSite.fixture(page), as: UTF8.self)
        html = html.replacingOccurrences(
            of: "<p><img src=\"html_tables_as_images_files/table-3.jpg\"",
            with: "<p><img src=\"data:image/png;base64,AAAA\"><img src=\"ftp://example.org/t.png\"><img src=\"icon.png\"></p><p><img src=\"html_tables_as_images_files/table-3.jpg\"")
        let site = try await TestSite.start([
            "/b/report.html": .page(Data(html.utf8), contentType: "text/html; charset=utf-8"),
            "/b/icon.png": .page(TestSite.fixture("ocr/bad/icon_64x64.png"), contentType: "image/png"),
            "/b/html_tables_as_images_files/table-3.jpg": .page(TestSite.fixture("ocr/html_tables_as_images_files/table-3.jpg"), contentType: Self.jpeg),
        ])
        let report = try await Converter().convert(.url(site.url("/b/report.html")), options: ConversionOptions(maxPictures: 1))
        #expect(report.tables.reviewLitigation["review.total"]?.number == nil)
        #expect(report.tables.applications["newReceived.total"]?.number == 14069)
        let unread = report.diagnostics.filter { $0.code == .pictureUnread }
        #expect(unread.count == 3, "\(unread.map(\.message))")
        #expect(unread.contains { $0.severity == .warning && $0.message.contains("table-3.jpg") && $0.message.contains("fetched up to 1") })
        #expect(unread.contains { $0.severity == .warning && $0.message.contains("data:image/png (3 bytes) is not a PNG, JPEG or TIFF image") })
        #expect(unread.contains { $0.severity == .info && $0.message.contains("ftp://example.org/t.png") })
        let paths = await site.log.paths
        #expect(paths.contains("/b/icon.png"))
        #expect(!paths.contains("/b/html_tables_as_images_files/table-3.jpg"))
        await site.stop()
    }

    @Test("a fetched page whose table 四 is embedded as a data: picture: read by OCR without a request; with no picture allowed, not read")
    func embeddedPicture() async throws {
        let page = "ocr/html_table4_as_image.html"
        let picture = TestSite.fixture("ocr/html_tables_as_images_files/table-3.jpg").base64EncodedString(options: .lineLength76Characters)
        let html = String(decoding: TestSite.fixture(page), as: UTF8.self).replacingOccurrences(
            of: "src=\"html_tables_as_images_files/table-3.jpg\"", with: "src=\"data:image/jpeg;base64,\(picture)\"")
        let site = try await TestSite.start(["/e/report.html": .page(Data(html.utf8), contentType: "text/html; charset=utf-8")])
        let report = try await Converter().convert(.url(site.url("/e/report.html")), options: ConversionOptions(maxPictures: 1))
        let truth = try Truth(path: Fixtures.path(page) + ".truth.json")
        let result = OCRTests.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced == 200, "\(result.reproduced) of 200")
        #expect(report.tables.reviewLitigation["review.total"]?.number == 790)
        #expect(report.tables.reviewLitigation["review.total"]?.location?.ocr?.reading == .digits)
        #expect(!report.diagnostics.contains { $0.code == .pictureUnread })
        #expect(await site.log.paths.filter { $0 != "/robots.txt" } == ["/e/report.html"])
        let none = try await Converter().convert(.url(site.url("/e/report.html")), options: ConversionOptions(maxPictures: 0))
        #expect(none.tables.reviewLitigation["review.total"]?.number == nil)
        await site.stop()
    }

    @Test("addresses of pictures: relative ones resolved against the page's, only http(s)")
    func resolving() {
        let page = "https://www.example.gov.cn/zwgk/2021/report.html?id=3"
        #expect(PagePictures.resolved("t1.png", against: page) == "https://www.example.gov.cn/zwgk/2021/t1.png")
        #expect(PagePictures.resolved("../img/t 2.png", against: page) == "https://www.example.gov.cn/zwgk/img/t%202.png")
        #expect(PagePictures.resolved("/img/t3.jpg", against: page) == "https://www.example.gov.cn/img/t3.jpg")
        #expect(PagePictures.resolved("//cdn.example.org/t4.jpg", against: page) == "https://cdn.example.org/t4.jpg")
        #expect(PagePictures.resolved("data:image/png;base64,AAAA", against: page) == nil)
        #expect(PagePictures.resolved("ftp://example.org/t5.png", against: page) == nil)
        #expect(PagePictures.resolved("file:///etc/passwd", against: page) == nil)
        #expect(PagePictures.resolved("", against: page) == nil)
    }
}
