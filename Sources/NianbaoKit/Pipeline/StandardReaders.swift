import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Plain text and markdown extractions (UTF-8 or GB18030): ``TextExtractor``.
public struct TextReader: FormatReader {
    public let format: InputFormat
    public let extensions: [String]

    public static let text = TextReader(format: .txt, extensions: ["txt", "text"])
    public static let markdown = TextReader(format: .md, extensions: ["md", "markdown"])

    public func readings(of input: ReaderInput) throws(NianbaoError) -> [Reading] {
        guard let decoded = TextDecoding.decode(input.bytes) else { throw .undecodableText(path: input.path) }
        if decoded.text.unicodeScalars.contains(where: { $0.value == 0 }) {
            throw .unsupportedFormat(path: input.path, detail: "binary data, not text")
        }
        let document = TextExtractor().extract(decoded.text, source: input.source(format))
        return [Reading("text") { document }]
    }
}

/// PDF through poppler: read from the text alone first, then with the rulings of its tables (its
/// glyphs are read once), then with its pages that have no text (scans) and the pictures on pages
/// with text (tables pasted as screenshots) read by OCR. A PDF
/// without any text is read by OCR alone, and `--ocr always` reads every page by OCR; with
/// `--ocr never` a PDF without text is an error.
public struct PDFReader: FormatReader {
    public let format = InputFormat.pdf
    public let extensions = ["pdf"]
    public var readsAttachments: Bool { true }

    public func recognises(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("%PDF".utf8)) }

    public func readings(of input: ReaderInput) throws(NianbaoError) -> [Reading] {
        let pages = try DocumentReader.pdfPages(bytes: input.bytes, path: input.path, password: input.options.password)
        pages.ocrPageTimeout = input.options.ocrPageTimeout
        let textless = Set(pages.pagesWithoutText)
        let fromText = [Reading("text") { pages.document(rulings: false) }, Reading("rulings") { pages.document(rulings: true) }]
        switch input.options.ocr {
        case .never:
            guard textless.count < pages.count else { throw .noTextLayer(path: input.path) }
            return fromText
        case .always:
            try pages.readyForOCR()
            return [Reading("ocr") { pages.document(rulings: true, ocr: Set(0..<pages.count)) }]
        case .auto where textless.count == pages.count:
            // A scan: nothing to read without OCR, which must then be there.
            try pages.readyForOCR()
            return [Reading("ocr") { pages.document(rulings: true, ocr: textless) }]
        case .auto:
            // Some pages without text (a table pasted as a picture, or a blank page), or pages
            // whose text leaves room for a picture (a table pasted into a Word file as a
            // screenshot): read by OCR only when the text leaves a doubt, and only if Tesseract is
            // installed. Where the pictures are is looked for only then.
            let ocr = { textless.union(pages.pagesWithPictures.keys) }
            return fromText + [Reading("ocr", when: { !ocr().isEmpty && (try? pages.readyForOCR()) != nil }) {
                // Without Tesseract the pages to OCR read as empty: the text readings' document.
                (try? pages.readyForOCR()) == nil ? pages.document(rulings: true) : pages.document(rulings: true, ocr: ocr())
            }]
        }
    }
}

/// HTML pages through libxml2: ``HTMLExtractor``.
public struct HTMLReader: FormatReader {
    public let format = InputFormat.html
    public let extensions = ["html", "htm", "shtml", "xhtml"]

    public func recognises(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        return head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
    }

    /// The page's text, then, when that leaves a doubt, the page with the pictures in its main
    /// content read by OCR (a page whose tables were pasted as screenshots): local pages only,
    /// the image files beside the page (``HTMLImageOCR``).
    public func readings(of input: ReaderInput) throws(NianbaoError) -> [Reading] {
        let source = input.source(format)
        let document = try HTMLExtractor().extract(input.bytes, charset: input.charset, url: input.url, source: source)
        guard let images = HTMLImageOCR(page: input) else { return [Reading("html") { document }] }
        return [Reading("html") { document }, Reading("ocr") { () throws(NianbaoError) -> Document in
            try HTMLExtractor().extract(input.bytes, charset: input.charset, url: input.url, source: source, images: images.blocks)
        }]
    }
}

/// Word: DOCX read natively (``DOCXExtractor``); DOC, WPS and RTF converted to DOCX by LibreOffice
/// first. Which one a file is, its content decides. The document's text and tables first; then,
/// when that leaves a doubt, its body holds pictures and `--ocr` is not never, the document with
/// those pictures read by OCR in place (a table pasted as a screenshot: ``DOCXPictures``).
public struct WordReader: FormatReader {
    public let format: InputFormat
    public let extensions: [String]
    public var readsAttachments: Bool { true }

    public static let docx = WordReader(format: .docx, extensions: ["docx", "docm", "dotx"])
    public static let doc = WordReader(format: .doc, extensions: ["doc", "dot"])
    public static let wps = WordReader(format: .wps, extensions: ["wps", "wpt"])
    public static let rtf = WordReader(format: .rtf, extensions: ["rtf"])

    public func recognises(_ bytes: [UInt8]) -> Bool {
        format != .wps && InputFormat.sniffWordContainer(bytes) == format
    }

    public func format(named ext: String, bytes: [UInt8]) -> InputFormat { InputFormat.sniffWord(bytes, extension: ext) }

    public func readings(of input: ReaderInput) throws(NianbaoError) -> [Reading] {
        if InputFormat.isEncryptedOLE2(input.bytes) {
            throw .unreadableInput(path: input.path, reason: "the Word file is encrypted with a password, which nianbao does not open; save it without one")
        }
        var docx = input.bytes
        if format != .docx {
            if let made = input.options.officeConversion, let data = FileManager.default.contents(atPath: made), !data.isEmpty {
                docx = Array(data)
            } else {
                docx = try LibreOffice.convertToDOCX(input.bytes, format: format, path: input.path, timeout: input.options.officeTimeout)
            }
        }
        let source = input.source(format)
        let word = try DOCXExtractor().read(docx, source: source)
        guard word.pictures > 0, input.options.ocr != .never else { return [Reading("word") { word.document }] }
        let ocr = DOCXExtractor(pictures: DOCXPictureOCR(maxBytes: input.options.maxBytes, pageTimeout: input.options.ocrPageTimeout, maxPictures: input.options.maxPictures))
        return [Reading("word") { word.document }, Reading("ocr") { () throws(NianbaoError) -> Document in
            try ocr.read(docx, source: source).document
        }]
    }
}
