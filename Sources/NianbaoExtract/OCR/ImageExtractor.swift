import Foundation
import NianbaoDocument
import NianbaoSupport

/// Reads page images — a report scanned or photographed page by page, as PNG, JPEG or TIFF — into
/// one ``Document`` by OCR (``OCRPage``), the pages in the order given; each frame of a
/// multi-page TIFF is a page.
public struct ImageExtractor: Sendable {
    public init() {}

    /// PNG, JPEG or TIFF by its first bytes.
    public static func isImage(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) || bytes.starts(with: [0xFF, 0xD8, 0xFF])
            || bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
    }

    /// Whether `bytes` are a picture inside a document worth reading by OCR: at most `maxBytes`,
    /// PNG, JPEG or TIFF, and at least ``HTMLImageOCR/minimumSide`` pixels a side (from its header:
    /// icons and rules are not tables).
    package static func isTablePicture(_ bytes: [UInt8], maxBytes: Int) -> Bool {
        guard bytes.count <= maxBytes, isImage(bytes), let size = LeptImage.dimensions(of: bytes) else { return false }
        return min(size.width, size.height) >= HTMLImageOCR.minimumSide
    }

    /// The document of the page images `pages` (each its bytes and the name it is known by).
    /// `pageTimeout`: seconds the OCR of one page may take.
    public func extract(pages: [(bytes: [UInt8], path: String)], source: SourceInfo, pageTimeout: Double = 60) throws(NianbaoError) -> Document {
        let engines = OCREngines()
        try Self.ready(engines, path: source.file)
        var layouts: [PageLayout] = []
        func read(_ image: LeptImage, dpi: Double, path: String) throws(NianbaoError) {
            do {
                layouts.append(try OCRPage(engines: engines, deadline: .after(seconds: pageTimeout)).layout(of: image, page: layouts.count + 1, resolution: dpi))
            } catch {
                throw Self.error(error, path: path)
            }
        }
        for page in pages {
            // One image decoded at a time, released before the next.
            if let frames = TIFFFrames.sizes(of: page.bytes), frames.count > 1 {
                var offset = 0
                for (index, size) in frames.enumerated() {
                    let (image, dpi, next) = try Self.decodeFrame(page.bytes, at: offset, size: size, path: "\(page.path) (frame \(index + 1))")
                    try read(image, dpi: dpi, path: page.path)
                    offset = next
                    if offset == 0 { break }
                }
            } else {
                let (image, dpi) = try Self.decode(page.bytes, path: page.path)
                try read(image, dpi: dpi, path: page.path)
            }
        }
        return Document(source: source, blocks: PageJoiner.blocks(of: layouts))
    }

    /// One frame of a multi-page TIFF, its size (from its directory) checked before decoding, with
    /// the offset of the next frame (0 after the last).
    static func decodeFrame(_ bytes: [UInt8], at offset: Int, size: (width: Int, height: Int), path: String) throws(NianbaoError) -> (LeptImage, Double, Int) {
        try checkSize(size, path: path)
        guard let (image, next) = LeptImage.decodeTIFFFrame(bytes, at: offset) else {
            throw .unreadableInput(path: path, reason: "the image cannot be decoded (truncated or corrupt?)")
        }
        return (image, resolution(stated: image.resolution, width: image.width, height: image.height), next)
    }

    /// Refuses an image larger than OCR reads, before it is decoded.
    static func checkSize(_ size: (width: Int, height: Int), path: String) throws(NianbaoError) {
        guard size.width <= 30_000, size.height <= 30_000, size.width * size.height <= OCRPage.maxPixels else {
            throw .unreadableInput(path: path, reason: "the image is \(size.width)×\(size.height) pixels, more than the \(OCRPage.maxPixels / 1_000_000) million pixels OCR reads")
        }
    }

    /// Makes sure Tesseract and its trained data are there before any page is decoded.
    static func ready(_ engines: OCREngines, path: String) throws(NianbaoError) {
        do { try engines.ready() } catch { throw Self.error(error, path: path) }
    }

    static func error(_ error: OCRSetupError, path: String) -> NianbaoError {
        switch error {
        case let .libraryMissing(reason): return .ocrUnavailable(path: path, reason: "Tesseract cannot be loaded (\(reason))")
        case let .missingLanguage(language): return .ocrUnavailable(path: path, reason: "Tesseract's '\(language)' data is not installed")
        }
    }

    /// The image in grey and its resolution, its size checked from the header before decoding.
    static func decode(_ bytes: [UInt8], path: String) throws(NianbaoError) -> (LeptImage, Double) {
        guard let size = LeptImage.dimensions(of: bytes) else {
            throw .unreadableInput(path: path, reason: "not a readable PNG, JPEG or TIFF image")
        }
        try checkSize(size, path: path)
        // libjpeg would decode a cut JPEG in part, saying so on stderr; it is refused in one line.
        guard !isTruncatedJPEG(bytes) else {
            throw .unreadableInput(path: path, reason: "the JPEG image is truncated (it has no end marker)")
        }
        guard let image = LeptImage.decode(bytes) else {
            throw .unreadableInput(path: path, reason: "the image cannot be decoded (truncated or corrupt?)")
        }
        return (image, resolution(stated: image.resolution, width: image.width, height: image.height))
    }

    /// A JPEG without its end-of-image marker (FF D9) in its last kilobyte (where it is, before
    /// any padding a writer leaves): cut short.
    package static func isTruncatedJPEG(_ bytes: [UInt8]) -> Bool {
        guard bytes.starts(with: [0xFF, 0xD8, 0xFF]) else { return false }
        let tail = bytes.suffix(1024)
        return !zip(tail, tail.dropFirst()).contains { $0 == 0xFF && $1 == 0xD9 }
    }

    /// The resolution a file states when plausible, else the one that makes its shorter side an A4
    /// page's width (8.27 in).
    static func resolution(stated: Int, width: Int, height: Int) -> Double {
        if (100...1200).contains(stated) { return Double(stated) }
        return max(72, min(600, Double(min(width, height)) / 8.27))
    }
}
