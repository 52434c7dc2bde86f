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
    public static func read(_ path: String) throws(NianbaoError) -> Document {
        try read(bytes: bytes(of: path), path: path)
    }

    /// Extracts a document from bytes already in memory; `path` names it in messages and output.
    /// - Parameters:
    ///   - charset: the charset a server declared for the bytes (HTTP Content-Type), if any.
    ///   - url: the address the bytes were fetched from, if any (HTML links and metadata).
    public static func read(bytes: [UInt8], path: String, charset: String? = nil, url: String? = nil) throws(NianbaoError) -> Document {
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
            throw .unsupportedFormat(path: path, detail: "PDF input is not supported yet")
        case .html:
            return try HTMLExtractor().extract(bytes, charset: charset, url: url, source: source)
        }
    }

    /// Extracts and parses `path` into a report.
    public static func report(_ path: String) throws(NianbaoError) -> AnnualReport {
        try ReportParser().parse(read(path))
    }
}
