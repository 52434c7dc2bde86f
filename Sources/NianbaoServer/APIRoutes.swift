import Foundation
import HTTPTypes
import Hummingbird
import NianbaoKit

/// `POST /api/convert`, `POST /api/check` and `GET /api/schema`: what `nianbao convert`, `check`
/// and `schema` write, for a report sent as the request's body.
struct APIRoutes: Sendable {
    let converter: Converter
    let limiter: ConversionLimiter
    let maxUploadBytes: Int
    /// URL inputs, and the limits (places, time) every conversion runs within.
    let urls: URLInput

    init(converter: Converter, limiter: ConversionLimiter, settings: ServerSettings, workers: ServerWorkers?) {
        self.converter = converter
        self.limiter = limiter
        maxUploadBytes = settings.maxUploadBytes
        urls = URLInput(converter: converter, limiter: limiter, settings: settings, workers: workers)
    }

    /// The query parameters of `/api/convert` that are writer options, as the command line's flags.
    static let optionParameters = ["compact", "csv", "bom", "csv-raw", "fragment", "annotate"]

    /// The formats `/api/convert` writes: the registry's, except the check report (`/api/check`).
    var formats: [String] { converter.writers.names.filter { $0 != OutputFormat.check.rawValue } }

    func add<Context: RequestContext>(to router: Router<Context>) {
        router.post("/api/convert") { request, _ in await respond { () async throws(APIError) -> Response in try await convert(request) } }
        router.post("/api/check") { request, _ in await respond { () async throws(APIError) -> Response in try await check(request) } }
        router.post("/api/pages") { request, _ in await respond { () async throws(APIError) -> Response in try await pages(request) } }
        router.post("/api/view") { request, _ in await respond { () async throws(APIError) -> Response in try await view(request) } }
        router.get("/api/schema") { _, _ in
            Self.text(ReportSchema.value().serialized() + "\n", type: "application/schema+json; charset=utf-8")
        }
        router.get("/api/openapi.json") { _, _ in Self.text(OpenAPIDocument.text, type: "application/json; charset=utf-8") }
    }

    /// The response of a route, or of the error it threw.
    func respond(_ route: () async throws(APIError) -> Response) async -> Response {
        do { return try await route() } catch { return error.response }
    }

    /// `?to=json|csv|html` (default json), `filename=` or `url=`, and the writer's options as in `convert`.
    func convert(_ request: Request) async throws(APIError) -> Response {
        let query = Self.query(request)
        let allowed = Set(["to", "filename", "url"] + Self.optionParameters)
        if let unknown = query.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .badRequest("unknown parameter '\(unknown)'; known: \(allowed.sorted().joined(separator: ", "))")
        }
        let name = query["to"].map { $0.lowercased() } ?? OutputFormat.json.rawValue
        guard formats.contains(name), let writer = converter.writers.writer(for: OutputFormat(rawValue: name)) else {
            throw .badRequest("unknown format '\(name)' for to=; known: \(formats.joined(separator: ", "))")
        }
        let options = try renderOptions(query, writer: writer)
        let report = try await report(of: request)
        let text = writer.render([report], options: options)
        switch writer.format {
        case .html:
            // The page embeds its own stylesheet; opened on its own it may style itself, nothing more.
            return Self.text(text, type: "text/html; charset=utf-8", policy: "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        case .csv: return Self.text(text, type: "text/csv; charset=utf-8")
        case .json: return Self.text(text, type: "application/json; charset=utf-8")
        default: return Self.text(text, type: "text/plain; charset=utf-8")
        }
    }

    /// What `nianbao check` prints (`?all` lists passing rules too); the X-Nianbao-Check header is
    /// `fail` when a rule failed, else `pass`.
    func check(_ request: Request) async throws(APIError) -> Response {
        let query = Self.query(request)
        if let unknown = query.keys.sorted().first(where: { !["filename", "all", "url"].contains($0) }) {
            throw .badRequest("unknown parameter '\(unknown)'; known: all, filename, url")
        }
        var options = RenderOptions()
        options.showPassing = try Self.flag(query["all"], "all")
        let report = try await report(of: request)
        var response = Self.text(converter.render([report], as: .check, options: options) ?? "", type: "text/plain; charset=utf-8")
        response.headers[.nianbaoCheck] = report.checks.contains { $0.status == .fail } ? "fail" : "pass"
        return response
    }

