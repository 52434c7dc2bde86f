import FlyingFox
import Foundation
import Testing
@testable import NianbaoKit

/// A web site on 127.0.0.1 (a real HTTP server, FlyingFox) for the fetch and scrape tests.
/// Only the loopback address is used; every behaviour is bounded (sleeps of a few seconds at most).
final class TestSite: Sendable {
    /// What the server answers for a path.
    enum Route: Sendable {
        case page(Data, contentType: String)
        case status(Int)
        case redirect(String)
        case slow(seconds: Double)
        /// The page for the first `times` requests, then 500.
        case goodThenFailing(Data, contentType: String, times: Int)
        /// Any status with any header fields (Retry-After, Location, …) and body.
        case raw(status: Int, headers: [String: String], body: Data)
    }

    /// Every request the server got, in order.
    actor Log {
        private(set) var requests: [(path: String, userAgent: String)] = []
        func add(_ path: String, _ agent: String) { requests.append((path, agent)) }
        var paths: [String] { requests.map(\.path) }
        func count(_ path: String) -> Int { requests.filter { $0.path == path }.count }
    }

    struct Handler: HTTPHandler {
        let routes: [String: Route]
        let log: Log

        func handleRequest(_ request: HTTPRequest) async throws -> FlyingFox.HTTPResponse {
            await log.add(request.path, request.headers[HTTPHeader("User-Agent")] ?? "")
            guard let route = routes[request.path] else { return FlyingFox.HTTPResponse(statusCode: .notFound) }
            switch route {
            case let .page(data, type):
                return FlyingFox.HTTPResponse(statusCode: .ok, headers: [.contentType: type], body: data)
            case let .status(code):
                return FlyingFox.HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "Status \(code)"), body: Data("error \(code)".utf8))
            case let .redirect(location):
                return FlyingFox.HTTPResponse(statusCode: HTTPStatusCode(302, phrase: "Found"), headers: [.location: location])
            case let .slow(seconds):
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                return FlyingFox.HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html"], body: Data("<p>late</p>".utf8))
            case let .goodThenFailing(data, type, times):
                if await log.count(request.path) <= times {
                    return FlyingFox.HTTPResponse(statusCode: .ok, headers: [.contentType: type], body: data)
                }
                return FlyingFox.HTTPResponse(statusCode: .internalServerError)
            case let .raw(status, fields, body):
                var headers: [HTTPHeader: String] = [:]
                for (name, value) in fields { headers[HTTPHeader(name)] = value }
                return FlyingFox.HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Status \(status)"), headers: headers, body: body)
            }
        }
    }

    let server: HTTPServer
    let port: UInt16
    let log: Log
    private let task: Task<Void, Never>

    private init(server: HTTPServer, port: UInt16, log: Log, task: Task<Void, Never>) {
        self.server = server
        self.port = port
        self.log = log
        self.task = task
    }

    static func start(_ routes: [String: Route]) async throws -> TestSite {
        let log = Log()
        let server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0), timeout: 10, logger: .disabled, handler: Handler(routes: routes, log: log))
        let task = Task { do { try await server.run() } catch {} }
        // Generous: under a full parallel test run the listener can take seconds to come up.
        try await server.waitUntilListening(timeout: 60)
        let address = await server.listeningAddress
        guard case let .ip4(_, port)? = address else {
            Issue.record("the test server listens on \(String(describing: address)), not on 127.0.0.1")
            throw URLError(.cannotConnectToHost)
        }
        return TestSite(server: server, port: port, log: log, task: task)
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func stop() async {
        await server.stop(timeout: 1)
        task.cancel()
    }

    static func fixture(_ name: String) -> Data {
        FileManager.default.contents(atPath: Fixtures.path(name))!
    }

    static func html(_ body: String) -> Data {
        Data("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>列表</title></head><body>\(body)</body></html>".utf8)
    }
}

extension CLI {
    /// Runs the CLI on a thread of its own, so that waiting for it never blocks the Swift
    /// concurrency threads the test server answers on.
    static func runDetached(_ arguments: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do { continuation.resume(returning: try CLI.run(arguments)) } catch { continuation.resume(throwing: error) }
            }.start()
        }
    }
}
