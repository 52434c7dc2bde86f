import Foundation

/// Reads a source (a file path or "-" for standard input) into a ``Document`` with the extractor
/// for its format.
public enum DocumentReader {
    /// The largest input read by default (100 MiB): a report is rarely over 20 MB, and reading one
    /// costs memory in proportion (about 17 times its size for text).
    public static let defaultMaxBytes = 100 * 1024 * 1024

    /// The bytes of `path`, or of standard input for "-", at most `maxBytes` of them: a larger input
    /// is an error before it is read (a file by its size; standard input once it passes the limit).
    /// Only regular files are read: a FIFO, a device (`/dev/zero`) or a socket is refused as such.
    public static func bytes(of path: String, maxBytes: Int = defaultMaxBytes) throws(NianbaoError) -> [UInt8] {
        if path == "-" { return try InputFile.read(descriptor: 0, path: path, maxBytes: maxBytes) }
        return try InputFile.read(path: path, maxBytes: maxBytes)
    }

    /// Extracts the document of `path`.
    public static func read(_ path: String, password: String? = nil, maxBytes: Int = defaultMaxBytes) throws(NianbaoError) -> Document {
        try read(bytes: bytes(of: path, maxBytes: maxBytes), path: path, password: password)
    }

    /// Extracts a document from bytes already in memory; `path` names it in messages and output.
    /// - Parameters:
    ///   - charset: the charset a server declared for the bytes (HTTP Content-Type), if any.
    ///   - url: the address the bytes were fetched from, if any (HTML links and metadata).
    ///   - password: the password of an encrypted PDF.
    ///   - rulings: whether a PDF's pages are rendered to find the rulings of their tables (exact
    ///     cell grids, several times slower); without, tables come from the alignment of the text.
    ///   - format: the format, when the caller knows it better than `path`'s extension (a fetched
    ///     response's bytes and Content-Type); otherwise detected from `path` and the bytes.
    public static func read(
        bytes: [UInt8], path: String, charset: String? = nil, url: String? = nil, password: String? = nil, rulings: Bool = true,
        format known: InputFormat? = nil
    ) throws(NianbaoError) -> Document {
        guard !bytes.isEmpty else { throw .emptyInput(path: path) }
        let format: InputFormat
        if let known { format = known } else { format = try InputFormat.detect(path: path, bytes: bytes) }
        func source() -> SourceInfo { SourceInfo(file: path, format: format.rawValue, sha256: SHA256.hex(bytes)) }
        switch format {
        case .txt, .md:
            guard let decoded = TextDecoding.decode(bytes) else { throw .undecodableText(path: path) }
            if decoded.text.unicodeScalars.contains(where: { $0.value == 0 }) {
                throw .unsupportedFormat(path: path, detail: "binary data, not text")
            }
            return TextExtractor().extract(decoded.text, source: source())
        case .pdf:
            return try pdfPages(bytes: bytes, path: path, password: password).document(rulings: rulings)
        case .html:
            return try HTMLExtractor().extract(bytes, charset: charset, url: url, source: source())
        case .docx:
            if InputFormat.isEncryptedOLE2(bytes) { throw encrypted(path) }
            return try DOCXExtractor().extract(bytes, source: source())
        case .doc, .wps, .rtf:
            if InputFormat.isEncryptedOLE2(bytes) { throw encrypted(path) }
            let converted = try LibreOffice.convertToDOCX(bytes, format: format, path: path)
            return try DOCXExtractor().extract(converted, source: source())
        }
    }

    private static func encrypted(_ path: String) -> NianbaoError {
        .unreadableInput(path: path, reason: "the Word file is encrypted with a password, which nianbao does not open; save it without one")
    }

    /// A document as first read, and for a PDF a second reading with the rulings of its tables
    /// (its glyphs are not read again): what ``ReportReader`` needs to look again only when the
    /// first reading leaves doubts.
    public struct Readings {
        /// PDF: from the text alone; other formats: the document.
        public let first: Document
        /// PDF only: the document with tables from the pages' rulings.
        public let withRulings: (() -> Document)?
    }

    /// The ``Readings`` of bytes in memory; the parameters are those of
    /// ``read(bytes:path:charset:url:password:rulings:format:)``.
    public static func readings(
        bytes: [UInt8], path: String, charset: String? = nil, url: String? = nil, password: String? = nil, format: InputFormat? = nil
    ) throws(NianbaoError) -> Readings {
        guard !bytes.isEmpty else { throw .emptyInput(path: path) }
        var detected = format
        if detected == nil { detected = try InputFormat.detect(path: path, bytes: bytes) }
        guard detected == .pdf else {
            return Readings(first: try read(bytes: bytes, path: path, charset: charset, url: url, password: password, format: format), withRulings: nil)
        }
        let pages = try pdfPages(bytes: bytes, path: path, password: password)
        return Readings(first: pages.document(rulings: false), withRulings: { pages.document(rulings: true) })
    }

    static func pdfPages(bytes: [UInt8], path: String, password: String?) throws(NianbaoError) -> PDFPages {
        guard containsPDFHeader(bytes) else {
            throw .unreadableInput(path: path, reason: "not a PDF (it does not start with %PDF)")
        }
        let source = SourceInfo(file: path, format: InputFormat.pdf.rawValue, sha256: SHA256.hex(bytes))
        return try PDFExtractor().read(bytes: bytes, source: source, password: password)
    }

    /// "%PDF" within the first kilobyte (some files carry junk before the header).
    static func containsPDFHeader(_ bytes: [UInt8]) -> Bool {
        let head = Array(bytes.prefix(1024))
        let marker = Array("%PDF".utf8)
        guard head.count >= marker.count else { return false }
        return (0...(head.count - marker.count)).contains { Array(head[$0..<($0 + marker.count)]) == marker }
    }
}
