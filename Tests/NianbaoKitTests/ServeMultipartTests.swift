import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NianbaoKit
@testable import NianbaoServer
import Testing

/// `multipart/form-data` uploads to `/api/convert` and `/api/check`: the same output as the raw
/// body and the command line, and each malformed body a 400 after which the server keeps serving.
@Suite("Serve: multipart uploads")
struct ServeMultipartTests {
    static let boundary = "----nianbaoTestBoundary7MA4YWxkTrZu0gW"

    /// A form body: each part's name, filename, Content-Type and content.
    static func form(_ parts: [(name: String, filename: String?, type: String?, content: [UInt8])], boundary: String = boundary) -> ByteBuffer {
        var body: [UInt8] = Array("preamble, skipped\r\n".utf8)
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"" }
            if let type = part.type { head += "\r\nContent-Type: \(type)" }
            body += Array((head + "\r\n\r\n").utf8) + part.content + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\nepilogue, skipped".utf8)
        return ByteBuffer(bytes: body)
    }

    static var formType: HTTPFields { [.contentType: "multipart/form-data; boundary=\(boundary)"] }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test("a PDF as the file part: JSON and CSV byte for byte as the raw body and `nianbao convert NAME` in its folder",
          arguments: ["pdf/hongze_2023.pdf", "text/001_88f1d5ea082339d9.txt"])
    func sameAsRawAndCLI(relative: String) async throws {
        let path = Fixtures.path(relative)
        let name = (path as NSString).lastPathComponent
        let folder = URL(fileURLWithPath: (path as NSString).deletingLastPathComponent)
        let content = try Self.bytes(path)
        try await ServeTests.app().test(.router) { client in
            for format in ["json", "csv"] {
                let cli = try CLI.run(["convert", name, "--to", format], directory: folder)
                #expect(cli.status == 0, "\(cli.stderr)")
                var raw: [UInt8] = []
                try await client.execute(uri: "/api/convert?to=\(format)&filename=\(name)", method: .post, body: ByteBuffer(bytes: content)) { response in
                    #expect(response.status == .ok)
                    raw = Array(response.body.readableBytesView)
                }
                // The browser's filename with its folders: only the last component names the report.
                let parts = [(name: "note", filename: String?.none, type: String?.none, content: Array("ignored".utf8)),
                             (name: "file", filename: #"C:\Users\someone\"# + name, type: "application/octet-stream", content: content)]
                try await client.execute(uri: "/api/convert?to=\(format)", method: .post, headers: Self.formType, body: Self.form(parts)) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                    let multipart = Array(response.body.readableBytesView)
                    #expect(multipart == raw, "\(relative) \(format): multipart and raw body differ: \(String(decoding: multipart.prefix(200), as: UTF8.self))")
                    #expect(multipart == Array(cli.stdout.utf8), "\(relative) \(format): multipart and CLI differ")
                }
            }
        }
    }

    @Test("/api/check with a multipart body: what `nianbao check` prints; the query's filename wins over the part's")
    func check() async throws {
        let path = Fixtures.path("text/001_88f1d5ea082339d9.txt")
        let folder = URL(fileURLWithPath: (path as NSString).deletingLastPathComponent)
        let cli = try CLI.run(["check", "001_88f1d5ea082339d9.txt", "--all"], directory: folder)
        let parts = [(name: "file", filename: String?.some("other-name.pdf"), type: String?.some("application/pdf"), content: try Self.bytes(path))]
        try await ServeTests.app().test(.router) { client in
            try await client.execute(
                uri: "/api/check?all=1&filename=001_88f1d5ea082339d9.txt", method: .post, headers: Self.formType, body: Self.form(parts)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.nianbaoCheck] == "pass")
                #expect(String(buffer: response.body) == cli.stdout)
            }
        }
    }

    @Test("without a filename the part's Content-Type names the format; a filename of folders only is no name")
    func partContentType() async throws {
        let pdf = try Self.bytes(Fixtures.path("pdf/hongze_2023.pdf"))
        try await ServeTests.app().test(.router) { client in
            for (filename, expected) in [(String?.none, "upload.pdf"), ("../../", "upload.pdf"), ("/tmp/../洪泽.pdf", "洪泽.pdf")] {
                let parts = [(name: "file", filename: filename, type: String?.some("application/pdf"), content: pdf)]
                try await client.execute(uri: "/api/convert", method: .post, headers: Self.formType, body: Self.form(parts)) { response in
                    #expect(response.status == .ok, "\(String(describing: filename))")
                    #expect(String(buffer: response.body).contains(#""file": "\#(expected)""#), "\(String(describing: filename))")
                }
            }
        }
    }

    /// Malformed bodies, each with the start of its message.
    static let malformed: [(label: String, type: String, body: [UInt8], message: String)] = {
        let file = (name: "file", filename: String?.some("a.txt"), type: String?.none, content: Array("text".utf8))
        let good = Array(form([file]).readableBytesView)
        let open = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhalf a report"
        return [
            ("no boundary", "multipart/form-data", good, "malformed multipart/form-data upload: multipart/form-data without a boundary"),
            ("empty boundary", "multipart/form-data; boundary=\"\"", good, "malformed multipart/form-data upload: multipart/form-data without a boundary"),
            ("truncated", "multipart/form-data; boundary=\(boundary)", Array(open.utf8), "malformed multipart/form-data upload: the multipart body is truncated"),
            ("cut before the close delimiter's dashes", "multipart/form-data; boundary=\(boundary)", Array(good.prefix(good.count - 21)),
             "malformed multipart/form-data upload: a multipart delimiter is not followed"),
            ("no delimiter", "multipart/form-data; boundary=other", good, "malformed multipart/form-data upload: the body holds no multipart delimiter"),
            ("no file part", "multipart/form-data; boundary=\(boundary)",
             Array(form([(name: "report", filename: "a.txt", type: nil, content: Array("text".utf8))]).readableBytesView),
             "malformed multipart/form-data upload: no part named \"file\""),
            ("two file parts", "multipart/form-data; boundary=\(boundary)", Array(form([file, file]).readableBytesView),
             "malformed multipart/form-data upload: two parts named \"file\""),
            ("a part without headers' end", "multipart/form-data; boundary=\(boundary)",
             Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"\r\n--\(boundary)--\r\n".utf8),
             "malformed multipart/form-data upload: a multipart part has no blank line"),
            ("not form-data", "multipart/form-data; boundary=\(boundary)",
             Array("--\(boundary)\r\nContent-Disposition: attachment; name=\"file\"\r\n\r\nx\r\n--\(boundary)--\r\n".utf8),
             "malformed multipart/form-data upload: a multipart part's Content-Disposition is not form-data"),
        ]
    }()

    @Test("a malformed multipart body is a 400 with its reason, and the server keeps serving")
    func malformedBodies() async throws {
        let seed = Fixtures.path("text/001_88f1d5ea082339d9.txt")
        try await ServeTests.app().test(.router) { client in
            for item in Self.malformed {
                for route in ["/api/convert", "/api/check"] {
                    try await client.execute(uri: route, method: .post, headers: [.contentType: item.type], body: ByteBuffer(bytes: item.body)) { response in
                        #expect(response.status == .badRequest, "\(item.label) \(route)")
                        let text = String(buffer: response.body)
                        #expect(text.hasPrefix(item.message), "\(item.label): \(text)")
                        #expect(text.split(separator: "\n").count == 1, "\(item.label): one line")
                    }
                }
            }
            let parts = [(name: "file", filename: String?.some("seed.txt"), type: String?.none, content: try Self.bytes(seed))]
            try await client.execute(uri: "/api/convert?to=csv", method: .post, headers: Self.formType, body: Self.form(parts)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).split(separator: "\r\n")[1].hasPrefix("seed.txt,"))
            }
        }
    }

    @Test("the upload limit applies to the whole multipart body, not only to the file part")
    func limitOnWholeBody() async throws {
        let content = [UInt8](repeating: UInt8(ascii: "x"), count: 900)
        let body = Self.form([(name: "file", filename: "a.txt", type: nil, content: content)])
        #expect(body.readableBytes > 1_000 && content.count < 1_000)
        try await ServeTests.app(maxUploadBytes: 1_000).test(.router) { client in
            try await client.execute(uri: "/api/convert", method: .post, headers: Self.formType, body: body) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body) == "the upload is larger than the limit of 1000 bytes\n")
            }
        }
    }

    @Test("parameters of a header: quoted (a backslash is itself), unquoted, RFC 5987; the first of a name given twice")
    func headerParameters() {
        let parsed = HeaderParametersProbe.parse(#"form-data; name="file"; filename="C:\a;b\c.pdf"; size=12; name=other; filename*=UTF-8''%E6%B4%AA.pdf"#)
        #expect(parsed == ["name": "file", "filename": #"C:\a;b\c.pdf"#, "size": "12", "filename*": "UTF-8''%E6%B4%AA.pdf"])
        #expect(HeaderParameters.extendedValue("UTF-8''%E6%B4%AA.pdf") == "洪.pdf")
        #expect(HeaderParameters.extendedValue("ISO-8859-1''a.pdf") == nil)
    }
}

/// The server's header-parameter reader (internal), on a header's value.
enum HeaderParametersProbe {
    static func parse(_ value: String) -> [String: String] {
        HeaderParameters.parse(value.split(separator: ";", maxSplits: 1).dropFirst().first.map(String.init) ?? "")
    }
}
