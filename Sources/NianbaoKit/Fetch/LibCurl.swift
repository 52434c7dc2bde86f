import CCurl
import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// The one place nianbao calls libcurl (through CCurl, which loads libcurl with dlopen on first
/// use, so that nothing in the binary links it at start-up): one blocking GET, redirects not
/// followed. Owns the C strings it passes and the buffers CCurl returns.
enum LibCurl {
    enum Outcome: Sendable {
        /// The final response: its status, header block (status line first) and body.
        case response(status: Int, headerBlock: String, body: [UInt8])
        case timeout
        case tooLarge
        /// Connection, DNS, TLS or protocol failure, as libcurl describes it.
        case network(String)
        /// libcurl could not be loaded; why.
        case unavailable(String)
        /// `publicOnly` was set and the host's address (given) is not public.
        case forbiddenAddress(String)
    }

    /// Whether `text` is a numeric IP address that is public (see ``WebAddress/isPublicIPAddress(_:)``).
    static func isPublicAddress(_ text: String) -> Bool {
        nb_address_text_is_public(text) == 1
    }

    /// GETs `url` with `headers` ("Name: value" lines), the whole request limited to `timeout`
    /// seconds and the body to `maxBytes`; with `publicOnly`, connecting only to a public address
    /// and through no proxy. Blocks the calling thread until the request ends.
    static func get(_ url: String, headers: [String], timeout: Double, maxBytes: Int, publicOnly: Bool = false) -> Outcome {
        // NaN, infinite or out-of-range time limits never reach Int() (which would trap).
        let milliseconds = (timeout * 1000).rounded(.up)
        let timeoutMilliseconds = milliseconds.isNaN ? 1 : Int(min(max(milliseconds, 1), Double(Int32.max)))
        var lines: [UnsafeMutablePointer<CChar>?] = headers.map { strdup($0) }
        lines.append(nil)
        defer { for line in lines { free(line) } }
        var result = nb_http_result()
        defer { nb_http_result_free(&result) }
        let code = lines.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { pointers in
                nb_http_get(url, pointers, timeoutMilliseconds, Int64(maxBytes), publicOnly ? 1 : 0, &result)
            }
        }
        let message = withUnsafeBytes(of: result.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch UInt32(code) {
        case NB_HTTP_OK.rawValue:
            let body = result.body.map { Array(UnsafeBufferPointer(start: $0, count: result.body_length)) } ?? []
            let headerBytes = result.headers.map {
                UnsafeRawBufferPointer(start: $0, count: result.headers_length).map { $0 }
            } ?? []
            return .response(status: result.status, headerBlock: decodeHeaders(headerBytes), body: body)
        case NB_HTTP_TIMEOUT.rawValue: return .timeout
        case NB_HTTP_TOO_LARGE.rawValue: return .tooLarge
        case NB_HTTP_NO_LIBCURL.rawValue: return .unavailable(message)
        case NB_HTTP_FORBIDDEN_ADDRESS.rawValue: return .forbiddenAddress(message)
        default: return .network(message.isEmpty ? "the request failed" : message)
        }
    }

    /// Header bytes as text: UTF-8 when they are valid UTF-8, otherwise ISO-8859-1 (as HTTP/1.1
    /// historically defined them), so that no byte is lost to a replacement character.
    private static func decodeHeaders(_ bytes: [UInt8]) -> String {
        String(bytes: bytes, encoding: .utf8) ?? String(bytes: bytes, encoding: .isoLatin1) ?? ""
    }
}
