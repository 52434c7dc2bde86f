import Foundation
import Hummingbird
import NianbaoKit

/// `POST /api/pages`: for an uploaded PDF, the pages that hold the report's table cells drawn as
/// `nianbao extract --overlay` draws them, and each cell's rectangle on its page, so that the web
/// page can show where a number was read. The pictures are drawn by the conversion's worker and
/// sent in the response as `data:` URIs: nothing of them is kept on the server after it.
extension APIRoutes {
    /// At most 12 pages a report, each at most 1000 px wide (an A4 page: about 0.2 MB of PNG).
    static let pageLimits = PageImageLimits(maxPages: 12, maxWidth: 1000)

    func pages(_ request: Request) async throws(APIError) -> Response {
        let query = Self.query(request)
        if let unknown = query.keys.sorted().first(where: { $0 != "filename" }) {
            throw .badRequest("unknown parameter '\(unknown)'; known: filename (the pages are drawn for uploads only)")
        }
        let drawn = try await reportAndPages(of: request, pageImages: Self.pageLimits)
        return Self.text(Self.pagesJSON(drawn.report, drawn.pages).serialized(pretty: false) + "\n", type: "application/json; charset=utf-8")
    }

    /// `{"source", "pages": [{"page", "width", "height" (points), "pixelWidth", "pixelHeight",
    /// "image": "data:image/png;base64,…"}], "omittedPages", "cells": [{"key", "page", "box": [x0, y0, x1, y1]}]}`.
    static func pagesJSON(_ report: AnnualReport, _ pages: ReportPages) -> JSONValue {
        let images: [JSONValue] = pages.images.map { image in
            .object([
                ("page", .number(Double(image.page))), ("width", .number(rounded(image.width))), ("height", .number(rounded(image.height))),
                ("pixelWidth", .number(Double(image.pixelWidth))), ("pixelHeight", .number(Double(image.pixelHeight))),
                ("image", .string("data:image/png;base64," + image.png.base64EncodedString())),
            ])
        }
        let cells: [JSONValue] = ReportPages.locatedCells(of: report).map { cell in
            .object([
                ("key", .string(cell.key.dotted)), ("page", .number(Double(cell.page))),
                ("box", .array([cell.box.x0, cell.box.y0, cell.box.x1, cell.box.y1].map { .number(rounded($0)) })),
            ])
        }
        return .object([
            ("source", .object([("file", .string(report.source.file)), ("format", .string(report.source.format.rawValue))])),
            ("pages", .array(images)),
            ("omittedPages", .array(pages.omitted.map { .number(Double($0)) })),
            ("cells", .array(cells)),
        ])
    }

    /// Points to a tenth, as the JSON output's `cellSources` gives them.
    static func rounded(_ value: Double) -> Double { value.isFinite ? (value * 10).rounded() / 10 : 0 }
}
