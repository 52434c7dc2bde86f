import NianbaoSupport
/// The intermediate every extractor produces and the parser alone consumes.
///
/// Extractors fill it from a source (text, PDF, HTML) knowing nothing of the report template;
/// the parser maps it onto the template knowing nothing of the source format.
public struct Document: Codable, Hashable, Sendable {
    public var source: SourceInfo
    /// Facts the container states about the document (a crawler header, HTML meta tags).
    public var metadata: DocumentMetadata
    public var blocks: [Block]
    /// The links the source has (HTML: those of the main content, or of the page when it has none).
    public var links: [DocumentLink]

    public init(source: SourceInfo, metadata: DocumentMetadata = DocumentMetadata(), blocks: [Block], links: [DocumentLink] = []) {
        self.source = source
        self.metadata = metadata
        self.blocks = blocks
        self.links = links
    }
}

/// Which file a document came from.
public struct SourceInfo: Codable, Hashable, Sendable {
    /// The path or URL as given, or "-" for standard input.
    public var file: String
    /// The input format: "txt", "md", "pdf", "html", "docx", or "doc", "wps", "rtf" (read through LibreOffice).
    public var format: InputFormat
    /// Hex SHA-256 of the source bytes.
    public var sha256: String

    public init(file: String, format: InputFormat, sha256: String) {
        self.file = file
        self.format = format
        self.sha256 = sha256
    }
}

/// Metadata stated outside the report body, e.g. by a web page or a crawler's header.
public struct DocumentMetadata: Codable, Hashable, Sendable {
    public var title: String?
    /// A publication date or date-time as the container printed it.
    public var published: String?
    public var sourceURL: String?
    public var publisher: String?

    public init(title: String? = nil, published: String? = nil, sourceURL: String? = nil, publisher: String? = nil) {
        self.title = title
        self.published = published
        self.sourceURL = sourceURL
        self.publisher = publisher
    }
}
