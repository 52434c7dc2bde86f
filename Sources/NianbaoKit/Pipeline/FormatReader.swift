import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
/// What a reader is given: the source's bytes and what is known about them.
public struct ReaderInput: Sendable {
    public var bytes: [UInt8]
    /// The path or address as given (names the source in messages and in `source.file`).
    public var path: String
    /// The charset a server declared for the bytes (HTTP Content-Type), if any.
    public var charset: String?
    /// The address the bytes were fetched from, if any (HTML links and metadata).
    public var url: String?
    public var options: ConversionOptions
    /// The pictures of a fetched HTML page, fetched to be read by OCR; nil: none fetched.
    public var pictures: PagePictures?

    public init(
        bytes: [UInt8], path: String, charset: String? = nil, url: String? = nil, options: ConversionOptions = ConversionOptions(),
        pictures: PagePictures? = nil
    ) {
        self.bytes = bytes
        self.path = path
        self.charset = charset
        self.url = url
        self.options = options
        self.pictures = pictures
    }

    /// The source as recorded with its document, read as `format`.
    public func source(_ format: InputFormat) -> SourceInfo {
        SourceInfo(file: path, format: format, sha256: SHA256.hex(bytes))
    }
}

/// One way of reading a source into a ``Document``: a reader offers them cheapest first (a PDF:
/// from its text alone, then with its rulings), and the ``Converter`` stops at the first whose
/// report it is sure of.
public struct Reading {
    /// What this reading does, e.g. "text" or "rulings".
    public let name: String
    public let read: () throws(NianbaoError) -> Document
    /// Whether this reading can differ from the ones before it (asked when it is reached; a PDF
    /// without scans or pictures has no reading by OCR to make).
    public let isNeeded: () -> Bool

    public init(_ name: String, when isNeeded: @escaping () -> Bool = { true }, read: @escaping () throws(NianbaoError) -> Document) {
        self.name = name
        self.isNeeded = isNeeded
        self.read = read
    }
}

/// A reader of one input format, as pandoc keeps its readers: a name, the file extensions it
/// claims, how to tell its bytes, and its readings. Registered in a ``ReaderRegistry``; the parser
/// never sees which reader made a document.
public protocol FormatReader: Sendable {
    /// The format's name, recorded as `source.format`.
    var format: InputFormat { get }
    /// The file extensions it claims, lower case, without the dot ("pdf"; "html", "htm"…).
    var extensions: [String] { get }
    /// Whether it reads documents linked from a page as attachments (PDF, Word), not pages (HTML, text).
    var readsAttachments: Bool { get }
    /// Whether files with its extensions are taken when a folder is searched for inputs (not
    /// images: a saved page's pictures are not reports).
    var walksFolders: Bool { get }
    /// Whether bytes are of this format by their content alone (a `%PDF` header, a ZIP holding
    /// `word/`…); false when the content does not tell.
    func recognises(_ bytes: [UInt8]) -> Bool
    /// The format a file named with one of ``extensions`` has: this one, unless its content says
    /// otherwise (sites serve ".doc" files that are DOCX, HTML or RTF).
    func format(named ext: String, bytes: [UInt8]) -> InputFormat
    /// The ways of reading the input, cheapest first; throws when the source cannot be opened at all.
    func readings(of input: ReaderInput) throws(NianbaoError) -> [Reading]
}

extension FormatReader {
    public var readsAttachments: Bool { false }
    public var walksFolders: Bool { true }
    public func recognises(_ bytes: [UInt8]) -> Bool { false }
    public func format(named ext: String, bytes: [UInt8]) -> InputFormat { format }
}
