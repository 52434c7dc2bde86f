import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// A complete HTTP response: where it ended up, its status, headers and body.
public struct HTTPResponse: Sendable {
    /// The final address, after redirects.
    public var url: String
    public var status: Int
    /// Header fields, names lowercased.
    public var headers: [String: String]
    public var body: [UInt8]
    /// The addresses redirected from, in order.
    public var redirects: [String]

    public init(url: String, status: Int, headers: [String: String], body: [UInt8], redirects: [String] = []) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
        self.redirects = redirects
    }

    public var contentType: String? { headers["content-type"] }
    /// The charset the Content-Type names, if any.
    public var charset: String? { contentType.flatMap(HTMLCharset.charset(fromContentType:)) }
    public var isSuccess: Bool { (200..<300).contains(status) }
    /// Retry-After in seconds (see ``retryAfterSeconds(_:now:)``).
    public var retryAfter: Double? { headers["retry-after"].flatMap { Self.retryAfterSeconds($0) } }

    /// A Retry-After value in seconds from `now` (RFC 9110 §10.2.3): a whole number of seconds, or
    /// an HTTP date (a date past is 0). Anything else is nil: `nan`, `inf`, `-1`, `1.5`, `1e3`,
    /// junk. Always finite; very large values are capped at a year (callers cap far lower).
    public static func retryAfterSeconds(_ value: String, now: Date = Date()) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return text.utf8.count > 9 ? yearSeconds : Double(text).map { min($0, yearSeconds) }
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                let seconds = date.timeIntervalSince(now)
                guard seconds.isFinite else { return nil }
                return min(max(seconds, 0), yearSeconds)
            }
        }
        return nil
    }

    static let yearSeconds = 365.0 * 86_400
}
