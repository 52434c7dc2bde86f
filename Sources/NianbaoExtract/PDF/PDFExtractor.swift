import Foundation
import NianbaoDocument
import NianbaoSupport

/// Reads a PDF into a ``Document`` from the geometry of its glyphs: lines from glyph baselines,
/// tables from the page's rulings (found on a rendering of the page) or from aligned text,
/// paragraphs from indentation and line ends; page numbers as furniture; a table or paragraph
/// that runs on over a page break joined into one.
public struct PDFExtractor: Sendable {
    /// Pixels per point of the rendering used to find rulings.
    public var rulingScale = 1.5

    public init() {}

    /// What was seen on one page.
    struct PageAnalysis {
        var width: Double
        var height: Double
        var glyphs: [Glyph]
        var rulings: Rulings
        var tables: [RuledTable]
        var layout: PageLayout
    }

    /// The document of a PDF; with `rulings`, pages whose text has aligned rows are rendered and
    /// their tables laid out on the grid of their rulings, else tables come from aligned text.
    public func extract(bytes: [UInt8], source: SourceInfo, password: String? = nil, rulings: Bool = true) throws(NianbaoError) -> Document {
        let pages = try read(bytes: bytes, source: source, password: password)
        guard pages.pagesWithoutText.count < pages.count else { throw .noTextLayer(path: source.file) }
        return pages.document(rulings: rulings)
    }

    /// Opens a PDF and reads the glyphs of its pages, once, to be laid out into a document from
    /// the text alone or with rulings (``PDFPages/document(rulings:ocr:)``), or both.
    func read(bytes: [UInt8], source: SourceInfo, password: String? = nil) throws(NianbaoError) -> PDFPages {
        let document = try open(bytes, source: source, password: password)
        let pages = (0..<document.pageCount).map { document.glyphs(ofPage: $0) }
        return PDFPages(extractor: self, pdf: document, source: source, pages: pages)
    }

    /// Pixels per inch of the rendering of a page read by OCR.
    static let ocrResolution = 300.0
    /// The resolutions (pixels per inch) at which a scanned page's own image is read by OCR; a
    /// page scanned coarser is rendered at ``ocrResolution`` instead (upsampled: a 200-dpi scan read
    /// at its own resolution lost cells that its 300-dpi rendering reads, scripts/ocr-sweep), one
    /// scanned finer too (downsampled: fewer pixels to read).
    static let scanResolutions = 250.0...600.0

    /// Renders every page into `directory` as page-N.png with what was detected drawn over it:
    /// rulings in red, table cells in blue, text lines in green, and `lineLabels` (what the caller
    /// made of each line, by page and line: the parser's row keys) in purple in the right margin.
    public func writeOverlays(
        bytes: [UInt8], source: SourceInfo, password: String? = nil, lineLabels: [SourceLocation: [String]] = [:], to directory: String
    ) throws(NianbaoError) -> [String] {
        let document = try open(bytes, source: source, password: password)
        var written: [String] = []
        for index in 0..<document.pageCount {
            let path = (directory as NSString).appendingPathComponent("page-\(index + 1).png")
            guard document.writeOverlay(page: index, scale: 2, shapes: overlayShapes(document, page: index, lineLabels: lineLabels), to: path) else {
                throw .unwritableOutput(path: path, reason: "cairo could not write the PNG")
            }
            written.append(path)
        }
        return written
    }

    /// The pages `pages` (numbered from 1; others are skipped) drawn as ``writeOverlays(bytes:source:password:lineLabels:to:)``
    /// draws them, as PNG in memory, each at most `maxWidth` pixels wide (and 2 px a point).
    public func overlayImages(
        bytes: [UInt8], source: SourceInfo, password: String? = nil, pages: [Int], lineLabels: [SourceLocation: [String]] = [:], maxWidth: Int
    ) throws(NianbaoError) -> [PageImage] {
        let document = try open(bytes, source: source, password: password)
        var images: [PageImage] = []
        for number in pages where number >= 1 && number <= document.pageCount {
            let size = document.glyphs(ofPage: number - 1)
            guard size.width.isFinite, size.width > 0, size.height.isFinite, size.height > 0 else { continue }
            let scale = min(2, Double(max(maxWidth, 1)) / size.width)
            let shapes = overlayShapes(document, page: number - 1, lineLabels: lineLabels)
            guard let drawn = document.overlayPNG(page: number - 1, scale: scale, shapes: shapes) else { continue }
            images.append(PageImage(page: number, width: size.width, height: size.height, pixelWidth: drawn.width, pixelHeight: drawn.height, png: drawn.png))
        }
        return images
    }

