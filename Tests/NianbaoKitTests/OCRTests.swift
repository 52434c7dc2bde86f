import Foundation
import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// Scans and images read by OCR: never a value that differs from the truth, and most cells read.
@Suite("OCR of scans and page images")
struct OCRTests {
    /// The values of a report against a truth file: how many truth cells it reproduces, and the
    /// cells whose value is not the truth's (a wrong number, the one thing OCR must never give).
    static func compare(_ report: AnnualReport, truth: Truth) -> (reproduced: Int, wrong: [String]) {
        var wrong: [String] = []
        for (key, cell) in report.allCells {
            guard let number = cell.number else { continue }
            if truth.cells[key] != .some(number) { wrong.append("\(key) = \(number)") }
        }
        let reproduced = truth.cells.filter { key, value in value != nil && report.number(at: key) == value }.count
        return (reproduced, wrong.sorted())
    }

    /// The exhaustive sweep (every page of every set) is scripts/ocr-sweep; these tests read a
    /// representative set of pages, one or two OCR'd pages each, to keep the suite's CPU time small.
    /// The mixed PDFs keep their text pages and have their table page as an image: clean at
    /// 300 dpi (2019 template, table 三), degraded (rotated, noise, JPEG quality 50) at 300 and at
    /// 200 dpi (2021 template, page 3: tables 三 and 四, 155 of its 200 cells), and degraded with
    /// faint grey rulings at 300 dpi (1.4°) and 200 dpi (-0.6°) (2019 template, table 三). The
    /// counts are today's (scripts/ocr-sweep): of 198, 200, 200, 198 and 198 cells.
    static let mixed: [(fixture: String, reproduced: Int)] = [
        ("ocr/mixed_2019_chromium.pdf", 197),
        ("ocr/mixed300_degraded_2021_chromium.pdf", 200),
        ("ocr/mixed200_degraded_2021_chromium.pdf", 200),
        ("ocr/mixed300_faint_2019_chromium.pdf", 198),
        ("ocr/mixed200_faint_2019_chromium.pdf", 197),
    ]

