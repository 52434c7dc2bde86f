import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NianbaoKit
import NianbaoServer
import Testing

/// `POST /api/pages`: a PDF's pages that hold its cells, drawn by the worker and sent as `data:`
/// URIs, with each cell's rectangle on its page (the web page highlights it on a click); and
/// `POST /api/view`, which gives them with the report and its annotated table from one conversion.
@Suite("Serve: page images beside the report")
struct ServePageImageTests {
    static let hongze = Fixtures.path("pdf/hongze_2023.pdf")

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    /// The width and height a PNG's IHDR chunk gives, or nil when `bytes` is not a PNG.
    static func pngSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count > 24, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        let number = { (at: Int) in bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }

    /// The cells of a pages answer by key.
    static func cells(_ answer: [String: Any]) -> [String: (page: Int, box: [Double])] {
        var result: [String: (page: Int, box: [Double])] = [:]
        for cell in answer["cells"] as? [[String: Any]] ?? [] {
            guard let key = cell["key"] as? String, let page = cell["page"] as? Int, let box = cell["box"] as? [Double] else { continue }
            result[key] = (page, box)
        }
        return result
    }

    @Test("hongze_2023.pdf: pages 2 to 4 drawn as PNG, 1000 px wide, and the exact rectangle of known cells")
    func hongzePages() async throws {
        let body = try ServeTests.body(Self.hongze)
        try await ServeTests.app().test(.router) { client in
            try await client.execute(uri: "/api/pages?filename=hongze_2023.pdf", method: .post, body: body) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let answer = try Self.json(response)
                let pages = try #require(answer["pages"] as? [[String: Any]])
                #expect(pages.map { $0["page"] as? Int } == [2, 3, 4])
                for page in pages {
                    #expect(page["width"] as? Double == 595 && page["height"] as? Double == 842)
                    #expect(page["pixelWidth"] as? Int == 1000 && page["pixelHeight"] as? Int == 1415)
                    let uri = try #require(page["image"] as? String)
                    #expect(uri.hasPrefix("data:image/png;base64,"))
                    let png = try #require(Data(base64Encoded: String(uri.dropFirst("data:image/png;base64,".count))))
                    #expect(Self.pngSize(Array(png)).map { [$0.0, $0.1] } == [1000, 1415])
                }
                #expect(answer["omittedPages"] as? [Int] == [])
                let cells = Self.cells(answer)
                #expect(cells.count == 186)
                // 行政事业性收费 7730.28 and 本年新收 自然人 21, as the PDF prints them.
                #expect(cells["tables.activeDisclosure.fees.amount"]?.page == 3)
                #expect(cells["tables.activeDisclosure.fees.amount"]?.box == [354.7, 281.4, 393.7, 297.1])
                #expect(cells["tables.applications.newReceived.naturalPerson"]?.page == 3)
                #expect(cells["tables.applications.newReceived.naturalPerson"]?.box == [318.7, 483.2, 332.8, 497.3])
                #expect(cells["tables.reviewLitigation.review.upheld"]?.page == 4)
            }
        }
    }

    @Test("every cell's rectangle is its location in `nianbao convert`'s cellSources")
    func sameAsCellSources() async throws {
        let cli = try CLI.run(["convert", Self.hongze])
        try await ServeTests.app().test(.router) { client in
            let report = try #require(JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
            try await client.execute(uri: "/api/pages?filename=hongze_2023.pdf", method: .post, body: try ServeTests.body(Self.hongze)) { response in
                let cells = Self.cells(try Self.json(response))
                #expect(!cells.isEmpty)
                for (key, cell) in cells {
                    var node: Any? = report["cellSources"]
                    for segment in key.split(separator: ".").dropFirst() { node = (node as? [String: Any])?[String(segment)] }
                    let location = (node as? [String: Any])?["location"] as? [String: Any]
                    #expect(location?["page"] as? Int == cell.page, "\(key)")
                    #expect(location?["box"] as? [Double] == cell.box, "\(key)")
                }
            }
        }
    }

    @Test("a multipart PDF and the in-process converter draw the same; a text report has no pages")
    func otherPaths() async throws {
        let pdf = Array(try Data(contentsOf: URL(fileURLWithPath: Self.hongze)))
        let viaWorker = try await ServeTests.app().test(.router) { client in
            let viaWorker = try await client.execute(uri: "/api/pages?filename=hongze_2023.pdf", method: .post, body: ByteBuffer(bytes: pdf)) { response in
                Array(response.body.readableBytesView)
            }
            let form = ServeMultipartTests.form([(name: "file", filename: "hongze_2023.pdf", type: "application/pdf", content: pdf)])
            try await client.execute(uri: "/api/pages", method: .post, headers: ServeMultipartTests.formType, body: form) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == viaWorker, "multipart and raw body differ")
            }
            let seed = Fixtures.path("text/001_88f1d5ea082339d9.txt")
            try await client.execute(uri: "/api/pages?filename=seed.txt", method: .post, body: try ServeTests.body(seed)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"source":{"file":"seed.txt","format":"txt"},"pages":[],"omittedPages":[],"cells":[]}"# + "\n")
            }
            try await client.execute(uri: "/api/pages?url=http://example.com/a.pdf", method: .post) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/pages?filename=broken.pdf", method: .post, body: ByteBuffer(string: "%PDF-1.4 not really")) { response in
                #expect(response.status == .unprocessableContent)
            }
            return viaWorker
        }
        let inProcess = NianbaoServer.application(settings: ServerSettings(port: 0), log: { _ in })
        try await inProcess.test(.router) { client in
            try await client.execute(uri: "/api/pages?filename=hongze_2023.pdf", method: .post, body: ByteBuffer(bytes: pdf)) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == viaWorker, "in process and in a worker differ")
            }
        }
    }

    @Test("/api/view: the JSON output, the annotated fragment and the pages in one answer, each exactly as /api/convert and /api/pages give them")
    func view() async throws {
        let pdf = try ServeTests.body(Self.hongze)
        let seed = try ServeTests.body(Fixtures.path("text/001_88f1d5ea082339d9.txt"))
        try await ServeTests.app().test(.router) { client in
            /// The body of `uri` for `body`, which must be answered 200.
            func answer(_ uri: String, _ body: ByteBuffer) async throws -> String {
                try await client.execute(uri: uri, method: .post, body: body) { response in
                    #expect(response.status == .ok, "\(uri): \(String(buffer: response.body))")
                    return String(buffer: response.body)
                }
            }
            for (name, body) in [("hongze_2023.pdf", pdf), ("seed.txt", seed)] {
                let view = try await answer("/api/view?filename=\(name)", body)
                let json = try await answer("/api/convert?to=json&compact=1&filename=\(name)", body)
                let html = try await answer("/api/convert?to=html&fragment=1&annotate=1&filename=\(name)", body)
                let pages = try await answer("/api/pages?filename=\(name)", body)
                let expected = #"{"report":"# + json.dropLast() + #","html":"# + JSONValue.string(html).serialized(pretty: false)
                    + #","pages":"# + pages.dropLast() + "}\n"
                #expect(view == expected, "\(name)")
            }
            #expect(try await answer("/api/view?filename=seed.txt", seed).hasSuffix(#","pages":{"source":{"file":"seed.txt","format":"txt"},"pages":[],"omittedPages":[],"cells":[]}}"# + "\n"))
            try await client.execute(uri: "/api/view?filename=hongze_2023.pdf&to=csv", method: .post, body: pdf) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body) == "unknown parameter 'to'; known: filename, url\n")
            }
            try await client.execute(uri: "/api/view?filename=broken.pdf", method: .post, body: ByteBuffer(string: "%PDF-1.4 not really")) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    @Test("the drawing limits: at most maxPages pages, the others listed as omitted, at most maxWidth px")
    func limits() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.hongze)))
        let (report, all) = try Converter().reportWithPages(bytes, name: "hongze_2023.pdf", limits: PageImageLimits(maxPages: 12, maxWidth: 1000))
        #expect(all.images.map(\.page) == [2, 3, 4] && all.omitted.isEmpty)
        let few = ReportPages.draw(report, pdf: bytes, limits: PageImageLimits(maxPages: 2, maxWidth: 400))
        #expect(few.images.map(\.page) == [2, 3])
        #expect(few.omitted == [4])
        #expect(few.images.allSatisfy { $0.pixelWidth == 400 && $0.pixelHeight == 566 })
    }
}
