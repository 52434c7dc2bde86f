import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Fetches http(s) URLs: a clear User-Agent, redirects followed up to a bound (loops detected), a
/// time limit per request, and a size limit enforced while the body arrives.
public struct HTTPFetcher: Sendable {
    public struct Options: Sendable {
        public var userAgent: String
        /// Seconds for a whole request, connection to last byte.
        public var timeout: Double
        public var maxBytes: Int
        public var maxRedirects: Int
        /// Connect only to public addresses (no loopback, private, link-local or reserved range),
        /// checked on the address each request, redirects included, is about to connect to, after
        /// DNS resolution; and use no proxy. Off by default: the command line fetches what it is told.
        public var publicAddressesOnly: Bool

        public init(
            userAgent: String = HTTPFetcher.defaultUserAgent, timeout: Double = 30, maxBytes: Int = 50 * 1024 * 1024,
            maxRedirects: Int = 5, publicAddressesOnly: Bool = false
        ) {
            self.userAgent = userAgent
            self.timeout = timeout
            self.maxBytes = maxBytes
            self.maxRedirects = maxRedirects
            self.publicAddressesOnly = publicAddressesOnly
        }
    }

    /// Names the program and what it does, as polite crawlers do.
    public static let defaultUserAgent = "nianbao/1.0 (converter of government information disclosure annual reports; one request at a time)"

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// GETs `url`, following redirects. Any status is returned; failures to get one are thrown.
    /// Every address, the first and each redirect's target, is normalised
    /// (``WebAddress/normalized(_:)``) before `onRequest` sees it, and is fetched as it saw it.
    /// - Parameters:
    ///   - maxBytes: the size limit of this request, instead of the options' one.
    ///   - onRequest: called before every request, redirects included (robots.txt, budgets, delays).
    public func get(
        _ url: String, maxBytes: Int? = nil, onRequest: @Sendable (String) async throws(NianbaoError) -> Void = { _ throws(NianbaoError) in }
    ) async throws(NianbaoError) -> HTTPResponse {
        var current = url
        var visited: [String] = []
        while true {
            guard let normal = WebAddress.normalized(current), let target = URL(string: normal) else {
                throw .fetchFailed(url: WebAddress.withoutUserinfo(current), failure: .unsupportedURL)
            }
            current = normal
            if visited.contains(current) { throw .fetchFailed(url: WebAddress.withoutUserinfo(url), failure: .redirectLoop(at: WebAddress.withoutUserinfo(current))) }
            try await onRequest(current)
            visited.append(current)
            let (status, headers, body) = try await exchange(target, maxBytes: maxBytes ?? options.maxBytes)
            guard [301, 302, 303, 307, 308].contains(status) else {
                return HTTPResponse(url: current, status: status, headers: headers, body: body, redirects: Array(visited.dropLast()))
            }
            guard let location = headers["location"], let next = URL(string: location, relativeTo: target)?.absoluteString else {
                throw .fetchFailed(url: WebAddress.withoutUserinfo(current), failure: .badRedirect)
            }
            if visited.count > options.maxRedirects {
                throw .fetchFailed(url: WebAddress.withoutUserinfo(url), failure: .tooManyRedirects(limit: options.maxRedirects))
            }
            current = next
        }
    }

    /// One request, redirects not followed. libcurl blocks the thread it runs on, so the request
    /// runs on a thread of its own rather than on the cooperative pool. libcurl's time limit
    /// covers the whole request, so a server that trickles bytes cannot hold it beyond the limit.
    func exchange(_ url: URL, maxBytes: Int) async throws(NianbaoError) -> (Int, [String: String], [UInt8]) {
        let address = url.absoluteString
        let named = WebAddress.withoutUserinfo(address)
        let headers = [
            "User-Agent: \(options.userAgent)",
            "Accept: text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
            "Accept-Language: zh-CN,zh;q=0.9",
        ]
        let timeout = options.timeout
        let publicOnly = options.publicAddressesOnly
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<LibCurl.Outcome, Never>) in
            let thread = Thread {
                continuation.resume(returning: LibCurl.get(address, headers: headers, timeout: timeout, maxBytes: maxBytes, publicOnly: publicOnly))
            }
            thread.name = "nianbao-http"
            thread.start()
        }
        switch outcome {
        case let .response(status, headerBlock, body): return (status, Self.headerFields(headerBlock), body)
        case .timeout: throw .fetchFailed(url: named, failure: .timeout(seconds: timeout))
        case .tooLarge: throw .fetchFailed(url: named, failure: .tooLarge(limit: maxBytes))
        case let .network(message): throw .fetchFailed(url: named, failure: .network(WebAddress.withoutUserinfo(message)))
        case let .unavailable(reason): throw .fetchFailed(url: named, failure: .httpClientUnavailable(reason))
        case let .forbiddenAddress(ip): throw .fetchFailed(url: named, failure: .nonPublicAddress(ip))
        }
    }

    /// The fields of a response's header block (status line first, as libcurl passes it), names
    /// lowercased; a name given twice has its values joined with ", ", and folded lines are joined
    /// to their field.
    static func headerFields(_ block: String) -> [String: String] {
        var fields: [String: String] = [:]
        var last: String?
        for line in block.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            if line.hasPrefix("HTTP/") {
                // A status line starts a response; only the last one's fields count.
                fields = [:]
                last = nil
                continue
            }
            if line.first == " " || line.first == "\t" {
                if let last, let value = fields[last] { fields[last] = value + " " + line.trimmingCharacters(in: .whitespaces) }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            fields[name] = fields[name].map { $0 + ", " + value } ?? value
            last = name
        }
        return fields
    }
}