    /// What `extract --overlay` draws over a page (numbered from 0): rulings in red, table cells in
    /// blue, text lines in green, and the `lineLabels` of a line (numbered from 1) in purple.
    func overlayShapes(_ document: PopplerDocument, page index: Int, lineLabels: [SourceLocation: [String]]) -> [OverlayShape] {
        let page = analyse(document, page: index, glyphs: document.glyphs(ofPage: index), rulings: true)
        var shapes: [OverlayShape] = []
        for s in page.rulings.horizontal { shapes.append(OverlayShape(x0: s.start, y0: s.position, x1: s.end, y1: s.position, color: (1, 0, 0))) }
        for s in page.rulings.vertical { shapes.append(OverlayShape(x0: s.position, y0: s.start, x1: s.position, y1: s.end, color: (1, 0, 0))) }
        for table in page.tables {
            for cell in table.cells {
                shapes.append(OverlayShape(
                    x0: table.xs[cell.c0] + 1.5, y0: table.ys[cell.r0] + 1.5, x1: table.xs[cell.c1 + 1] - 1.5, y1: table.ys[cell.r1 + 1] - 1.5,
                    color: (0, 0.3, 1)))
            }
        }
        let lines = TextLine.lines(of: page.glyphs)
        for (number, line) in lines.enumerated() {
            shapes.append(OverlayShape(x0: line.x0, y0: line.y1 + 0.5, x1: line.x1, y1: line.y1 + 0.5, color: (0, 0.6, 0)))
            if let labels = lineLabels[SourceLocation(page: index + 1, line: number + 1)] {
                let rows = Set(labels).sorted()
                shapes.append(OverlayShape(x0: page.width - 150, y0: line.y0, x1: page.width - 150, y1: line.y1, color: (0.6, 0, 0.6), label: rows.joined(separator: " ")))
            }
        }
        return shapes
    }

    func open(_ bytes: [UInt8], source: SourceInfo, password: String?) throws(NianbaoError) -> PopplerDocument {
        let document: PopplerDocument
        switch Result(catching: { () throws(PDFError) in try PopplerDocument(bytes: bytes, password: password) }) {
        case let .success(opened): document = opened
        case .failure(.encrypted): throw .encryptedPDF(path: source.file)
        case .failure(.wrongPassword): throw .wrongPassword(path: source.file)
        case let .failure(.unreadable(reason)): throw .unreadableInput(path: source.file, reason: "not a readable PDF: \(reason)")
        }
        guard document.pageCount > 0 else { throw .unreadableInput(path: source.file, reason: "the PDF has no pages") }
        return document
    }

    /// Lays a page out from its text; with `rulings`, a page whose text has rows aligned in
    /// columns (the only place rulings change anything) is rendered and laid out again on the grid
    /// of its rulings.
    func analyse(
        _ document: PopplerDocument, page index: Int, glyphs page: (width: Double, height: Double, glyphs: [Glyph]), rulings: Bool
    ) -> PageAnalysis {
        let fromText = PageLayout(page: index + 1, width: page.width, height: page.height, glyphs: page.glyphs, tables: [])
        let noRulings = Rulings(horizontal: [], vertical: [])
        guard rulings, fromText.hasTable, let image = document.render(page: index, scale: rulingScale) else {
            return PageAnalysis(width: page.width, height: page.height, glyphs: page.glyphs, rulings: noRulings, tables: [], layout: fromText)
        }
        let found = Rulings.find(in: image).outside(page.glyphs)
        let tables = RuledTable.find(in: found)
        let layout = tables.isEmpty
            ? fromText : PageLayout(page: index + 1, width: page.width, height: page.height, glyphs: page.glyphs, tables: tables)
        return PageAnalysis(width: page.width, height: page.height, glyphs: page.glyphs, rulings: found, tables: tables, layout: layout)
    }
}

/// A page of a PDF drawn as PNG, with its size in points (the unit of ``SourceLocation/Box``,
/// origin top left) and in pixels.
public struct PageImage: Codable, Sendable, Equatable {
    /// The page's number, from 1.
    public var page: Int
    public var width: Double
    public var height: Double
    public var pixelWidth: Int
    public var pixelHeight: Int
    public var png: Data

    public init(page: Int, width: Double, height: Double, pixelWidth: Int, pixelHeight: Int, png: [UInt8]) {
        self.page = page
        self.width = width
        self.height = height
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
        self.png = Data(png)
    }
}