    /// The report of the request: of the address `url=` names (the body must then be empty), else
    /// of the body (or its `file` part, for multipart/form-data), converted within the limits of conversions and the time limit.
    func report(of request: Request) async throws(APIError) -> AnnualReport {
        try await reportAndPages(of: request, pageImages: nil).report
    }

    /// The report of the request, as ``report(of:)`` reads it, and with `pageImages` the pages of
    /// an uploaded PDF that hold its cells, drawn within them by the same conversion (none for a
    /// url or a report that is not a PDF).
    func reportAndPages(of request: Request, pageImages: PageImageLimits?) async throws(APIError) -> (report: AnnualReport, pages: ReportPages) {
        let query = Self.query(request)
        if let url = query["url"] {
            guard query["filename"] == nil else { throw .badRequest("give url or filename, not both") }
            guard (try? await Upload.read(request, limit: 0))?.isEmpty == true else { throw .badRequest("with url= the body must be empty") }
            return (try await urls.report(at: url), ReportPages())
        }
        let name = try Upload.name(filename: query["filename"], contentType: request.headers[.contentType])
        // Refused before its body is read, so that uploads beyond the queue are not held in memory
        // (a request that comes in while others are read may still be refused after reading).
        guard await !limiter.isFull else { throw .busy }
        let body = try await Upload.read(request, limit: maxUploadBytes)
        let upload = try Upload.received(body, name: name, filename: query["filename"], contentType: request.headers[.contentType])
        let bytes = upload.bytes
        if let workers = urls.workers {
            let reply = try await urls.isolated(workers, .upload(name: upload.name), bytes: bytes, pageImages: pageImages)
            guard let report = reply.report else { throw .workerFailed("the worker answered with no report") }
            return (report, reply.pages ?? ReportPages())
        }
        let converter = self.converter
        guard let pageImages else {
            return (try await urls.limited { () throws(NianbaoError) in try converter.convertLocal(.bytes(bytes, name: upload.name)) }, ReportPages())
        }
        return try await urls.limited { () throws(NianbaoError) in try converter.reportWithPages(bytes, name: upload.name, limits: pageImages) }
    }

    /// The writer's options from the query; an option of another writer is a 400, as on the command line.
    func renderOptions(_ query: [String: String], writer: any ReportWriter) throws(APIError) -> RenderOptions {
        for parameter in Self.optionParameters where query[parameter] != nil {
            guard writer.optionFlags.contains("--" + parameter) else {
                throw .badRequest("\(parameter) does not apply to \(writer.format.rawValue) output")
            }
        }
        var options = RenderOptions()
        options.compact = try Self.flag(query["compact"], "compact")
        options.bom = try Self.flag(query["bom"], "bom")
        options.csvRaw = try Self.flag(query["csv-raw"], "csv-raw")
        options.fragment = try Self.flag(query["fragment"], "fragment")
        options.annotate = try Self.flag(query["annotate"], "annotate")
        if let layout = query["csv"] {
            guard let value = ReportCSV.Layout(rawValue: layout) else { throw .badRequest("csv must be long or wide") }
            options.csv = value
        }
        return options
    }

    /// A flag parameter: absent is false; present empty, `1` or `true` is true; `0` or `false` false.
    static func flag(_ value: String?, _ name: String) throws(APIError) -> Bool {
        switch value?.lowercased() {
        case nil, "0", "false": return false
        case "", "1", "true": return true
        default: throw .badRequest("\(name) must be 1, true, 0 or false")
        }
    }

    /// The query's parameters, percent-decoded; of a name given twice, the first.
    static func query(_ request: Request) -> [String: String] {
        Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    static func text(_ text: String, type: String, policy: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type]
        if let policy { headers[.contentSecurityPolicy] = policy }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
