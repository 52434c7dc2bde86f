import Foundation
import NianbaoDocument
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// How many pages of a report are drawn, and how large.
public struct PageImageLimits: Codable, Equatable, Sendable {
    /// The most pages drawn: the first that hold cells, in page order.
    public var maxPages: Int
    /// The widest image, in pixels (a page is drawn at 2 px a point at most).
    public var maxWidth: Int

    public init(maxPages: Int = 12, maxWidth: Int = 1000) {
        self.maxPages = min(max(maxPages, 0), 100)
        self.maxWidth = min(max(maxWidth, 100), 4000)
    }
}

/// The pages of a PDF report that hold its table cells, drawn with what `extract --overlay` draws
/// (rulings, cells, text lines, each line's row keys), so that a reviewer sees where a number was
/// read; a cell's rectangle is its ``SourceLocation/box`` (points, origin top left) on its page.
public struct ReportPages: Codable, Equatable, Sendable {
    public var images: [PageImage]
    /// Pages holding cells beyond ``PageImageLimits/maxPages``, not drawn.
    public var omitted: [Int]

    public init(images: [PageImage] = [], omitted: [Int] = []) {
        self.images = images
        self.omitted = omitted
    }

    /// The cells the report recorded that have a page and a rectangle, in template order.
    public static func locatedCells(of report: AnnualReport) -> [(key: CellKey, page: Int, box: SourceLocation.Box)] {
        TableID.allCases.flatMap { id in
            report.recordedCells(id).compactMap { key -> (key: CellKey, page: Int, box: SourceLocation.Box)? in
                guard let location = report[cell: key].location, let page = location.page, let box = location.box else { return nil }
                return (key, page, box)
            }
        }
    }

    /// The pages of `report`, read from the PDF `bytes`, that hold its cells; none for another format
    /// (or a PDF that cannot be opened again: the report stands without its pictures).
    public static func draw(_ report: AnnualReport, pdf bytes: [UInt8], password: String? = nil, limits: PageImageLimits = PageImageLimits()) -> ReportPages {
        guard report.source.format == .pdf else { return ReportPages() }
        let pages = Array(Set(locatedCells(of: report).map(\.page))).sorted()
        let drawn = Array(pages.prefix(limits.maxPages))
        let labels = report.rowKeysByLine.mapValues { $0.map(\.dotted) }
        let images = (try? PDFExtractor().overlayImages(
            bytes: bytes, source: report.source, password: password, pages: drawn, lineLabels: labels, maxWidth: limits.maxWidth)) ?? []
        return ReportPages(images: images, omitted: Array(pages.dropFirst(drawn.count)))
    }
}

extension Converter {
    /// The report of local bytes, as ``convertLocal(_:options:)`` reads them, and for a PDF the
    /// pages that hold its cells (``ReportPages/draw(_:pdf:password:limits:)``).
    public func reportWithPages(
        _ bytes: [UInt8], name: String, options: ConversionOptions = ConversionOptions(), limits: PageImageLimits = PageImageLimits()
    ) throws(NianbaoError) -> (report: AnnualReport, pages: ReportPages) {
        let report = try convertLocal(.bytes(bytes, name: name), options: options)
        return (report, ReportPages.draw(report, pdf: bytes, password: options.password, limits: limits))
    }
}
