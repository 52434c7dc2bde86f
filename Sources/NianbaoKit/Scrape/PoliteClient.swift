import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Fetches for a crawl as a polite visitor: robots.txt honoured for every request, redirects
/// included (each host's own robots.txt, fetched once), one request at a time with a delay between
/// two requests to the same host, retries with doubling back-off on server errors (5xx, 429) and
/// timeouts, and a bound on the run's requests. Addresses are checked in their normalised form
/// (``WebAddress/normalized(_:)``), which is also the form fetched.
public actor PoliteClient {
    public struct Options: Sendable {
        /// Seconds between two requests to one host; also the first back-off step.
        public var delay: Double
        /// Retries of a request that failed transiently.
        public var retries: Int
        /// Requests the run may make in all (robots.txt, redirects and retries included).
        public var maxRequests: Int
        /// The product token robots.txt groups are matched against.
        public var robotsToken: String
        /// The longest wait between two tries of a request, whatever Retry-After asks (seconds).
        public var maxBackOff: Double

        public init(delay: Double = 1, retries: Int = 2, maxRequests: Int = 500, robotsToken: String = "nianbao", maxBackOff: Double = 60) {
            self.delay = delay
            self.retries = retries
            self.maxRequests = maxRequests
            self.robotsToken = robotsToken
            self.maxBackOff = maxBackOff
        }
    }
    /// A robots.txt is read up to this size, whatever `--max-bytes` says (RFC 9309 §2.5 asks
    /// crawlers to read at least 500 KiB); a larger one is unreadable, and its site not crawled.
    public static let robotsMaxBytes = 512 * 1024

    /// A site's robots.txt as read: its rules, or why it could not be read (then nothing is fetched).
    enum Robots {
        case rules(RobotsTxt)
        case unreadable(String)
    }

    let fetcher: HTTPFetcher
    let options: Options
    /// Requests made so far.
    public private(set) var requestCount = 0
    private var lastRequest: [String: ContinuousClock.Instant] = [:]
    private var robots: [String: Robots] = [:]

    public init(fetcher: HTTPFetcher, options: Options) {
        self.fetcher = fetcher
        self.options = options
    }

    /// Whether the run's bound on requests is reached: nothing more can be fetched.
    public var budgetSpent: Bool { requestCount >= options.maxRequests }

    /// GETs `url` politely. Any status is returned once retries are spent; failures are thrown,
    /// among them an address (or a redirect's target) robots.txt disallows.
    public func get(_ url: String) async throws(NianbaoError) -> HTTPResponse {
        var attempt = 0
        while true {
            do {
                let response = try await fetcher.get(url, onRequest: { u throws(NianbaoError) in try await self.beforeRequest(u, checkRobots: true) })
                if FetchFailure.httpStatus(response.status).isTransient, !response.isSuccess, attempt < options.retries {
                    attempt += 1
                    await backOff(attempt, retryAfter: response.retryAfter)
                    continue
                }
                return response
            } catch {
                guard case let .fetchFailed(_, failure) = error, failure.isTransient, attempt < options.retries else { throw error }
                attempt += 1
                await backOff(attempt, retryAfter: nil)
            }
        }
    }

    /// Checks robots.txt (unless fetching robots.txt itself), counts the request against the
    /// bound and waits out the host's delay.
    private func beforeRequest(_ url: String, checkRobots: Bool) async throws(NianbaoError) {
        if checkRobots { try await check(url) }
        guard requestCount < options.maxRequests else {
            throw .fetchFailed(url: WebAddress.withoutUserinfo(url), failure: .requestBudgetExhausted(limit: options.maxRequests))
        }
        requestCount += 1
        let host = URL(string: url)?.host ?? ""
        if let last = lastRequest[host] {
            let wait = last.advanced(by: Self.duration(seconds: options.delay)) - ContinuousClock.now
            if wait > .zero { try? await Task.sleep(for: wait) }
        }
        lastRequest[host] = ContinuousClock.now
    }

    /// Throws unless the robots.txt of `url`'s site allows it.
    private func check(_ url: String) async throws(NianbaoError) {
        switch try await robotsFor(url) {
        case let .rules(rules):
            guard rules.allows(RobotsTxt.target(of: url), userAgent: options.robotsToken) else {
                throw .fetchFailed(url: WebAddress.withoutUserinfo(url), failure: .disallowedByRobots)
            }
        case let .unreadable(reason):
            throw .fetchFailed(url: WebAddress.withoutUserinfo(url), failure: .robotsUnreadable(reason))
        }
    }

    /// Waits before try `attempt + 1`: the doubling back-off, or longer when Retry-After asks, at
    /// most ``Options/maxBackOff`` seconds.
    private func backOff(_ attempt: Int, retryAfter: Double?) async {
        let doubling = options.delay * Double(1 << min(attempt, 10))
        let seconds = min(Swift.max(retryAfter ?? 0, doubling.isNaN ? 0 : doubling), options.maxBackOff)
        try? await Task.sleep(for: Self.duration(seconds: seconds))
    }

    /// A wait of `seconds`, which may be anything a caller passed: NaN or negative is none,
    /// more than a day (infinity included) a day.
    static func duration(seconds: Double) -> Duration {
        guard seconds.isFinite || seconds == .infinity, seconds > 0 else { return .zero }
        return .milliseconds(Int64(min(seconds, 86_400) * 1000))
    }

    /// The robots.txt of `url`'s site: 2xx its rules, 4xx everything allowed, otherwise unreadable
    /// with the reason (an unreachable robots.txt allows nothing, as RFC 9309 asks).
    private func robotsFor(_ url: String) async throws(NianbaoError) -> Robots {
        guard let normal = WebAddress.normalized(url), let components = URLComponents(string: normal),
            let scheme = components.scheme, let host = components.percentEncodedHost
        else { throw .fetchFailed(url: WebAddress.withoutUserinfo(url), failure: .unsupportedURL) }
        let origin = "\(scheme)://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host)" + (components.port.map { ":\($0)" } ?? "")
        if let known = robots[origin] { return known }
        let rules: Robots
        do {
            let response = try await fetcher.get(origin + "/robots.txt", maxBytes: Self.robotsMaxBytes, onRequest: { u throws(NianbaoError) in
                try await self.beforeRequest(u, checkRobots: false)
            })
            switch response.status {
            case 200..<300: rules = .rules(RobotsTxt(String(decoding: response.body, as: UTF8.self)))
            case 400..<500: rules = .rules(.allowAll)
            default: rules = .unreadable("\(origin)/robots.txt: the server answered HTTP \(response.status)")
            }
        } catch {
            switch error {
            case .fetchFailed(_, .requestBudgetExhausted), .fetchFailed(_, .httpClientUnavailable): throw error
            case let .fetchFailed(_, .tooLarge(limit)):
                rules = .unreadable("\(origin)/robots.txt is larger than \(limit) bytes, the most nianbao reads of a robots.txt")
            case let .fetchFailed(_, failure): rules = .unreadable("\(origin)/robots.txt: \(failure)")
            default: rules = .unreadable("\(origin)/robots.txt: \(error)")
            }
        }
        robots[origin] = rules
        return rules
    }
}
