import Foundation
import NianbaoKit

/// Hostile web sites on 127.0.0.1 (`nianbao-fuzz --http`): each iteration builds two sites (two
/// ports, so two hosts to robots.txt) whose answers are raw bytes (status lines, header fields,
/// bodies) chosen by a generator — Retry-After `nan`/`inf`/`-1`/far dates/400 digits, redirects
/// with dot segments, encoded dots, userinfo, other hosts, loops and junk, Content-Types that lie,
/// wrong Content-Lengths, folded, repeated, binary and oversized header lines — and scrapes the
/// first site's listing with ``Scraper`` (credentials in its address) and reads a report address
/// with ``RemoteReport``.
///
/// Besides crashes and hangs (the watchdog), three invariants are checked, each a finding (exit 72):
/// no request reached a path under /private/ after the server's own decoding and dot-segment
/// removal (both sites' robots.txt disallow it); no more requests than the bound; the credentials
/// appear in no file written.
enum HTTPFuzz {
    /// The raw answers of one site, by the request's path (query left out); others get 404.
    final class Site: @unchecked Sendable {
        let lock = NSLock()
        var routes: [String: [UInt8]] = [:]
        var paths: [String] = []
        let socket: Int32
        let port: UInt16

        init() {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.socket = socket
            var yes: Int32 = 1
            setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
            port = UInt16(bigEndian: address.sin_port)
            listen(socket, 16)
            Thread.detachNewThread { [self] in while true { serveOne() } }
        }

        func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

        func reset(_ routes: [String: [UInt8]]) { lock.withLock { self.routes = routes; paths = [] } }

        var requested: [String] { lock.withLock { paths } }

        /// Whether robots.txt is served plainly (200, disallowing /private/), as the oracle needs.
        var robotsIsPlain: Bool { lock.withLock { routes["/robots-is-plain"] == [1] } }

