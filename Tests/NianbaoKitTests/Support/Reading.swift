import Foundation
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// The tests' shorthands for reading a source, all through the ``Converter``: a report
/// (``ReportReader``), a document (``DocumentReader/read``) or one named reading of a PDF.
enum ReportReader {
    static let converter = Converter()

    static func report(
        _ path: String, password: String? = nil, maxBytes: Int = DocumentReader.defaultMaxBytes, ocr: OCRMode = .auto
    ) throws(NianbaoError) -> AnnualReport {
        try converter.convertLocal(.path(path), options: ConversionOptions(password: password, maxBytes: maxBytes, ocr: ocr))
    }

    /// One report of page images (`convert --pages`).
    static func report(pages: [String]) throws(NianbaoError) -> AnnualReport {
        try converter.convertPages(pages)
    }

    static func report(
        bytes: [UInt8], path: String, charset: String? = nil, url: String? = nil, password: String? = nil, format: InputFormat? = nil
    ) throws(NianbaoError) -> AnnualReport {
        let input = ReaderInput(bytes: bytes, path: path, charset: charset, url: url, options: ConversionOptions(password: password, format: format))
        return try converter.conversion(of: input).report.get()
    }
}

extension DocumentReader {
    /// The document of the dearest reading (a PDF with its rulings), or of the reading named
    /// "text" when `rulings` is false.
    static func read(
        bytes: [UInt8], path: String, charset: String? = nil, url: String? = nil, password: String? = nil, rulings: Bool = true,
        ocr: OCRMode = .auto
    ) throws(NianbaoError) -> Document {
        let input = ReaderInput(bytes: bytes, path: path, charset: charset, url: url, options: ConversionOptions(password: password, ocr: ocr))
        let readings = try ReportReader.converter.readings(of: input)
        let chosen = rulings ? readings.last : readings.first
        guard let chosen else { throw .notAnnualReport(path: path, reason: "no reading") }
        return try chosen.read()
    }

    static func read(_ path: String, password: String? = nil, ocr: OCRMode = .auto) throws(NianbaoError) -> Document {
        try read(bytes: bytes(of: path), path: path, password: password, ocr: ocr)
    }
}

extension InputFormat: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The format the standard readers detect.
    static func detect(path: String, bytes: [UInt8]) throws(NianbaoError) -> InputFormat {
        try ReaderRegistry.standard.detect(path: path, bytes: bytes)
    }
}
