import Foundation
import Hummingbird
import NianbaoKit

/// `POST /api/view`: what the home page shows of a report, from one conversion: the JSON output,
/// the annotated HTML fragment and, for an uploaded PDF, its pages as `/api/pages` draws them.
/// The page asked for these with three requests before (each converting the report again).
extension APIRoutes {
    /// `filename=` or `url=`, as `/api/convert`: `{"report": the JSON output (as `convert --to json`),
    /// "html": the report as `convert --to html --fragment --annotate`, "pages": the answer of
    /// `/api/pages` (no page for a url or a report that is not a PDF)}`.
    func view(_ request: Request) async throws(APIError) -> Response {
        let query = Self.query(request)
        if let unknown = query.keys.sorted().first(where: { !["filename", "url"].contains($0) }) {
            throw .badRequest("unknown parameter '\(unknown)'; known: filename, url")
        }
        let (report, pages) = try await reportAndPages(of: request, pageImages: Self.pageLimits)
        var options = RenderOptions()
        options.fragment = true
        options.annotate = true
        let html = converter.render([report], as: .html, options: options) ?? ""
        let view = JSONValue.object([
            ("report", ReportJSON.value(of: report)), ("html", .string(html)), ("pages", Self.pagesJSON(report, pages)),
        ])
        return Self.text(view.serialized(pretty: false) + "\n", type: "application/json; charset=utf-8")
    }
}
