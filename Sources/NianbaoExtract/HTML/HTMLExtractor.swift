import NianbaoDocument
import NianbaoSupport
/// Reads HTML pages of reports into a ``Document``: decodes the page (``HTMLCharset``), parses it
/// with libxml2, keeps only the main content (``HTMLContentLocator``), and turns it into headings,
/// paragraphs and tables with their source lines (``HTMLBlockBuilder``, ``HTMLTableReader``). The
/// page's meta tags and info bar fill ``DocumentMetadata``. It knows nothing of the report template.
public struct HTMLExtractor: Sendable {
    public init() {}

    /// Extracts a document from the bytes of a page.
    /// - Parameters:
    ///   - charset: the charset the HTTP Content-Type named, if the page was fetched.
    ///   - url: the page's address, if fetched (for links and metadata).
    ///   - images: reads an `<img>` of the main content (its `src` and line) into blocks (OCR).
    public func extract(
        _ bytes: [UInt8], charset: String? = nil, url: String? = nil, source: SourceInfo, images: (@Sendable (String, Int) -> [Block])? = nil
    ) throws(NianbaoError) -> Document {
        try HTMLPage(bytes: bytes, charset: charset, url: url, path: source.file).document(source: source, images: images)
    }
}
