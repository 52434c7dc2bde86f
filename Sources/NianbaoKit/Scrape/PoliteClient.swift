import Foundation

/// Fetches for a crawl as a polite visitor: robots.txt honoured (fetched once per site), one
/// request at a time with a delay between two requests to the same host, retries with doubling
/// back-off on server errors (5xx, 429) and timeouts, and a bound on the run's requests.
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

        public init(delay: Double = 1, retries: Int = 2, maxRequests: Int = 500, robotsToken: String = "nianbao") {
            self.delay = delay
            self.retries = retries
            self.maxRequests = maxRequests
            self.robotsToken = robotsToken
        }
    }

    let fetcher: HTTPFetcher
    let options: Options
    /// Requests made so far.
    public private(set) var requestCount = 0
    private var lastRequest: [String: ContinuousClock.Instant] = [:]
    private var robots: [String: RobotsTxt] = [:]

    public init(fetcher: HTTPFetcher, options: Options) {
        self.fetcher = fetcher
        self.options = options
    }

    /// GETs `url` politely. Any status is returned once retries are spent; failures are thrown.
    public func get(_ url: String) async throws(NianbaoError) -> HTTPResponse {
        guard try await robotsFor(url).allows(RobotsTxt.target(of: url), userAgent: options.robotsToken) else {
            throw .fetchFailed(url: url, failure: .disallowedByRobots)
        }
        var attempt = 0
        while true {
            do {
                let response = try await fetcher.get(url, onRequest: { u throws(NianbaoError) in try await self.beforeRequest(u) })
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

    /// Counts the request against the bound and waits out the host's delay.
    private func beforeRequest(_ url: String) async throws(NianbaoError) {
        guard requestCount < options.maxRequests else {
            throw .fetchFailed(url: url, failure: .requestBudgetExhausted(limit: options.maxRequests))
        }
        requestCount += 1
        let host = URL(string: url)?.host ?? ""
        if let last = lastRequest[host] {
            let wait = last.advanced(by: .milliseconds(Int(options.delay * 1000))) - ContinuousClock.now
            if wait > .zero { try? await Task.sleep(for: wait) }
        }
        lastRequest[host] = ContinuousClock.now
    }

    private func backOff(_ attempt: Int, retryAfter: Double?) async {
        let seconds = min(max(retryAfter ?? 0, options.delay * Double(1 << min(attempt, 10))), 60)
        try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
    }

    /// The robots.txt of `url`'s site: 2xx its rules, 4xx everything allowed, otherwise nothing.
    private func robotsFor(_ url: String) async throws(NianbaoError) -> RobotsTxt {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else {
            throw .fetchFailed(url: url, failure: .unsupportedURL)
        }
        let origin = "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
        if let known = robots[origin] { return known }
        let rules: RobotsTxt
        do {
            let response = try await fetcher.get(origin + "/robots.txt", onRequest: { u throws(NianbaoError) in try await self.beforeRequest(u) })
            switch response.status {
            case 200..<300: rules = RobotsTxt(String(decoding: response.body, as: UTF8.self))
            case 400..<500: rules = .allowAll
            default: rules = .disallowAll
            }
        } catch {
            if case .fetchFailed(_, .requestBudgetExhausted) = error { throw error }
            rules = .disallowAll
        }
        robots[origin] = rules
        return rules
    }
}
