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
    /// pages in `ocr` read by OCR instead (Tesseract must be ready: ``readyForOCR()``).
    package func document(rulings: Bool, ocr: Set<Int> = []) -> Document {
        let layouts = pages.indices.map { index in
            ocr.contains(index) ? ocrLayout(index) : extractor.analyse(pdf, page: index, glyphs: pages[index], rulings: rulings).layout
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
