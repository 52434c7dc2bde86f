import Foundation

/// Reads a PDF into a ``Document`` from the geometry of its glyphs: lines from glyph baselines,
/// tables from the page's rulings (found on a rendering of the page) or from aligned text,
/// paragraphs from indentation and line ends; page numbers as furniture; a table or paragraph
/// that runs on over a page break joined into one.
public struct PDFExtractor: Sendable {
    /// Pixels per point of the rendering used to find rulings.
    public var rulingScale = 1.5

    public init() {}

    public func extract(bytes: [UInt8], source: SourceInfo, password: String? = nil) throws(NianbaoError) -> Document {
        let document: PopplerDocument
        switch Result(catching: { () throws(PDFError) in try PopplerDocument(bytes: bytes, password: password) }) {
        case let .success(opened): document = opened
        case .failure(.encrypted): throw .encryptedPDF(path: source.file)
        case .failure(.wrongPassword): throw .wrongPassword(path: source.file)
        case let .failure(.unreadable(reason)): throw .unreadableInput(path: source.file, reason: "not a readable PDF: \(reason)")
        }
        guard document.pageCount > 0 else { throw .unreadableInput(path: source.file, reason: "the PDF has no pages") }
        var pages: [PageLayout] = []
        var glyphCount = 0
        for index in 0..<document.pageCount {
            let page = document.glyphs(ofPage: index)
            glyphCount += page.glyphs.count
            var tables: [RuledTable] = []
            if hasTabularText(page.glyphs), let image = document.render(page: index, scale: rulingScale) {
                tables = RuledTable.find(in: Rulings.find(in: image).outside(page.glyphs))
            }
            pages.append(PageLayout(page: index + 1, width: page.width, height: page.height, glyphs: page.glyphs, tables: tables))
        }
        guard glyphCount > 0 else { throw .noTextLayer(path: source.file) }
        let metadata = DocumentMetadata(title: document.title.flatMap { $0.isEmpty ? nil : $0 })
        return Document(source: source, metadata: metadata, blocks: PageJoiner.blocks(of: pages))
    }

    /// Whether a page has lines of several separate pieces (worth rendering to look for rulings).
    func hasTabularText(_ glyphs: [Glyph]) -> Bool {
        TextLine.lines(of: glyphs).contains { $0.chunks().count >= 2 }
    }
}
