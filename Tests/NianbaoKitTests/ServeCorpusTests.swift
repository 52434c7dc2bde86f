import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import NianbaoCorpus
@testable import NianbaoKit
@testable import NianbaoServer

/// `nianbao serve --db`: the corpus pages (listing, filters, chart, one report), in process, on a
/// corpus the test builds from fixtures; the corpus opened read-only.
@Suite("Serve: corpus pages")
struct ServeCorpusTests {
    /// 管头镇 2024 (0 received), 刘振屯镇 2023 (0), 洪泽区 2023 (21; groupSum fails), the same
    /// report's text with its total unread (2023, null), 空白镇 2024 (12046; blank cells), 临川区 2019 (1529).
    static let fixtures = [
        "text/001_88f1d5ea082339d9.txt", "text/002_9589ac1eaec416c0.txt", "pdf/hongze_2023.pdf", "pdf/hongze_2023.pdf.source.txt",
        "pdf/synthetic_2021_blanks_libreoffice.pdf", "html/linchuan_office_2019_ucap.html",
    ]

    /// The corpus of ``fixtures``, built once for the suite (the tests only read it).
    static let corpus: Result<(path: String, ids: [String: String]), any Error> = Result {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("corpus.sqlite").path
        let database = try CorpusDatabase(path: path)
        var ids: [String: String] = [:]
        for fixture in fixtures {
            let report = try Fixtures.report(fixture)
            try database.upsert(report)
            ids[fixture] = report.source.sha256
        }
        return (path, ids)
    }

    static func app(corpus path: String?, log: ServeTests.LogLines = ServeTests.LogLines()) throws -> some ApplicationProtocol {
        var settings = ServerSettings(port: 0, workers: WorkerSetup(executable: CLI.executable.path))
        if let path { settings.corpus = try CorpusCatalog(readOnly: path) }
        return NianbaoServer.application(settings: settings, workers: ServeTests.workers, log: log.append)
    }

    static func text(_ response: TestResponse) -> String { String(decoding: response.body.readableBytesView, as: UTF8.self) }

