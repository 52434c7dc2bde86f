import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches http(s) URLs: a clear User-Agent, redirects followed up to a bound (loops detected), a
/// time limit per request, and a size limit enforced while the body arrives.
public struct HTTPFetcher: Sendable {
    public struct Options: Sendable {
        public var userAgent: String
        /// Seconds for a whole request, connection to last byte.
        public var timeout: Double
        public var maxBytes: Int
        public var maxRedirects: Int

        public init(
            userAgent: String = HTTPFetcher.defaultUserAgent, timeout: Double = 30, maxBytes: Int = 50 * 1024 * 1024,
            maxRedirects: Int = 5
        ) {
            self.userAgent = userAgent
            self.timeout = timeout
            self.maxBytes = maxBytes
            self.maxRedirects = maxRedirects
        }
    }

    /// Names the program and what it does, as polite crawlers do.
    public static let defaultUserAgent = "nianbao/1.0 (converter of government information disclosure annual reports; one request at a time)"

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// GETs `url`, following redirects. Any status is returned; failures to get one are thrown.
    /// - Parameter onRequest: called before every request, redirects included (for budgets and delays).
    public func get(
        _ url: String, onRequest: @Sendable (String) async throws(NianbaoError) -> Void = { _ throws(NianbaoError) in }
    ) async throws(NianbaoError) -> HTTPResponse {
        var current = url
        var visited: [String] = []
        while true {
            guard let target = URL(string: current), let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https",
                target.host != nil
            else { throw .fetchFailed(url: current, failure: .unsupportedURL) }
            try await onRequest(current)
            visited.append(current)
            let (status, headers, body) = try await exchange(target)
            guard [301, 302, 303, 307, 308].contains(status) else {
                return HTTPResponse(url: current, status: status, headers: headers, body: body, redirects: Array(visited.dropLast()))
            }
            guard let location = headers["location"], let next = URL(string: location, relativeTo: target)?.absoluteString else {
                throw .fetchFailed(url: current, failure: .badRedirect)
            }
            if visited.contains(next) { throw .fetchFailed(url: url, failure: .redirectLoop(at: next)) }
            if visited.count > options.maxRedirects { throw .fetchFailed(url: url, failure: .tooManyRedirects(limit: options.maxRedirects)) }
            current = next
        }
    }

    /// One request, redirects not followed.
    func exchange(_ url: URL) async throws(NianbaoError) -> (Int, [String: String], [UInt8]) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = options.timeout
        configuration.timeoutIntervalForResource = options.timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        let delegate = Exchange(maxBytes: options.maxBytes)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: options.timeout)
        request.setValue(options.userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8", forHTTPHeaderField: "Accept")
        request.setValue("zh-CN,zh;q=0.9", forHTTPHeaderField: "Accept-Language")
        let timeout = options.timeout
        // A watchdog, so that a server that trickles bytes cannot hold the request beyond the limit.
        let watchdog = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
            delegate.fail(.timeout(seconds: timeout))
        }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Exchange.Success, FetchFailure>, Never>) in
            delegate.start(session.dataTask(with: request), continuation: continuation)
        }
        watchdog.cancel()
        session.finishTasksAndInvalidate()
        switch result {
        case let .success(success): return (success.status, success.headers, success.body)
        case let .failure(failure): throw .fetchFailed(url: url.absoluteString, failure: failure)
        }
    }
}

/// The delegate of one request: collects the body within the size limit and reports once.
private final class Exchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Success: Sendable {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    private let lock = NSLock()
    private let maxBytes: Int
    private var continuation: CheckedContinuation<Result<Success, FetchFailure>, Never>?
    private var task: URLSessionTask?
    private var response: HTTPURLResponse?
    private var body: [UInt8] = []

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    func start(_ task: URLSessionTask, continuation: CheckedContinuation<Result<Success, FetchFailure>, Never>) {
        lock.lock()
        self.task = task
        self.continuation = continuation
        lock.unlock()
        task.resume()
    }

    /// Ends the exchange with `result` unless it has ended already.
    private func finish(_ result: Result<Success, FetchFailure>) {
        lock.lock()
        let continuation = self.continuation
        self.continuation = nil
        let task = self.task
        lock.unlock()
        guard let continuation else { return }
        if case .failure = result { task?.cancel() }
        continuation.resume(returning: result)
    }

    func fail(_ failure: FetchFailure) { finish(.failure(failure)) }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        lock.lock()
        self.response = response as? HTTPURLResponse
        lock.unlock()
        if response.expectedContentLength > Int64(maxBytes) {
            completionHandler(.cancel)
            fail(.tooLarge(limit: maxBytes))
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        body.append(contentsOf: data)
        let over = body.count > maxBytes
        lock.unlock()
        if over { fail(.tooLarge(limit: maxBytes)) }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)  // HTTPFetcher follows redirects itself, to bound them and see loops.
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error {
            let nsError = error as NSError
            if nsError.domain == NSURLErrorDomain, nsError.code == NSURLErrorTimedOut {
                fail(.timeout(seconds: task.originalRequest?.timeoutInterval ?? 0))
            } else {
                fail(.network(nsError.localizedDescription))
            }
            return
        }
        lock.lock()
        let response = self.response ?? task.response as? HTTPURLResponse
        let body = self.body
        lock.unlock()
        guard let response else {
            fail(.network("no HTTP response"))
            return
        }
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        finish(.success(Success(status: response.statusCode, headers: headers, body: body)))
    }
}
