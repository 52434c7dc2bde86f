import NianbaoDocument
import NianbaoSupport
/// A PDF opened and the glyphs of its pages read (the costly part poppler does once), to be laid
/// out into a ``Document`` from the text alone, or with the rulings found on renderings of the
/// pages that have tabular text, or first one and then the other; pages read by OCR (scans) are
/// rendered and read once, whichever layouts use them.
package final class PDFPages {
    private let extractor: PDFExtractor
    private let pdf: PopplerDocument
    private let source: SourceInfo
    private let pages: [(width: Double, height: Double, glyphs: [Glyph])]
    /// The number of pages.
    package var count: Int { pages.count }
    private var engines: OCREngines?
    /// Seconds the OCR of one page may take (the conversion's `ocrPageTimeout`).
    package var ocrPageTimeout = 60.0
    private var ocrLayouts: [Int: PageLayout] = [:]

    init(extractor: PDFExtractor, pdf: PopplerDocument, source: SourceInfo, pages: [(width: Double, height: Double, glyphs: [Glyph])]) {
        self.extractor = extractor
        self.pdf = pdf
        self.source = source
        self.pages = pages
    }

    /// The indices of the pages without text to read (scanned pages).
    package var pagesWithoutText: [Int] { pages.indices.filter { pages[$0].glyphs.allSatisfy { $0.scalar.properties.isWhitespace } } }

    /// The document: tables from the pages' rulings if `rulings`, else from aligned text; the
    /// pages in `ocr` read by OCR instead (Tesseract must be ready: ``readyForOCR()``): a page
    /// without text whole, a page with pictures (``pagesWithPictures``) its text as it is and its
    /// pictures by OCR.
    package func document(rulings: Bool, ocr: Set<Int> = []) -> Document {
        let layouts = pages.indices.map { index in
            guard ocr.contains(index) else { return extractor.analyse(pdf, page: index, glyphs: pages[index], rulings: rulings).layout }
            if let areas = pictures[index] { return pictureLayout(index, areas: areas) }
            return ocrLayout(index)
        }
        let metadata = DocumentMetadata(title: pdf.title.flatMap { $0.isEmpty ? nil : $0 })
        return Document(source: source, metadata: metadata, blocks: PageJoiner.blocks(of: layouts))
    }

    /// Makes the OCR engines (once), or throws naming what is not installed.
    package func readyForOCR() throws(NianbaoError) {
        if engines != nil { return }
        let made = OCREngines()
        try ImageExtractor.ready(made, path: source.file)
        engines = made
    }

    /// The pages with text that draw a picture where they have none, large enough to be a table
    /// (a table pasted into a Word file as a screenshot, then printed to PDF): each with the areas
    /// of those pictures, in points. Found once, when first asked for (poppler's image mapping).
    package var pagesWithPictures: [Int: [SourceLocation.Box]] {
        if let found = picturesFound { return found }
        var found: [Int: [SourceLocation.Box]] = [:]
        for index in pages.indices where !pages[index].glyphs.allSatisfy({ $0.scalar.properties.isWhitespace }) {
            let areas = pdf.imageAreas(page: index).filter { Self.isPicture($0, of: pages[index]) }
            if !areas.isEmpty { found[index] = areas }
        }
        picturesFound = found
        return found
    }
    private var picturesFound: [Int: [SourceLocation.Box]]?
    private var pictures: [Int: [SourceLocation.Box]] { picturesFound ?? [:] }

    /// Whether an image drawn over `area` of `page` is a picture to read: at least an inch and a
    /// half across and an inch down, a twenty-fifth of the page or more (a table 四 is one row of
    /// numbers), and no text of the page's own over it (a seal over a signature, a watermark or a
    /// background under the text are not).
    static func isPicture(_ area: SourceLocation.Box, of page: (width: Double, height: Double, glyphs: [Glyph])) -> Bool {
        let (width, height) = (area.x1 - area.x0, area.y1 - area.y0)
        guard width >= 108, height >= 72, width * height >= 0.04 * page.width * page.height else { return false }
        let inside = page.glyphs.lazy.filter {
            !$0.scalar.properties.isWhitespace && $0.midX > area.x0 && $0.midX < area.x1 && $0.midY > area.y0 && $0.midY < area.y1
        }
        return inside.prefix(3).count < 3
    }

    /// A page with text and pictures: its text laid out as it is (with its rulings), the pictures
    /// read by OCR from a rendering of the page, each on its own, and placed among the text by
    /// where they are drawn.
    private func pictureLayout(_ index: Int, areas: [SourceLocation.Box]) -> PageLayout {
        if let done = ocrLayouts[index] { return done }
        var layout = extractor.analyse(pdf, page: index, glyphs: pages[index], rulings: true).layout
        let dpi = PDFExtractor.ocrResolution
        if let engines, let rendered = pdf.render(page: index, scale: dpi / 72),
            let image = LeptImage.grey(width: rendered.width, height: rendered.height, pixels: rendered.pixels)
        {
            let reader = OCRPage(engines: engines, deadline: .after(seconds: ocrPageTimeout))
            for area in areas {
                let scale = dpi / 72
                let box = PixelBox(
                    x: Int(area.x0 * scale), y: Int(area.y0 * scale),
                    width: Int((area.x1 - area.x0) * scale), height: Int((area.y1 - area.y0) * scale))
                guard let picture = image.clipped(to: box), let read = try? reader.layout(of: picture, page: index + 1, resolution: dpi) else { continue }
                layout = layout.merged(with: read.shifted(dx: Double(box.x) / scale, dy: Double(box.y) / scale))
            }
        }
        ocrLayouts[index] = layout
        return layout
    }

    /// The pages read by OCR from their embedded image rather than a rendering (for tests).
    package private(set) var pagesReadFromTheirImage: Set<Int> = []

    /// A page read by OCR: a scanned page from its own image at its own resolution
    /// (``PopplerDocument/scannedImage(page:minDPI:maxDPI:)``), any other rendered at
    /// ``PDFExtractor/ocrResolution`` (empty when it cannot be rendered, e.g. larger than the
    /// rendering limit, or OCR is not ready).
    private func ocrLayout(_ index: Int) -> PageLayout {
        if let done = ocrLayouts[index] { return done }
        var layout = PageLayout(items: [])
        if let engines, let (page, dpi) = ocrImage(index) {
            layout = (try? OCRPage(engines: engines, deadline: .after(seconds: ocrPageTimeout)).layout(of: page, page: index + 1, resolution: dpi)) ?? layout
        }
        ocrLayouts[index] = layout
        return layout
    }

    /// The image a page is read from by OCR and its pixels per inch.
    private func ocrImage(_ index: Int) -> (LeptImage, Double)? {
        let range = PDFExtractor.scanResolutions
        if let scan = pdf.scannedImage(page: index, minDPI: range.lowerBound, maxDPI: range.upperBound),
            let image = LeptImage.grey(width: scan.width, height: scan.height, pixels: scan.pixels)
        {
            pagesReadFromTheirImage.insert(index)
            return (image, scan.scale * 72)
        }
        let dpi = PDFExtractor.ocrResolution
        guard let rendered = pdf.render(page: index, scale: dpi / 72),
            let image = LeptImage.grey(width: rendered.width, height: rendered.height, pixels: rendered.pixels)
        else { return nil }
        return (image, dpi)
    }
}