    /// The IDs of the reports a listing shows, in its order.
    static func listed(_ page: String) -> [String] {
        page.components(separatedBy: "data-id=\"").dropFirst().map { String($0.prefix(64)) }
    }

    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get) { ($0.status, Self.text($0)) }
    }

    @Test("the listing filters by agency, year and failing rule; the home page links it")
    func filters() async throws {
        let (path, ids) = try Self.corpus.get()
        let hongze = try #require(ids["pdf/hongze_2023.pdf"])
        try await Self.app(corpus: path).test(.router) { client in
            let (status, all) = try await get(client, "/corpus")
            #expect(status == .ok)
            #expect(Set(Self.listed(all)) == Set(ids.values) && Self.listed(all).count == 6)
            #expect(all.contains("Reports 1–6 of 6"))
            let cases: [(String, [String])] = [
                ("/corpus?year=2023", ["text/002_9589ac1eaec416c0.txt", "pdf/hongze_2023.pdf", "pdf/hongze_2023.pdf.source.txt"]),
                ("/corpus?agency=%E6%B4%AA%E6%B3%BD", ["pdf/hongze_2023.pdf", "pdf/hongze_2023.pdf.source.txt"]),  // 洪泽
                ("/corpus?agency=%E6%B4%AA%E6%B3%BD&year=2023&rule=any", ["pdf/hongze_2023.pdf"]),
                ("/corpus?rule=groupSum", ["pdf/hongze_2023.pdf"]),
                ("/corpus?rule=balance", []),
                ("/corpus?year=2019&agency=", ["html/linchuan_office_2019_ucap.html"]),
                ("/corpus?agency=+%E7%A9%BA%E7%99%BD%E9%95%87+", ["pdf/synthetic_2021_blanks_libreoffice.pdf"]),  // " 空白镇 " from a form
            ]
            for (uri, expected) in cases {
                let (status, page) = try await get(client, uri)
                #expect(status == .ok, "\(uri)")
                #expect(Set(Self.listed(page)) == Set(expected.compactMap { ids[$0] }), "\(uri)")
            }
            let (_, failing) = try await get(client, "/corpus?rule=any")
            #expect(failing.contains("<a href=\"/corpus/reports/\(hongze)\">"))
            #expect(failing.contains("<option value=\"any\" selected>"))
            let (_, home) = try await get(client, "/")
            #expect(home.contains("<a href=\"/corpus\">"))
        }
    }

    @Test("without --db the corpus routes are 404 and the home page does not link them")
    func absentWithoutCorpus() async throws {
        let id = String(repeating: "a", count: 64)
        try await Self.app(corpus: nil).test(.router) { client in
            for uri in ["/corpus", "/corpus?year=2023", "/corpus/reports/\(id)", "/static/corpus.css"] {
                let (status, _) = try await get(client, uri)
                #expect(status == .notFound, "\(uri)")
            }
            let (status, home) = try await get(client, "/")
            #expect(status == .ok && !home.contains("/corpus"))
        }
    }

    @Test("the chart has one bar a year with the sum of the applications received, the unread total noted")
    func chart() async throws {
        let (path, _) = try Self.corpus.get()
        try await Self.app(corpus: path).test(.router) { client in
            let (_, page) = try await get(client, "/corpus")
            let bars = page.components(separatedBy: "<rect class=\"bar\" ").dropFirst().map { String($0.prefix(while: { $0 != "x" })) }
            #expect(bars == ["data-year=\"2019\" data-value=\"1529\" ", "data-year=\"2023\" data-value=\"21\" ", "data-year=\"2024\" data-value=\"12046\" "])
            // The largest bar is the plot's height; 2023 has one report whose total is null (not in the sum).
            #expect(page.contains("data-year=\"2024\" data-value=\"12046\" x=\"146\" y=\"24\" width=\"36\" height=\"160\""))
            #expect(page.contains("<title>2023: 21 applications received, in 2 report(s); 1 report(s) without a readable total, not counted</title>"))
            #expect(page.contains(">21*</text>") && page.contains(">1529</text>"))
            // The chart follows the agency and rule filters, not the year (all years of the reports chosen).
            let (_, hongze) = try await get(client, "/corpus?rule=groupSum&year=2024")
            #expect(hongze.components(separatedBy: "<rect class=\"bar\"").count == 2 && hongze.contains("data-year=\"2023\" data-value=\"21\""))
            let (_, none) = try await get(client, "/corpus?agency=%E6%97%A0")
            #expect(!none.contains("<svg") && none.contains("No report of these has a year: nothing to draw."))
        }
    }

    @Test("the chart with one year, with zeros, and with none: sensible bars, no division by zero")
    func chartEdges() {
        let one = CorpusChart.svg([.init(year: 2021, received: 7, reports: 1, withoutValue: 0)])
        #expect(one.contains("data-year=\"2021\" data-value=\"7\" x=\"34\" y=\"24\" width=\"36\" height=\"160\""))
        let zeros = CorpusChart.svg([.init(year: 2020, received: 0, reports: 2, withoutValue: 0), .init(year: 2021, received: 0, reports: 1, withoutValue: 1)])
        #expect(zeros.contains("data-year=\"2020\" data-value=\"0\" x=\"34\" y=\"184\" width=\"36\" height=\"0\""))
        #expect(zeros.contains("height=\"0\"") && !zeros.contains("nan") && zeros.contains("* some reports"))
        #expect(CorpusChart.svg([]) == "<p class=\"status\">No report of these has a year: nothing to draw.</p>\n")
    }

    @Test("a report's page: the official form with a known cell, failed rules marked on their cells, null cells with their reason")
    func reportPage() async throws {
        let (path, ids) = try Self.corpus.get()
        try await Self.app(corpus: path).test(.router) { client in
            let (status, linchuan) = try await get(client, "/corpus/reports/\(try #require(ids["html/linchuan_office_2019_ucap.html"]))")
            #expect(status == .ok)
            #expect(linchuan.contains("<td data-key=\"tables.applications.newReceived.total\">1529</td>"))
            #expect(linchuan.contains("<p class=\"status pass\">临川区人民政府办公室 2019: no 勾稽 rule failed"))

            let (_, hongze) = try await get(client, "/corpus/reports/\(try #require(ids["pdf/hongze_2023.pdf"]))")
            #expect(hongze.contains("<td class=\"check-failed\" title=\"勾稽不符：行政复议：结果维持+结果纠正+其他结果+尚未审结 = 总计：各项之和 11，填报 0\" data-key=\"tables.reviewLitigation.review.upheld\">10</td>"))
            #expect(hongze.contains("<p class=\"status fail\">洪泽区人民政府 2023: 2 勾稽 rule(s) failed"))
            #expect(hongze.contains("<li class=\"fail\">勾稽 fail: review: 行政复议：结果维持+结果纠正+其他结果+尚未审结 = 总计 (expected 11, found 0)</li>"))

            let (_, blanks) = try await get(client, "/corpus/reports/\(try #require(ids["pdf/synthetic_2021_blanks_libreoffice.pdf"]))")
            #expect(blanks.contains("<td class=\"null\" title=\"空值：（一）予以公开: 1 blank or dashed cell read as null\" data-key=\"tables.applications.granted.research\"></td>"))
            // As the upload page shows it: the same cells as `convert --to html --annotate --fragment`.
            let cli = try CLI.run(["convert", Fixtures.path("pdf/synthetic_2021_blanks_libreoffice.pdf"), "--to", "html", "--annotate", "--fragment"])
            let cells = { (html: String) in html.components(separatedBy: "<td").dropFirst().map { $0.prefix(while: { $0 != "\n" }) } }
            #expect(cells(blanks).suffix(cells(cli.stdout).count) == cells(cli.stdout)[...])
        }
    }

    @Test("hostile queries and IDs are answered 400 or 404, never run as SQL; the corpus is unchanged")
    func hostile() async throws {
        let (path, _) = try Self.corpus.get()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try await Self.app(corpus: path).test(.router) { client in
            // Text that is SQL or LIKE syntax is a literal agency: nothing matches.
            for uri in ["/corpus?agency=%27%20OR%20%271%27%3D%271", "/corpus?agency=%25", "/corpus?agency=_", "/corpus?agency=%5C",
                        "/corpus?agency=x%27%3B%20DROP%20TABLE%20reports%3B%20--", "/corpus?agency=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"] {
                let (status, page) = try await get(client, uri)
                #expect(status == .ok && Self.listed(page).isEmpty && page.contains("No report matches."), "\(uri)")
                #expect(!page.contains("<script>"), "\(uri)")
            }
            let bad = [
                "/corpus?year=99999999999999999999999", "/corpus?year=2023%20OR%201%3D1", "/corpus?year=-1", "/corpus?year=1e300",
                "/corpus?year=2023.0", "/corpus?page=0", "/corpus?page=9223372036854775807", "/corpus?page=1000001", "/corpus?page=nan",
                "/corpus?rule=balance%27--", "/corpus?rule=ANY", "/corpus?sort=agency", "/corpus?agency=%ZZ", "/corpus?agency=%00",
                "/corpus?agency=" + String(repeating: "a", count: 201),
                "/corpus/reports/%27%20OR%20%271%27%3D%271", "/corpus/reports/" + String(repeating: "A", count: 64),
                "/corpus/reports/" + String(repeating: "a", count: 65), "/corpus/reports/1",
            ]
            for uri in bad {
                let (status, page) = try await get(client, uri)
                #expect(status == .badRequest, "\(uri)")
                #expect(page.contains("<p class=\"status error\">"), "\(uri)")
            }
            let (status, page) = try await get(client, "/corpus/reports/" + String(repeating: "0", count: 64))
            #expect(status == .notFound && page.contains("the corpus has no report"))
            // A page past the last is a page with no reports, not an error.
            let (late, empty) = try await get(client, "/corpus?page=1000000")
            #expect(late == .ok && empty.contains("No report on page 1000000 (6 match)."))
            let (_, all) = try await get(client, "/corpus")
            #expect(Self.listed(all).count == 6)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("paging: 50 reports a page, links keep the filters")
    func paging() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("many.sqlite").path
        let database = try CorpusDatabase(path: path)
        var report = try Fixtures.report("text/001_88f1d5ea082339d9.txt")
        for i in 0..<53 {
            report.source.sha256 = String(format: "%064x", i + 1)
            report.source.file = String(format: "r%02d.txt", i)
            try database.upsert(report)
        }
        try await Self.app(corpus: path).test(.router) { client in
            let (_, first) = try await get(client, "/corpus?agency=%E7%AE%A1%E5%A4%B4&year=2024")
            #expect(Self.listed(first).count == 50 && first.contains("Reports 1–50 of 53") && first.contains("page 1 of 2"))
            #expect(first.contains("<a rel=\"next\" href=\"/corpus?agency=%E7%AE%A1%E5%A4%B4&amp;year=2024&amp;page=2\">"))
            let (_, second) = try await get(client, "/corpus?agency=%E7%AE%A1%E5%A4%B4&year=2024&page=2")
            #expect(Self.listed(second) == [String(format: "%064x", 51), String(format: "%064x", 52), String(format: "%064x", 53)])
            #expect(second.contains("<a rel=\"prev\" href=\"/corpus?agency=%E7%AE%A1%E5%A4%B4&amp;year=2024\">"))
        }
    }

    @Test("the corpus is opened read-only: a missing file is not created, another database or file is refused unchanged")
    func readOnly() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("missing.sqlite").path
        #expect(throws: NianbaoError.self) { try CorpusCatalog(readOnly: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))

        let other = dir.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: other)
        try queue.write { try $0.execute(sql: "CREATE TABLE reports (id INTEGER); INSERT INTO reports VALUES (7)") }
        try queue.close()
        let empty = dir.appendingPathComponent("empty.sqlite").path
        let text = dir.appendingPathComponent("notes.sqlite").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        FileManager.default.createFile(atPath: text, contents: Data("管头镇 2024\n".utf8))
        for path in [other, empty, text, dir.path] {
            let before = try? Data(contentsOf: URL(fileURLWithPath: path))
            do {
                _ = try CorpusCatalog(readOnly: path)
                Issue.record("\(path) was opened as a corpus")
            } catch {
                #expect(error.description.hasPrefix(path + ": cannot read the file ("), "\(error)")
            }
            #expect((try? Data(contentsOf: URL(fileURLWithPath: path))) == before)
            #expect(!FileManager.default.fileExists(atPath: path + "-journal") && !FileManager.default.fileExists(atPath: path + "-wal"))
        }
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "管头镇 2024\n")
    }

    @Test("serve --db with a missing or non-corpus file is a one-line error, exit 2, nothing created")
    func startupErrors() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("nope.sqlite").path
        let text = dir.appendingPathComponent("report.txt").path
        FileManager.default.createFile(atPath: text, contents: Data("not a database\n".utf8))
        for (path, reason) in [(missing, "no such file"), (text, "cannot open it as an SQLite corpus")] {
            let run = try CLI.run(["serve", "--port", "1", "--db", path])
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr.hasPrefix("nianbao: serve: --db: \(path): cannot read the file (\(reason)"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("--queue is a whole number from 0 to 4096", arguments: ["-1", "4097", "1e3", "nan"])
    func queueOption(_ value: String) throws {
        let run = try CLI.run(["serve", "--port", "1", "--queue", value])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("--queue"), "\(run.stderr)")
    }
}
