import Foundation
import NianbaoDocument
import NianbaoSupport

/// The bytes of a source (a file path or "-" for standard input), within a size limit, and the
/// PDF pages of bytes; the ``Converter`` reads them with the reader of their format.
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

    package static func pdfPages(bytes: [UInt8], path: String, password: String?) throws(NianbaoError) -> PDFPages {
        guard containsPDFHeader(bytes) else {
            throw .unreadableInput(path: path, reason: "not a PDF (it does not start with %PDF)")
        }
        let source = SourceInfo(file: path, format: .pdf, sha256: SHA256.hex(bytes))
        return try PDFExtractor().read(bytes: bytes, source: source, password: password)
    }

    /// "%PDF" within the first kilobyte (some files carry junk before the header).
    package static func containsPDFHeader(_ bytes: [UInt8]) -> Bool {
        let head = Array(bytes.prefix(1024))
        let marker = Array("%PDF".utf8)
        guard head.count >= marker.count else { return false }
        return (0...(head.count - marker.count)).contains { Array(head[$0..<($0 + marker.count)]) == marker }
    }
}
