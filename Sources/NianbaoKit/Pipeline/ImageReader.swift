import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
/// Page images (PNG, JPEG, TIFF: a report scanned or photographed page by page) read by OCR
/// (``ImageExtractor``). One file is one page; `convert --pages` makes one report of several
/// (``Converter/convertPages(_:options:)``). Folders are not searched for images: a saved web
/// page's pictures are not reports.
public struct ImageReader: FormatReader {
    public let format = InputFormat.image
    public let extensions = ["png", "jpg", "jpeg", "tif", "tiff"]
    public var walksFolders: Bool { false }

    public init() {}

    public func recognises(_ bytes: [UInt8]) -> Bool { Self.isImage(bytes) }

    /// PNG, JPEG or TIFF by its first bytes.
    public static func isImage(_ bytes: [UInt8]) -> Bool { ImageExtractor.isImage(bytes) }

    public func readings(of input: ReaderInput) throws(NianbaoError) -> [Reading] {
        let document = try Self.document(pages: [(input.bytes, input.path)], source: input.source(format), options: input.options)
        return [Reading("ocr") { document }]
    }

    /// The document of page images, in order, each its bytes and the name it is known by.
    static func document(pages: [(bytes: [UInt8], path: String)], source: SourceInfo, options: ConversionOptions) throws(NianbaoError) -> Document {
        guard options.ocr != .never else {
            throw .unsupportedFormat(path: source.file, detail: "an image is read by OCR, and --ocr never was given")
        }
        for page in pages where !isImage(page.bytes) {
            throw .unsupportedFormat(path: page.path, detail: "not a PNG, JPEG or TIFF image")
        }
        return try ImageExtractor().extract(pages: pages, source: source, pageTimeout: options.ocrPageTimeout)
    }
}

extension Converter {
    /// One report of several page images (`convert --pages`), in the order given, named after
    /// the first; its `sha256` is that of the pages' hashes in order (of the one page's bytes
    /// for one).
    public func convertPages(_ paths: [String], options: ConversionOptions = ConversionOptions()) throws(NianbaoError) -> AnnualReport {
        guard let first = paths.first else { throw .emptyInput(path: "-") }
        var pages: [(bytes: [UInt8], path: String)] = []
        var hashes = ""
        for path in paths {
            let bytes = try DocumentReader.bytes(of: path, maxBytes: options.maxBytes)
            guard !bytes.isEmpty else { throw .emptyInput(path: path) }
            pages.append((bytes, path))
            hashes += SHA256.hex(bytes)
        }
        let sha = pages.count == 1 ? SHA256.hex(pages[0].bytes) : SHA256.hex(Array(hashes.utf8))
        let document = try ImageReader.document(pages: pages, source: SourceInfo(file: first, format: .image, sha256: sha), options: options)
        return try parser.parse(document)
    }
}
