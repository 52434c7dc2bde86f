import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
/// The readers nianbao knows, by format name (pandoc's table of readers): which format a source
/// is, which reader reads it, which files a folder holds and which links are attachments, all
/// answered from here.
public struct ReaderRegistry: Sendable {
    /// The readers, in the order their content is sniffed.
    public private(set) var readers: [any FormatReader]
    /// Extensions of documents nianbao does not read (refused with advice, never read as text;
    /// linked from a page, an attachment it cannot read).
    public var refusedExtensions: Set<String> = ["xls", "xlsx", "odt", "ofd", "zip", "rar"]

    public init(readers: [any FormatReader]) {
        self.readers = readers
    }

    /// PDF, Word, HTML, text and markdown, and page images (OCR).
    public static let standard = ReaderRegistry(readers: [
        PDFReader(), WordReader.doc, WordReader.rtf, WordReader.docx, WordReader.wps, HTMLReader(), TextReader.text, TextReader.markdown,
        ImageReader(),
    ])

    /// Adds a reader; one of a format already registered replaces it.
    public mutating func register(_ reader: any FormatReader) {
        if let i = readers.firstIndex(where: { $0.format == reader.format }) { readers[i] = reader } else { readers.append(reader) }
    }

    public func reader(for format: InputFormat) -> (any FormatReader)? {
        readers.first { $0.format == format }
    }

    /// The format of a source: named by its extension (a URL's path), or, when that names none,
    /// told from its bytes; an extension of a document nianbao does not read is an error.
    public func detect(path: String, bytes: [UInt8]) throws(NianbaoError) -> InputFormat {
        let ext = Self.fileExtension(of: path)
        if let reader = readers.first(where: { $0.extensions.contains(ext) }) { return reader.format(named: ext, bytes: bytes) }
        if refusedExtensions.contains(ext) && ext != "rar" {
            throw .unsupportedFormat(path: path, detail: ".\(ext) files are not read; save the report as PDF, HTML or text")
        }
        return sniff(bytes)
    }

    /// The format bytes are by their content: the first reader that recognises them, else text.
    public func sniff(_ bytes: [UInt8]) -> InputFormat {
        readers.first { $0.recognises(bytes) }?.format ?? .txt
    }

    /// Every extension a reader claims.
    public var extensions: Set<String> { Set(readers.flatMap(\.extensions)) }

    /// The extensions of the files taken from folders (``FormatReader/walksFolders``).
    public var folderExtensions: Set<String> { Set(readers.filter(\.walksFolders).flatMap(\.extensions)) }

    /// The extension of the attachment a link points to, when it is a document (one a reader takes
    /// as an attachment, or one nianbao refuses); nil for a page.
    public func attachmentExtension(of link: DocumentLink) -> String? {
        link.fileExtension(among: attachmentExtensions.union(refusedExtensions))
    }

    /// Extensions of the documents read as attachments.
    public var attachmentExtensions: Set<String> { Set(readers.filter(\.readsAttachments).flatMap(\.extensions)) }

    /// The lower-cased extension a path or URL names ("" for none: "...", "name.", a bare host).
    public static func fileExtension(of path: String) -> String {
        if path.contains("://") { return DocumentLink.fileExtension(ofURL: path) ?? "" }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]).lowercased() } ?? ""
    }
}
