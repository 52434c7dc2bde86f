/// A PDF opened and the glyphs of its pages read (the costly part poppler does once), to be laid
/// out into a ``Document`` from the text alone, or with the rulings found on renderings of the
/// pages that have tabular text, or first one and then the other.
final class PDFPages {
    private let extractor: PDFExtractor
    private let pdf: PopplerDocument
    private let source: SourceInfo
    private let pages: [(width: Double, height: Double, glyphs: [Glyph])]

    init(extractor: PDFExtractor, pdf: PopplerDocument, source: SourceInfo, pages: [(width: Double, height: Double, glyphs: [Glyph])]) {
        self.extractor = extractor
        self.pdf = pdf
        self.source = source
        self.pages = pages
    }

    /// The document: tables from the pages' rulings if `rulings`, else from aligned text.
    func document(rulings: Bool) -> Document {
        let layouts = pages.indices.map { extractor.analyse(pdf, page: $0, glyphs: pages[$0], rulings: rulings).layout }
        let metadata = DocumentMetadata(title: pdf.title.flatMap { $0.isEmpty ? nil : $0 })
        return Document(source: source, metadata: metadata, blocks: PageJoiner.blocks(of: layouts))
    }
}
