import Foundation

/// Reads a source (a file path or "-" for standard input) into a ``Document`` with the extractor
/// for its format.
public enum DocumentReader {
    /// The bytes of `path`, or of standard input for "-".
    public static func bytes(of path: String) throws(NianbaoError) -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadableInput(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadableInput(path: path, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableInput(path: path, reason: "permission denied or I/O error")
        }
        return Array(data)
    }

    /// Extracts the document of `path`.
    public static func read(_ path: String, password: String? = nil) throws(NianbaoError) -> Document {
        try read(bytes: bytes(of: path), path: path, password: password)
    }

    /// Extracts a document from bytes already in memory; `path` names it in messages and output.
    /// - Parameters:
    ///   - charset: the charset a server declared for the bytes (HTTP Content-Type), if any.
    ///   - url: the address the bytes were fetched from, if any (HTML links and metadata).
    ///   - password: the password of an encrypted PDF.
    ///   - rulings: whether a PDF's pages are rendered to find the rulings of their tables (exact
    ///     cell grids, several times slower); without, tables come from the alignment of the text.
    public static func read(
        bytes: [UInt8], path: String, charset: String? = nil, url: String? = nil, password: String? = nil, rulings: Bool = true
    ) throws(NianbaoError) -> Document {
        guard !bytes.isEmpty else { throw .emptyInput(path: path) }
        let format = try InputFormat.detect(path: path, bytes: bytes)
        let source = SourceInfo(file: path, format: format.rawValue, sha256: SHA256.hex(bytes))
        switch format {
        case .txt, .md:
            guard let decoded = TextDecoding.decode(bytes) else { throw .undecodableText(path: path) }
            if decoded.text.unicodeScalars.contains(where: { $0.value == 0 }) {
                throw .unsupportedFormat(path: path, detail: "binary data, not text")
            }
            return TextExtractor().extract(decoded.text, source: source)
        case .pdf:
            guard containsPDFHeader(bytes) else {
                throw .unreadableInput(path: path, reason: "not a PDF (it does not start with %PDF)")
            }
            var extractor = PDFExtractor()
            extractor.findsRulings = rulings
            return try extractor.extract(bytes: bytes, source: source, password: password)
        case .html:
            return try HTMLExtractor().extract(bytes, charset: charset, url: url, source: source)
        }
    }

    /// "%PDF" within the first kilobyte (some files carry junk before the header).
    static func containsPDFHeader(_ bytes: [UInt8]) -> Bool {
        let head = Array(bytes.prefix(1024))
        let marker = Array("%PDF".utf8)
        guard head.count >= marker.count else { return false }
        return (0...(head.count - marker.count)).contains { Array(head[$0..<($0 + marker.count)]) == marker }
    }
}
