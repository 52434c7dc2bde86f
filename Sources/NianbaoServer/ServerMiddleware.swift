import Foundation
import HTTPTypes
import Hummingbird

/// Turns every error into its response, adds the security headers to every response (errors and
/// 404s included), and writes one access-log line per request to standard error.
public struct ServerMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where the log lines go; standard error by default, a closure in tests.
    let log: @Sendable (String) -> Void

    /// The policy of every page: scripts, styles and requests only from this server, no inline
    /// script, no frames, no plugins.
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = (try? error.response(from: request, context: context)) ?? Response(status: error.status)
        } catch {
            response = PlainText.response(.internalServerError, "internal error: \(error)")
        }
        Self.secure(&response.headers)
        log(Self.logLine(request, response, elapsed: ContinuousClock.now - start))
        return response
    }

    /// The headers every response carries; a response that set its own policy keeps it.
    static func secure(_ headers: inout HTTPFields) {
        headers[.xContentTypeOptions] = "nosniff"
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = contentSecurityPolicy }
        headers[.referrerPolicy] = "no-referrer"
        headers[.xFrameOptions] = "DENY"
    }

    /// `2026-12-03T15:04:05Z POST /api/convert?to=json 200 5123 B 41 ms`
    static func logLine(_ request: Request, _ response: Response, elapsed: Duration) -> String {
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let size = response.body.contentLength.map { "\($0) B" } ?? "- B"
        let time = Date().formatted(.iso8601)
        return "\(time) \(request.method) \(request.uri) \(response.status.code) \(size) \(milliseconds) ms"
    }

    /// Writes a line to standard error.
    public static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// A plain-text response of one line, the form of every error the server answers.
enum PlainText {
    static func response(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}

extension HTTPField.Name {
    static var referrerPolicy: Self { Self("Referrer-Policy")! }
    static var xFrameOptions: Self { Self("X-Frame-Options")! }
    /// `pass` or `fail`: whether every 勾稽 rule a check evaluated passed.
    public static var nianbaoCheck: Self { Self("X-Nianbao-Check")! }
}