        private func serveOne() {
            let client = accept(socket, nil, nil)
            guard client >= 0 else { return }
            defer { close(client) }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var request: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while request.count < 65_536, !request.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)) {
                let n = read(client, &buffer, buffer.count)
                guard n > 0 else { break }
                request += buffer[0..<n]
            }
            let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
            let target = line.count > 1 ? String(line[1]) : "/"
            let path = String(target.prefix { $0 != "?" })
            let answer = lock.withLock { () -> [UInt8] in
                paths.append(target)
                return routes[path] ?? Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
            }
            var sent = 0
            while sent < answer.count {
                let n = answer[sent...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                guard n > 0 else { break }
                sent += n
            }
        }
    }

    /// What a server does after decoding a request path: %XX decoded, dot segments removed; the
    /// oracle for "a disallowed path was fetched", written apart from the code under test.
    static func served(_ target: String) -> String {
        var bytes: [UInt8] = []
        let raw = Array(target.prefix { $0 != "?" }.utf8)
        var i = 0
        while i < raw.count {
            if raw[i] == 37, i + 2 < raw.count, let v = UInt8(String(decoding: raw[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(v); i += 3
            } else {
                bytes.append(raw[i]); i += 1
            }
        }
        var out: [Substring] = []
        for segment in String(decoding: bytes, as: UTF8.self).split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if segment == ".." { _ = out.popLast() } else if segment != "." { out.append(segment) }
        }
        return "/" + out.joined(separator: "/")
    }

    static let retryAfters = ["nan", "inf", "-inf", "-1", "0", "1", "1.5", "1e309", String(repeating: "9", count: 400), "Fri, 31 Dec 9999 23:59:59 GMT",
                              "Sun, 06 Nov 1994 08:49:37 GMT", "", "\u{7}", "🙂", "0x10"]
    static let contentTypes = ["text/html", "text/html; charset=gbk", "text/html; charset=🙂", "application/pdf", "application/octet-stream",
                               "text/plain", "application/msword", "", ";;;", "text/html; charset=" + String(repeating: "x", count: 5000)]

    /// One hostile answer: a status, header fields (some broken) and a body.
    static func answer(_ m: inout Mutator, body: [UInt8], other: Site, privatePath: String) -> [UInt8] {
        let statuses = [200, 200, 200, 301, 302, 303, 307, 308, 429, 503, 500, 404, 204, 999, 100]
        let status = statuses[m.int(0..<statuses.count)]
        var fields: [String] = []
        if m.int(0..<2) == 0 { fields.append("Content-Type: " + contentTypes[m.int(0..<contentTypes.count)]) }
        if [429, 503, 500].contains(status) || m.int(0..<4) == 0 { fields.append("Retry-After: " + retryAfters[m.int(0..<retryAfters.count)]) }
        if (300..<400).contains(status) || m.int(0..<6) == 0 {
            let locations = [
                privatePath, "/dot/../private/r.html", "/art/%2e%2E/private/e.html", "/%70rivate/p.html", other.url(privatePath),
                other.url("/x/../private/o.html"), other.url("/page.html"), "http://user:secret@127.0.0.1:\(other.port)/page.html", "//127.0.0.1:\(other.port)/private/s.html",
                "/loop.html", "", " ", "javascript:alert(1)", "ftp://127.0.0.1/x", "http://[::1", "/" + String(repeating: "a/", count: 3000), "/%00/x",
                "/中文/报告.html", "/page.html#frag", "?q=1",
            ]
            fields.append("Location: " + locations[m.int(0..<locations.count)])
        }
        switch m.int(0..<8) {
        case 0: fields.append("Content-Length: \(body.count + m.int(1..<100))")
        case 1: fields.append("Content-Length: \(max(0, body.count - m.int(1..<100)))")
        case 2: fields.append("Content-Length: -1")
        case 3: fields.append("X-Folded: a\r\n\tb\r\n c")
        case 4: fields.append("Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nRetry-After: 1\r\nRetry-After: nan")
        case 5: fields.append("X-Big: " + String(repeating: "y", count: m.int(1..<1_200_000)))
        case 6: fields.append("X-Binary: \u{1}\u{FF}\u{0}")
        default: fields.append("Content-Length: \(body.count)")
        }
        fields.append("Connection: close")
        var bytes = Array("HTTP/1.1 \(status) X\r\n\(fields.joined(separator: "\r\n"))\r\n\r\n".utf8)
        if m.int(0..<10) == 0 { bytes.removeLast(2) }  // no end of the header block
        return bytes + body
    }

    /// The routes of one site: robots.txt (disallowing /private/), a listing linking reports
    /// and private pages (plainly, with dot segments, encoded), and hostile answers.
    static func routes(_ m: inout Mutator, seeds: [[UInt8]], other: Site) -> [String: [UInt8]] {
        let robots = Array("User-agent: *\nDisallow: /private/\n".utf8)
        // Mostly a plain robots.txt disallowing /private/ (the invariant holds only then); sometimes hostile.
        var routes: [String: [UInt8]] = [
            "/robots.txt": m.int(0..<8) == 0 ? answer(&m, body: robots, other: other, privatePath: "/private/robots.txt")
                : Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(robots.count)\r\n\r\n".utf8) + robots,
        ]
        routes["/robots-is-plain"] = routes["/robots.txt"]!.starts(with: Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 35\r\n\r\n".utf8)) ? [1] : []
        let links = ["/page.html", "/dot/../private/a.html", "/art/%2e%2e/private/b.html", "/private/c.html", "/loop.html", "/report.html",
                     "/a/./b/../../private/d.html?x=1", other.url("/page.html"), other.url("/dot/../private/f.html")]
        let list = links.enumerated().map { "<li><a href=\"\($0.element)\" title=\"青山区20\(10 + $0.offset)年政府信息公开工作年度报告\">报告</a></li>" }.joined()
        let listing = Array("<html><body><ul>\(list)</ul><a href=\"list.html\">下一页</a><a href=\"list_2.html\">下一页</a></body></html>".utf8)
        routes["/list.html"] = answer(&m, body: listing, other: other, privatePath: "/private/list.html")
        routes["/list_2.html"] = answer(&m, body: listing, other: other, privatePath: "/private/list2.html")
        for path in ["/page.html", "/loop.html", "/report.html", "/art/x.html"] {
            routes[path] = answer(&m, body: seeds[m.int(0..<seeds.count)], other: other, privatePath: "/private" + path)
        }
        for path in links where path.hasPrefix("/") {
            let served = served(path)
            if served.hasPrefix("/private/") { routes[served] = Array("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nprivate".utf8) }
        }
        return routes
    }

    /// Runs iterations `start..<count`; returns the summary line. Exits 72 on a broken invariant.
    static func run(seeds: [[UInt8]], start: Int, count: Int, seed: UInt64, watchdog: Watchdog, current: String) -> String {
        let site = Site(), other = Site()
        var outcomes: [String: Int] = [:]
        for iteration in start..<count {
            var m = Mutator(rng: SplitMix64(seed: seed &* 0x1_0000_0001 &+ UInt64(iteration) &+ 0x4854_5450))
            site.reset(routes(&m, seeds: seeds, other: other))
            other.reset(routes(&m, seeds: seeds, other: site))
            try? Data("http iteration \(iteration) seed \(seed)\n".utf8).write(to: URL(fileURLWithPath: current))
            try? Data(String(iteration).utf8).write(to: URL(fileURLWithPath: current + ".iteration"))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-fuzz-http-\(getpid())").path
            try? FileManager.default.removeItem(atPath: dir)
            let maxRequests = 25
            watchdog.begin(iteration)
            var outcome = blocking { () async -> String in
                let fetcher = HTTPFetcher(options: .init(timeout: 2, maxBytes: 2_000_000))
                let client = PoliteClient(fetcher: fetcher, options: .init(delay: 0, retries: 1, maxRequests: maxRequests, maxBackOff: 0.05))
                let output = ScrapeOutput(name: "json", fileExtension: "json") { ReportJSON.value(of: $0).serialized(pretty: false) }
                let listing = site.url("/list.html").replacingOccurrences(of: "http://", with: "http://user:secret@")
                do {
                    let summary = try await Scraper(client: client, options: .init(directory: dir, maxListingPages: 3, outputs: [output])).run(listing: listing)
                    return summary.isIncomplete ? "scrape incomplete" : "scrape complete"
                } catch {
                    return "scrape error"
                }
            }
            let requests = site.requested.count + other.requested.count
            outcome += blocking { () async -> String in
                do { _ = try await RemoteReport.read(site.url("/report.html"), fetcher: HTTPFetcher(options: .init(timeout: 2))); return ", read" } catch { return ", refused" }
            }
            watchdog.end()
            outcomes[outcome, default: 0] += 1
            let fetched = [site, other].filter { $0.robotsIsPlain }.flatMap(\.requested).filter { served($0).hasPrefix("/private/") }
            if !fetched.isEmpty { fail(iteration, "robots.txt bypassed: \(fetched)") }
            if requests > maxRequests { fail(iteration, "\(requests) requests, more than the bound \(maxRequests)") }
            if let leak = FileManager.default.enumerator(atPath: dir)?.compactMap({ $0 as? String }).first(where: { name in
                FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(name)).map { $0.range(of: Data("secret".utf8)) != nil } ?? false
            }) {
                fail(iteration, "credentials recorded in \(leak)")
            }
        }
        return outcomes.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n")
    }

    static func fail(_ iteration: Int, _ message: String) -> Never {
        print("nianbao-fuzz: iteration \(iteration): \(message)")
        exit(72)
    }

    /// Runs async work to its end from synchronous code.
    static func blocking(_ work: @escaping @Sendable () async -> String) -> String {
        final class Box: @unchecked Sendable { var value = "" }
        let box = Box(), done = DispatchSemaphore(value: 0)
        Task {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value
    }
}
