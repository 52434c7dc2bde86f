import Foundation
import Testing
@testable import NianbaoDocument
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// A scanned PDF page is read by OCR from its own image at its own resolution; any other page
/// read by OCR (an image over part of the page, drawn turned, too coarse) is rendered at 300 dpi.
@Suite("OCR of a scanned PDF page from its own image")
struct ScanImageTests {
    static func ocr(_ fixture: String, pages ocr: Set<Int>) throws -> (pages: PDFPages, reproduced: Int, wrong: [String], truth: Truth, report: AnnualReport) {
        let path = Fixtures.path(fixture)
        // The truth of the report the scans are of (the fixtures made from scan200 have its pages 2 and 3).
        let truth = try Truth(path: Fixtures.path("ocr/scan300_degraded_2021_chromium.pdf.truth.json"))
        let pages = try DocumentReader.pdfPages(bytes: DocumentReader.bytes(of: path), path: path, password: nil)
        try pages.readyForOCR()
        let report = try ReportParser().parse(pages.document(rulings: true, ocr: ocr))
        let result = OCRTests.compare(report, truth: truth)
        return (pages, result.reproduced, result.wrong, truth, report)
    }

    @Test("pages 2 and 3 of a 300-dpi scan are read from their embedded images: tables 三 and 四 as the truth, none wrong")
    func embeddedImage() throws {
        let read = try Self.ocr("ocr/scan300_degraded_2021_chromium.pdf", pages: [1, 2])
        #expect(read.pages.pagesReadFromTheirImage == [1, 2])
        #expect(read.wrong.isEmpty, "\(read.wrong)")
        #expect(read.reproduced >= 155, "\(read.reproduced)")
        let cell = read.report.tables.applications["totalHandled.naturalPerson"]
        #expect(cell?.number == 5275)
        #expect(cell?.location?.page == 3)
        #expect(cell?.location?.ocr?.reading == .digits)
    }

    @Test("200-dpi images over two thirds of taller pages are not taken: the pages are rendered and read, none wrong")
    func partialImage() throws {
        let read = try Self.ocr("ocr/scan200_partial_2021_chromium.pdf", pages: [0, 1])
        #expect(read.pages.pagesReadFromTheirImage.isEmpty)
        #expect(read.wrong.isEmpty, "\(read.wrong)")
        #expect(read.reproduced >= 150, "\(read.reproduced)")
        #expect(read.report.tables.applications["totalHandled.naturalPerson"]?.number == 5275)
    }

    @Test("an image drawn upside down is not the page: not taken; the upright one is, at 200 dpi")
    func flippedImage() throws {
        let flipped = try PopplerDocument(bytes: DocumentReader.bytes(of: Fixtures.path("ocr/scan200_flipped_2021_chromium.pdf")), password: nil)
        #expect(flipped.scannedImage(page: 0, minDPI: 150, maxDPI: 600) == nil)
        let upright = try PopplerDocument(bytes: DocumentReader.bytes(of: Fixtures.path("ocr/scan200_degraded_2021_chromium.pdf")), password: nil)
        let image = try #require(upright.scannedImage(page: 2, minDPI: 150, maxDPI: 600))
        #expect(image.width == 1703 && image.height == 2375)
        #expect(abs(image.scale * 72 - 200) < 0.5)
        // Too coarse for the range the reader uses (a 200-dpi scan is read better rendered at
        // 300 dpi, scripts/ocr-sweep), and so is the 100-dpi scan: both rendered instead.
        let range = PDFExtractor.scanResolutions
        #expect(upright.scannedImage(page: 2, minDPI: range.lowerBound, maxDPI: range.upperBound) == nil)
        let coarse = try PopplerDocument(bytes: DocumentReader.bytes(of: Fixtures.path("pdf/scanned.pdf")), password: nil)
        #expect(coarse.scannedImage(page: 0, minDPI: range.lowerBound, maxDPI: range.upperBound) == nil)
        // A 300-dpi scan is in that range.
        let fine = try PopplerDocument(bytes: DocumentReader.bytes(of: Fixtures.path("ocr/scan300_degraded_2021_chromium.pdf")), password: nil)
        #expect(fine.scannedImage(page: 0, minDPI: range.lowerBound, maxDPI: range.upperBound).map { ($0.scale * 72).rounded() } == 300)
    }

    @Test("the scale of an image over a page: only over ≥ 90% of it, upright, not stretched, within the range, finite")
    func scanScale() {
        let page = (width: 600.0, height: 800.0), range = 150.0...600.0
        let whole = (x0: 0.0, y0: 0.0, x1: 600.0, y1: 800.0)
        #expect(PopplerDocument.scanScale(page: page, area: whole, pixels: (2500, 3333), dpi: range).map { ($0 * 72).rounded() } == 300)
        #expect(PopplerDocument.scanScale(page: page, area: (10, 12, 590, 790), pixels: (1611, 2161), dpi: range).map { ($0 * 72).rounded() } == 200)
        // Over 75% of the page: rendered.
        #expect(PopplerDocument.scanScale(page: page, area: (0, 0, 600, 600), pixels: (2500, 2500), dpi: range) == nil)
        // Turned a quarter (pixels across and down swapped), or stretched 10%.
        #expect(PopplerDocument.scanScale(page: page, area: whole, pixels: (3333, 2500), dpi: range) == nil)
        #expect(PopplerDocument.scanScale(page: page, area: whole, pixels: (2750, 3333), dpi: range) == nil)
        // 100 dpi, 700 dpi: outside the range.
        #expect(PopplerDocument.scanScale(page: page, area: whole, pixels: (833, 1111), dpi: range) == nil)
        #expect(PopplerDocument.scanScale(page: page, area: whole, pixels: (5833, 7777), dpi: range) == nil)
        // Not finite, empty, or more pixels than a rendering may have.
        #expect(PopplerDocument.scanScale(page: page, area: (0, 0, .nan, 800), pixels: (2500, 3333), dpi: range) == nil)
        #expect(PopplerDocument.scanScale(page: (.infinity, 800), area: whole, pixels: (2500, 3333), dpi: range) == nil)
        #expect(PopplerDocument.scanScale(page: page, area: (0, 0, 0, 800), pixels: (2500, 3333), dpi: range) == nil)
        #expect(PopplerDocument.scanScale(page: (1000, 4000.0 / 3), area: (0, 0, 1000, 4000.0 / 3), pixels: (7500, 10000), dpi: range) == nil)
    }
}