    @Test("a PDF whose table page is an image: that page read by OCR, no wrong value, the cells reproduced", arguments: mixed.map { [$0.fixture, String($0.reproduced)] })
    func mixedPDF(_ arguments: [String]) throws {
        let path = Fixtures.path(arguments[0])
        let truth = try Truth(path: path + ".truth.json")
        let report = try ReportReader.report(path)
        let result = Self.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced >= Int(arguments[1])!, "\(result.reproduced) of \(truth.cells.values.compactMap { $0 }.count)")
        // The table page's cells say they were read by OCR; the text pages' do not.
        let sources = report.allCells.compactMap(\.value.location)
        #expect(sources.contains { $0.ocr?.reading == .digits })
        #expect(sources.contains { $0.ocr == nil })
    }

    @Test("a page with text and a pasted picture of table 四 (printed by LibreOffice and by Chromium): the text as text, the picture by OCR in its place; --ocr never leaves it null", arguments: [
        ["ocr/pasted_table4_libreoffice.pdf", "193", "4"], ["ocr/pasted_table4_chromium.pdf", "185", "2"],
    ])
    func pastedPicture(_ arguments: [String]) throws {
        let path = Fixtures.path(arguments[0])
        let truth = try Truth(path: path + ".truth.json")
        let report = try ReportReader.report(path)
        let result = Self.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced >= Int(arguments[1])!, "\(result.reproduced) of 200")
        let review = try #require(report.tables.reviewLitigation["review.total"])
        #expect(review.number == 790)
        #expect(review.location?.ocr?.reading == .digits)
        #expect(review.location?.page == Int(arguments[2]))
        // Placed on the page where the picture is drawn, below the heading of section 四 (points).
        let box = try #require(review.location?.box)
        #expect(box.x0 > 0 && box.x1 < 595 && box.y0 > 0 && box.y1 < 842, "\(box)")
        // Table 三 stays the text layer's.
        #expect(report.tables.applications["newReceived.total"]?.number == 14069)
        #expect(report.tables.applications["newReceived.total"]?.location?.ocr == nil)
        let never = try ReportReader.converter.convertLocal(.path(path), options: ConversionOptions(ocr: .never))
        #expect(never.tables.reviewLitigation["review.total"]?.number == nil)
        #expect(Self.compare(never, truth: truth).wrong.isEmpty)
    }

    @Test("the page made a Word file by pandoc (borderless tables, labels and numbers wrapping in narrow columns) and printed: rows it cannot tell apart are null, none shifted, no number cut in two")
    func borderlessWrapped() throws {
        let path = Fixtures.path("ocr/pasted_table4_pandoc_borderless.pdf")
        let truth = try Truth(path: path + ".truth.json")
        let report = try ReportReader.report(path)
        let result = Self.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced >= 39, "\(result.reproduced) of 200")
        // 13612 printed as 136 over 12, and （七）总计's 13364 as 133 over 64: null with the reason.
        #expect(report.tables.applications["newReceived.naturalPerson"]?.number == nil)
        #expect(report.tables.applications["totalHandled.naturalPerson"]?.number == nil)
        #expect(report.diagnostics.contains { $0.key == "tables.applications.newReceived" && $0.message.contains("cut in two") })
        // Table 四 is still read from its picture.
        #expect(report.tables.reviewLitigation["review.total"]?.number == 790)
    }

    @Test("which images on a page with text are pictures to read: large, with no text of the page over them")
    func picturesOnTextPages() {
        let glyph = { (x: Double, y: Double) in Glyph(scalar: "政", x0: x, y0: y, x1: x + 10, y1: y + 10) }
        let text = (0..<40).map { glyph(72 + Double($0 % 20) * 12, 100 + Double($0 / 20) * 14) }
        let page = (width: 595.0, height: 842.0, glyphs: text)
        // A table screenshot below the text: 450 × 100 pt.
        #expect(PDFPages.isPicture(SourceLocation.Box(x0: 72, y0: 300, x1: 522, y1: 400), of: page))
        // A seal (113 pt square) and a logo: too small.
        #expect(!PDFPages.isPicture(SourceLocation.Box(x0: 400, y0: 600, x1: 513, y1: 713), of: page))
        #expect(!PDFPages.isPicture(SourceLocation.Box(x0: 72, y0: 20, x1: 300, y1: 60), of: page))
        // A background or watermark under the text.
        #expect(!PDFPages.isPicture(SourceLocation.Box(x0: 0, y0: 0, x1: 595, y1: 842), of: page))
    }

    @Test("a page of a report the OCR was not tuned on (printed by Chromium, clean 300 dpi): narrow pairs of digits and lone digits read, none wrong")
    func unseenPrintedPage() throws {
        // Page 2 of printed_linchuan_office.pdf as an image-only PDF (scripts/ocr-unseen-sweep reads
        // the whole report, scanned four ways). "115" and "11" were read at the smaller digit
        // heights as "5" and "8" (or not at all), and lone digits were boxed narrower than their ink.
        let path = Fixtures.path("ocr/page300_printed_linchuan_office.pdf")
        let truth = try Truth(path: path + ".truth.json")
        let report = try ReportReader.report(path)
        let result = Self.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced >= 176, "\(result.reproduced) of 198")
        #expect(report.tables.applications["unableToProvide.notHeld.total"]?.number == 115)
        #expect(report.tables.reviewLitigation["litigationAfterReview.corrected"]?.number == 11)
        #expect(report.tables.reviewLitigation["litigationDirect.pending"]?.number == 11)
    }

    @Test("a lone character boxed narrower than its ink accounts for it; two characters over one run of ink do not")
    func narrowBoxes() {
        // A "0" 19 px wide that Tesseract boxes 9 px wide, centred on it.
        let zero = [PixelBox(x: 113, y: 43, width: 19, height: 29)]
        #expect(OCRPage.accounts(for: zero, symbols: [OCRSymbol(text: "0", confidence: 99, box: PixelBox(x: 118, y: 47, width: 9, height: 23), startsLine: false)]))
        // A box beside the ink, not over it, does not.
        #expect(!OCRPage.accounts(for: zero, symbols: [OCRSymbol(text: "0", confidence: 99, box: PixelBox(x: 140, y: 47, width: 9, height: 23), startsLine: false)]))
        // "11" read as one "8" over both: one symbol for two runs of ink.
        let eleven = [PixelBox(x: 122, y: 40, width: 13, height: 26), PixelBox(x: 139, y: 40, width: 13, height: 26)]
        #expect(!OCRPage.accounts(for: eleven, symbols: [OCRSymbol(text: "8", confidence: 49, box: PixelBox(x: 122, y: 40, width: 30, height: 26), startsLine: false)]))
        // Two symbols whose centres both lie over the first run.
        let both = [PixelBox(x: 122, y: 40, width: 6, height: 26), PixelBox(x: 129, y: 40, width: 5, height: 26)].map {
            OCRSymbol(text: "1", confidence: 99, box: $0, startsLine: false)
        }
        #expect(!OCRPage.accounts(for: eleven, symbols: both))
    }

    @Test("the text PDF's table page rendered at 300 dpi and read by OCR (as --ocr always): no wrong value, ≥ 99% of the cells")
    func renderedAt300() throws {
        let path = Fixtures.path("pdf/synthetic_2021_chromium.pdf")
        let truth = try Truth(path: path + ".truth.json")
        let pages = try DocumentReader.pdfPages(bytes: DocumentReader.bytes(of: path), path: path, password: nil)
        try pages.readyForOCR()
        // Page 3 (tables 三 and 四, 155 cells) by OCR; --ocr always reads all four (scripts/ocr-sweep: 199 of 200).
        let report = try ReportParser().parse(pages.document(rulings: true, ocr: [2]))
        let result = Self.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced >= 199, "\(result.reproduced) of 200")
        // A value of page 3 came from OCR and says so; one of page 2 from the text layer.
        let cell = report.tables.applications["totalHandled.naturalPerson"]
        #expect(cell?.number == 5275)
        #expect(cell?.location?.page == 3)
        #expect(cell?.location?.ocr?.reading == .digits)
        #expect((cell?.location?.ocr?.confidence ?? 0) >= OCRProvenance.threshold)
        #expect(report.tables.applications["newReceived.total"]?.number == 15158)
        #expect(report.tables.applications["newReceived.total"]?.location?.ocr == nil)
        // The long CSV says so too.
        let (_, records) = try CSVReader.table(ReportCSV.text([report], layout: .long))
        let ocrRecord = try #require(records.first { $0["row"] == "totalHandled" && $0["column"] == "naturalPerson" })
        #expect(ocrRecord["ocr"] == "digits")
        #expect(Int(ocrRecord["ocr_confidence"] ?? "").map { $0 >= OCRProvenance.threshold && $0 <= 100 } == true)
        let textRecord = try #require(records.first { $0["row"] == "newReceived" && $0["column"] == "total" })
        #expect(textRecord["ocr"] == "" && textRecord["ocr_confidence"] == "")
    }

    @Test("--pages: two 200-dpi JPEG pages (tables 三, 178 cells) make one report, ≥ 95% of those cells, none wrong")
    func pageImages() throws {
        let pages = [3, 4].map { Fixtures.path("ocr/pages_2019_libreoffice/page-\($0).jpg") }
        let truth = try Truth(path: Fixtures.path("ocr/pages_2019_libreoffice.truth.json"))
        let report = try ReportReader.report(pages: pages)
        #expect(report.source.format == .image)
        #expect(report.source.file == pages[0])
        // The hash of the pages' hashes, in order.
        let hashes = try pages.map { try SHA256.hex(DocumentReader.bytes(of: $0)) }.joined()
        #expect(report.source.sha256 == SHA256.hex(Array(hashes.utf8)))
        let result = Self.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced >= 170, "\(result.reproduced) of 178")
    }

    @Test("a multi-page TIFF is one report, each frame a page: the same cells as the frames given as --pages, none wrong")
    func multiPageTIFF() throws {
        let path = Fixtures.path("ocr/pages_2019_libreoffice_3-4.tif")
        let truth = try Truth(path: Fixtures.path("ocr/pages_2019_libreoffice.truth.json"))
        let report = try ReportReader.report(path)
        #expect(report.source.format == .image)
        let result = Self.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        // As --pages page-3.jpg page-4.jpg (scripts/ocr-sweep and pageImages): 175 of the truth's cells.
        #expect(result.reproduced >= 175, "\(result.reproduced)")
        // Frame 2's cells say page 2: table 四 is on it.
        #expect(report.tables.reviewLitigation["review.total"]?.location?.page == 2)
        #expect(report.tables.applications["newReceived.total"]?.location?.page == 1)
    }

    @Test("TIFF frames are found from the file's directories, each with its size; a forged chain is no TIFF")
    func tiffFrames() throws {
        let bytes = try DocumentReader.bytes(of: Fixtures.path("ocr/pages_2019_libreoffice_3-4.tif"))
        let sizes = TIFFFrames.sizes(of: bytes)
        #expect(sizes?.map(\.width) == [1654, 1654])
        #expect(sizes?.map(\.height) == [2339, 2339])
        #expect(TIFFFrames.sizes(of: try DocumentReader.bytes(of: Fixtures.path("ocr/pages_2019_libreoffice/page-5.jpg"))) == nil)
        // One directory (width 300, height 200, SHORT) whose next directory is itself: a loop.
        func directory(next: UInt8) -> [UInt8] {
            [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 2, 0,
             0x00, 0x01, 3, 0, 1, 0, 0, 0, 0x2C, 0x01, 0, 0,
             0x01, 0x01, 3, 0, 1, 0, 0, 0, 0xC8, 0x00, 0, 0,
             next, 0, 0, 0]
        }
        #expect(TIFFFrames.sizes(of: directory(next: 0))?.map(\.width) == [300])
        #expect(TIFFFrames.sizes(of: directory(next: 0))?.map(\.height) == [200])
        #expect(TIFFFrames.sizes(of: directory(next: 8)) == nil)
        #expect(TIFFFrames.sizes(of: Array(directory(next: 0).prefix(30))) == nil)
        // A frame larger than OCR reads is refused before it is decoded.
        #expect {
            try ImageExtractor.decodeFrame(bytes, at: 0, size: (width: 30000, height: 29000), path: "scan.tif (frame 2)")
        } throws: { error in
            guard case let .unreadableInput(path, reason) = error as? NianbaoError else { return false }
            return path == "scan.tif (frame 2)" && reason.contains("30000×29000")
        }
    }

    @Test("the PDF reader's ladder: OCR is the last reading where some pages have no text, the only one for a scan or --ocr always, absent with --ocr never")
    func readings() throws {
        func names(_ relative: String, _ ocr: OCRMode) throws -> [String] {
            let path = Fixtures.path(relative)
            let input = ReaderInput(bytes: try DocumentReader.bytes(of: path), path: path, options: ConversionOptions(ocr: ocr))
            return try ReportReader.converter.readings(of: input).map(\.name)
        }
        // Every PDF with text has the OCR reading last; it is made only where there is something to
        // read by OCR (a page without text, a picture on a page with text).
        func needed(_ relative: String) throws -> [String] {
            let path = Fixtures.path(relative)
            let input = ReaderInput(bytes: try DocumentReader.bytes(of: path), path: path)
            return try ReportReader.converter.readings(of: input).filter { $0.isNeeded() }.map(\.name)
        }
        #expect(try names("pdf/synthetic_2021_chromium.pdf", .auto) == ["text", "rulings", "ocr"])
        #expect(try needed("pdf/synthetic_2021_chromium.pdf") == ["text", "rulings"])
        #expect(try needed("pdf/hongze_2023.pdf") == ["text", "rulings"])
        #expect(try needed("ocr/pasted_table4_libreoffice.pdf") == ["text", "rulings", "ocr"])
        #expect(try needed("ocr/mixed_2019_chromium.pdf") == ["text", "rulings", "ocr"])
        #expect(try names("pdf/synthetic_2021_chromium.pdf", .always) == ["ocr"])
        #expect(try names("ocr/mixed_2019_chromium.pdf", .auto) == ["text", "rulings", "ocr"])
        #expect(try names("ocr/mixed_2019_chromium.pdf", .never) == ["text", "rulings"])
        #expect(try names("pdf/scanned.pdf", .auto) == ["ocr"])
        #expect(try names("ocr/pages_2019_libreoffice/page-5.jpg", .auto) == ["ocr"])
    }

    @Test("without Tesseract's trained data a scan is exit 2, one line naming the Debian packages")
    func dataMissing() throws {
        let empty = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try CLI.run(["convert", Fixtures.path("pdf/scanned.pdf")], environment: ["TESSDATA_PREFIX": empty.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("tesseract-ocr-chi-sim") && result.stderr.contains("tesseract-ocr-eng"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        // A PDF with text converts as before: OCR is not needed, so its absence does not matter.
        let text = try CLI.run(["convert", Fixtures.path("pdf/synthetic_2021_chromium.pdf")], environment: ["TESSDATA_PREFIX": empty.path])
        #expect(text.status == 0)
    }

    @Test("--pages and --ocr on the command line: one output; usage errors for batch options or --ocr never")
    func commandLine() throws {
        let page = Fixtures.path("ocr/pages_2019_libreoffice/page-5.jpg")
        let batch = try CLI.run(["convert", "--pages", page, "--out", "/tmp/nowhere"])
        #expect(batch.status == 64)
        let never = try CLI.run(["convert", "--pages", page, "--ocr", "never"])
        #expect(never.status == 64)
        let image = try CLI.run(["convert", "--ocr", "never", page])
        #expect(image.status == 2)
        #expect(image.stderr.contains("--ocr never"))
        // A cut JPEG: one line, not libjpeg's own warning besides.
        let cut = try CLI.run(["convert", Fixtures.path("ocr/bad/truncated.jpg")])
        #expect(cut.status == 2)
        #expect(cut.stderr.split(separator: "\n").count == 1, "\(cut.stderr)")
        #expect(cut.stderr.contains("truncated"))
    }

    @Test("a character the binarisation broke is one character; two lines of text are not merged")
    func brokenCharacters() {
        // The bar of a 5 (a faint stroke lost) above its bowl, 1 px apart, beside a 7.
        let five = [PixelBox(x: 50, y: 17, width: 14, height: 9), PixelBox(x: 48, y: 27, width: 18, height: 18), PixelBox(x: 70, y: 17, width: 16, height: 28)]
        let characters = OCRPage.characters(five, gap: 3)
        #expect(characters == [PixelBox(x: 48, y: 17, width: 18, height: 28), PixelBox(x: 70, y: 17, width: 16, height: 28)])
        #expect(OCRPage.looksNumeric(characters, height: 28))
        #expect(!OCRPage.looksNumeric(five, height: 18))
        // A label on two lines: "2." over "开" overlap across but 10 px apart; each stays itself,
        // and the square Chinese characters do not look like digits.
        let label = [PixelBox(x: 10, y: 10, width: 14, height: 28), PixelBox(x: 30, y: 10, width: 30, height: 30), PixelBox(x: 12, y: 50, width: 30, height: 30)]
        #expect(OCRPage.characters(label, gap: 3).count == 3)
        #expect(!OCRPage.looksNumeric(OCRPage.characters(label, gap: 3), height: 30))
    }

    @Test("a page's skew is found on its half-size binarisation as on the whole page; text outside tables is read at 200 dpi, a finer page scaled to it")
    func skewAndTextResolution() throws {
        let bytes = try DocumentReader.bytes(of: Fixtures.path("ocr/pages_2019_libreoffice/page-1.jpg"))
        let page = try #require(LeptImage.decode(bytes))
        for degrees in [0.8, -1.3] {
            let tilted = try #require(page.rotated(degrees: degrees))
            let whole = try #require(tilted.binarised(window: 16)?.skewDegrees())
            let half = try #require(OCRPage.skew(of: tilted, window: 16))
            // Undoing the tilt is rotating back by it.
            #expect(abs(half + degrees) < 0.1, "\(half) for \(degrees)°")
            #expect(abs(half - whole) < 0.05, "\(half) against \(whole)")
        }
        // This page is 200 dpi: read as it is. At 300 dpi it is scaled to 200.
        let same = OCRPage.forText(page, dpi: 200)
        #expect(same.image === page && same.dpi == 200)
        let scaled = OCRPage.forText(page, dpi: 300)
        #expect(scaled.dpi == 200 && abs(scaled.image.width - page.width * 2 / 3) <= 1)
        #expect(OCRPage.forText(page, dpi: 220).dpi == 220)
    }

    @Test("a JPEG is truncated when its end marker is missing from its last kilobyte, wherever it was cut")
    func truncatedJPEG() throws {
        let whole = try DocumentReader.bytes(of: Fixtures.path("ocr/pages_2019_libreoffice/page-5.jpg"))
        #expect(!ImageExtractor.isTruncatedJPEG(whole))
        // Padding after the marker is allowed; a cut anywhere before it is not.
        #expect(!ImageExtractor.isTruncatedJPEG(whole + [UInt8](repeating: 0, count: 300)))
        #expect(ImageExtractor.isTruncatedJPEG(Array(whole.prefix(2000))))
        #expect(ImageExtractor.isTruncatedJPEG(Array(whole.dropLast(2))))
        // Not a JPEG: not this check's business.
        #expect(!ImageExtractor.isTruncatedJPEG(Array("%PDF-1.4".utf8)))
    }

    @Test("--ocr never: a scan is refused as before")
    func never() {
        let path = Fixtures.path("pdf/scanned.pdf")
        #expect(throws: NianbaoError.noTextLayer(path: path)) { try DocumentReader.read(path, ocr: .never) }
        let image = Fixtures.path("ocr/pages_2019_libreoffice/page-5.jpg")
        #expect(throws: NianbaoError.self) { try DocumentReader.read(image, ocr: .never) }
    }

    @Test("bad images: clear errors, no crash")
    func badImages() throws {
        let huge = Fixtures.path("ocr/bad/huge_30000x30000.png")
        #expect {
            try DocumentReader.read(huge)
        } throws: { error in
            guard case let .unreadableInput(_, reason) = error as? NianbaoError else { return false }
            return reason.contains("30000×30000")
        }
        let truncated = Fixtures.path("ocr/bad/truncated.jpg")
        #expect(throws: NianbaoError.unreadableInput(path: truncated, reason: "the JPEG image is truncated (it has no end marker)")) {
            try DocumentReader.read(truncated)
        }
        let picture = Fixtures.path("ocr/bad/not_a_report.png")
        #expect {
            try ReportReader.report(picture)
        } throws: { error in
            if case .notAnnualReport = error as? NianbaoError { return true }
            return false
        }
    }

    @Test("a number read by OCR below the threshold, or read as text, is null with a diagnostic; a confident one is kept")
    func confidence() throws {
        let document = try DocumentReader.read(Fixtures.path("pdf/synthetic_2021_chromium.pdf"))
        // Mark the cells of one value: "15158" (newReceived.total) unsure, "5256" read as text,
        // "2044" confident.
        func marked(_ marks: [String: OCRProvenance]) -> Document {
            var document = document
            for (b, block) in document.blocks.enumerated() {
                guard case var .table(table) = block else { continue }
                for r in table.rows.indices {
                    for c in table.rows[r].indices {
                        if let mark = marks[table.rows[r][c].text] { table.rows[r][c].location.ocr = mark }
                    }
                }
                document.blocks[b] = .table(table)
            }
            return document
        }
        let report = try ReportParser().parse(marked([
            "15158": OCRProvenance(reading: .digits, confidence: 62),
            "5256": OCRProvenance(reading: .text, confidence: 95),
            "2044": OCRProvenance(reading: .digits, confidence: 93),
        ]))
        #expect(report.tables.applications["newReceived.total"]?.number == nil)
        #expect(report.tables.applications["newReceived.total"]?.raw == "15158")
        #expect(report.diagnostics.contains {
            $0.code == .ocrLowConfidence && $0.key == "tables.applications.newReceived.total" && $0.message.contains("15158")
                && $0.message.contains("confidence 62")
        })
        #expect(report.tables.applications["newReceived.naturalPerson"]?.number == nil)
        #expect(report.tables.applications["newReceived.commercial"]?.number == 2044)
        // The provenance reaches the JSON's cellSources.
        let json = ReportJSON.string(of: report)
        #expect(json.contains("\"ocr\": {\"reading\": \"digits\", \"confidence\": 93}") || json.contains("\"confidence\": 93"))
    }

    @Test("a 勾稽 rule failing over values read by OCR makes them null, the lowest confidence named first; the same failure in a text layer is the report's own")
    func ruleGuard() throws {
        let document = try DocumentReader.read(Fixtures.path("pdf/synthetic_2021_chromium.pdf"))
        // newReceived.total misread: 15158 as 15168 (the row sum and the column rule fail).
        func edited(byOCR: Bool) throws -> AnnualReport {
            var document = document
            for (b, block) in document.blocks.enumerated() {
                guard case var .table(table) = block else { continue }
                for r in table.rows.indices {
                    for c in table.rows[r].indices {
                        let misread = table.rows[r][c].text == "15158"
                        if misread { table.rows[r][c].text = "15168" }
                        if byOCR { table.rows[r][c].location.ocr = OCRProvenance(reading: .digits, confidence: misread ? 86 : 97) }
                    }
                }
                document.blocks[b] = .table(table)
            }
            return try ReportParser().parse(document)
        }
        let ocr = try edited(byOCR: true)
        #expect(ocr.tables.applications["newReceived.total"]?.number == nil)
        #expect(ocr.tables.applications["newReceived.total"]?.raw == "15168")
        #expect(ocr.tables.applications["newReceived.naturalPerson"]?.number == nil)
        let guarded = ocr.diagnostics.filter { $0.code == .ocrRuleFailed }
        #expect(!guarded.isEmpty)
        #expect(guarded.allSatisfy { $0.key == "tables.applications.newReceived.total" && $0.message.contains("15168, confidence 86") })
        #expect(!ocr.checks.contains { $0.status == .fail })
        // Cells in no failed rule keep their values (table 四, the other rows).
        #expect(ocr.tables.reviewLitigation["review.total"]?.number != nil)
        #expect(ocr.tables.applications["granted.naturalPerson"]?.number != nil)
        // From a text layer the value is what is printed, and the rule fails.
        let text = try edited(byOCR: false)
        #expect(text.tables.applications["newReceived.total"]?.number == 15168)
        #expect(text.checks.contains { $0.status == .fail })
        #expect(!text.diagnostics.contains { $0.code == .ocrRuleFailed })
    }

    @Test("the per-page time limit: a page whose limit has passed has its cells marked not read, and those are null with a diagnostic")
    func timeLimit() throws {
        let path = Fixtures.path("ocr/pages_2019_libreoffice/page-3.jpg")
        let source = SourceInfo(file: path, format: .image, sha256: "")
        let late = try ImageExtractor().extract(pages: [(DocumentReader.bytes(of: path), path)], source: source, pageTimeout: 1e-9)
        let cells = late.blocks.flatMap { block -> [TableCell] in
            if case let .table(table) = block { return table.rows.flatMap { $0 } }
            return []
        }
        #expect(!cells.isEmpty)
        #expect(cells.allSatisfy { $0.location.ocr?.reading == .skipped && $0.text.isEmpty })
        // In the parser: a cell marked not read is null, with where it is, whatever its text.
        var document = try DocumentReader.read(Fixtures.path("pdf/synthetic_2021_chromium.pdf"))
        for (b, block) in document.blocks.enumerated() {
            guard case var .table(table) = block else { continue }
            for r in table.rows.indices {
                for c in table.rows[r].indices where table.rows[r][c].text == "15158" {
                    table.rows[r][c].location.ocr = OCRProvenance(reading: .skipped, confidence: 0)
                }
            }
            document.blocks[b] = .table(table)
        }
        let report = try ReportParser().parse(document)
        #expect(report.tables.applications["newReceived.total"]?.number == nil)
        #expect(report.diagnostics.contains { $0.code == .ocrTimeLimit && $0.key == "tables.applications.newReceived.total" })
        #expect(report.tables.applications["newReceived.naturalPerson"]?.number == 5256)
    }

    @Test("an HTML page whose table 四 is a picture: the picture beside the page read by OCR in place, every cell; with --ocr never it stays unread")
    func htmlImage() throws {
        let path = Fixtures.path("ocr/html_table4_as_image.html")
        let truth = try Truth(path: path + ".truth.json")
        let report = try ReportReader.report(path)
        let result = Self.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced == 200, "\(result.reproduced) of 200")
        // Table 四 came from the picture, at the <img>'s line; table 三 from the page's own <table>.
        let review = report.tables.reviewLitigation["review.total"]
        #expect(review?.number == 790)
        #expect(review?.location?.ocr?.reading == .digits)
        #expect(review?.location?.page == nil && review?.location?.line != nil)
        #expect(report.tables.applications["newReceived.total"]?.location?.ocr == nil)
        // --ocr never: the page's text only; the picture's cells are null, none invented.
        let never = try ReportReader.converter.convertLocal(.path(path), options: ConversionOptions(ocr: .never))
        #expect(never.tables.reviewLitigation["review.total"]?.number == nil)
        #expect(Self.compare(never, truth: truth).wrong.isEmpty)
        #expect(never.tables.applications["newReceived.total"]?.number == 14069)
    }

    @Test("a local page whose three tables are embedded as data: pictures (base64, wrapped lines): every cell, as with the files beside it")
    func htmlEmbeddedImages() throws {
        var html = String(decoding: try DocumentReader.bytes(of: Fixtures.path("ocr/html_tables_as_images.html")), as: UTF8.self)
        for n in 1...3 {
            let file = "html_tables_as_images_files/table-\(n).jpg"
            let picture = Data(try DocumentReader.bytes(of: Fixtures.path("ocr/" + file))).base64EncodedString(options: .lineLength64Characters)
            html = html.replacingOccurrences(of: "src=\"\(file)\"", with: "src=\"data:image/jpeg;base64,\(picture)\"")
        }
        #expect(!html.contains("_files/"))
        // Alone in a folder of its own: no file beside it to read.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-datauri-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.html").path
        try Data(html.utf8).write(to: URL(fileURLWithPath: path))
        let report = try ReportReader.report(path)
        let result = Self.compare(report, truth: try Truth(path: Fixtures.path("ocr/html_tables_as_images.html.truth.json")))
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced == 200, "\(result.reproduced) of 200")
        #expect(report.tables.applications["newReceived.total"]?.location?.ocr?.reading == .digits)
        // At most maxPictures a page are read, in page order: with one, table 二's picture only.
        let one = try ReportReader.converter.convertLocal(.path(path), options: ConversionOptions(maxPictures: 1))
        #expect(one.tables.activeDisclosure["regulations.issued"]?.number != nil)
        #expect(one.tables.applications["newReceived.total"]?.number == nil)
        #expect(one.tables.reviewLitigation["review.total"]?.number == nil)
    }

    @Test("data: addresses: base64 with whitespace or percent-escaped, percent-encoded bytes; no comma, bad escapes or over the size limit: nothing")
    func dataAddresses() {
        #expect(DataURI("data:image/png;base64,iVBO\nRw0K", maxBytes: 100)?.bytes == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A])
        #expect(DataURI(" DATA:Image/PNG;charset=x;base64,iVBORw0K", maxBytes: 100)?.mediaType == "image/png")
        #expect(DataURI("data:image/png;base64,iVBORw0KGg%3D%3D", maxBytes: 100)?.bytes.count == 7)
        #expect(DataURI("data:,a%20b%FF", maxBytes: 100)?.bytes == [0x61, 0x20, 0x62, 0xFF])
        #expect(DataURI("data:,a%2", maxBytes: 100) == nil)
        #expect(DataURI("data:image/png;base64", maxBytes: 100) == nil)
        #expect(DataURI("image/png;base64,iVBORw0K", maxBytes: 100) == nil)
        #expect(DataURI("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg", maxBytes: 8) == nil)
        #expect(DataURI("data:image/png;base64,iVBORw0K", maxBytes: 100)?.name == "data:image/png (6 bytes)")
    }

    @Test("pictures of an HTML page that are not read: addresses, absolute paths, missing files, icons, pages that are not local files")
    func htmlImagesLeftOut() throws {
        let page = Fixtures.path("ocr/html_table4_as_image.html")
        let input = ReaderInput(bytes: try DocumentReader.bytes(of: page), path: page)
        let images = try #require(HTMLImageOCR(page: input))
        #expect(images.file("http://example.org/t.png") == nil)
        #expect(images.file("data:image/png;base64,AAAA") == nil)
        #expect(images.file("/etc/passwd") == nil)
        #expect(images.file("html_tables_as_images_files/table%2D3.jpg?v=2#x") == Fixtures.path("ocr/html_tables_as_images_files/table-3.jpg"))
        #expect(images.blocks("no_such_file.png", 7).isEmpty)
        // A small picture (an icon), one too large to decode, and a file that is no image.
        #expect(images.blocks("bad/icon_64x64.png", 7).isEmpty)
        #expect(images.blocks("bad/huge_30000x30000.png", 7).isEmpty)
        #expect(images.blocks("README.md", 7).isEmpty)
        #expect(HTMLImageOCR(page: ReaderInput(bytes: [], path: "page.html", url: "https://example.org/page.html")) == nil)
        #expect(HTMLImageOCR(page: ReaderInput(bytes: input.bytes, path: page, options: ConversionOptions(ocr: .never))) == nil)
        // A page without pictures is not read twice.
        #expect(HTMLImageOCR(page: ReaderInput(bytes: Array("<p>一、总体情况</p><IMG src=a.png>".utf8), path: page)) != nil)
        #expect(HTMLImageOCR(page: ReaderInput(bytes: Array("<p>一、总体情况</p><i>mg</i>".utf8), path: page)) == nil)
    }

    @Test("a reading that drops or invents a character does not account for the ink")
    func inkAccounting() {
        // "6815.47" as blobs: six digits 20 px wide, 10 px apart, and a 5-px decimal point.
        var ink: [PixelBox] = []
        var x = 0
        for (i, width) in [20, 20, 20, 20, 5, 20, 20].enumerated() {
            ink.append(PixelBox(x: x, y: i == 4 ? 26 : 0, width: width, height: i == 4 ? 5 : 30))
            x += width + 10
        }
        func symbols(_ text: String, skipping skipped: Int?) -> [OCRSymbol] {
            zip(text, ink.indices.filter { $0 != skipped }).map { character, i in
                OCRSymbol(text: String(character), confidence: 95, box: ink[i], startsLine: false)
            }
        }
        #expect(OCRPage.accounts(for: ink, symbols: symbols("6815.47", skipping: nil)))
        // The decimal point dropped: 681547 must not pass.
        #expect(!OCRPage.accounts(for: ink, symbols: symbols("681547", skipping: 4)))
        // A digit dropped (the 1): 685.47 must not pass either.
        #expect(!OCRPage.accounts(for: ink, symbols: symbols("685.47", skipping: 1)))
    }
}
