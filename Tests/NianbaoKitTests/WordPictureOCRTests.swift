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

/// Word files whose table was pasted as a picture: the picture read by OCR in place, only when the
/// document's text leaves a doubt, never a picture from outside the package.
@Suite("OCR of pictures in Word files")
struct WordPictureOCRTests {
    static let fixture = Fixtures.path("ocr/docx_table4_as_image.docx")

    @Test("a DOCX whose table 四 is a picture: the picture read by OCR where it stands, every cell, none wrong; with --ocr never it stays unread")
    func pastedTable() throws {
        let truth = try Truth(path: Self.fixture + ".truth.json")
        let report = try ReportReader.report(Self.fixture)
        let result = OCRTests.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced >= 200, "\(result.reproduced) of 200")
        // Table 四 from the picture, at the line of the paragraph that holds it; table 二 from a Word table.
        let review = report.tables.reviewLitigation["review.total"]
        #expect(review?.number == 790)
        #expect(review?.location?.ocr?.reading == .digits)
        #expect(review?.location?.page == nil && review?.location?.line == 295)
        #expect(report.tables.applications["newReceived.total"]?.number == 14069)
        #expect(report.tables.applications["newReceived.total"]?.location?.ocr == nil)
        // --ocr never: the Word tables only; the picture's 15 cells are null, none invented.
        let never = try ReportReader.report(Self.fixture, ocr: .never)
        #expect(never.tables.reviewLitigation["review.total"]?.number == nil)
        #expect(OCRTests.compare(never, truth: truth).wrong.isEmpty)
        #expect(OCRTests.compare(never, truth: truth).reproduced == 185)
        #expect(never.tables.applications["newReceived.total"]?.number == 14069)
        // Pictures are read up to the document's limit (20 by default): with none allowed, none is.
        let capped = try ReportReader.converter.convertLocal(.path(Self.fixture), options: ConversionOptions(maxPictures: 0))
        #expect(capped.tables.reviewLitigation["review.total"]?.number == nil)
        #expect(OCRTests.compare(capped, truth: truth).reproduced == 185)
    }

    @Test("the reading by OCR is offered only when the body holds a picture and OCR may run")
    func readings() throws {
        func names(_ path: String, ocr: OCRMode = .auto) throws -> [String] {
            let input = ReaderInput(bytes: try DocumentReader.bytes(of: path), path: path, options: ConversionOptions(ocr: ocr))
            return try ReportReader.converter.readings(of: input).map(\.name)
        }
        #expect(try names(Self.fixture) == ["word", "ocr"])
        #expect(try names(Self.fixture, ocr: .never) == ["word"])
        #expect(try names(Fixtures.path("docx/filled_typed.docx")) == ["word"])
        // Without OCR the picture is counted, not read.
        let bytes = try DocumentReader.bytes(of: Self.fixture)
        let plain = try DOCXExtractor().read(bytes, source: SourceInfo(file: Self.fixture, format: .docx, sha256: ""))
        #expect(plain.pictures == 1)
        #expect(!plain.document.blocks.contains { $0.location.ocr != nil })
    }

    @Test("pictures not read: outside the package, external, missing, no relationship, huge, truncated, EMF, an icon; no crash, their cells null")
    func refused() throws {
        let path = Fixtures.path("ocr/bad/docx_pictures_refused.docx")
        let truth = try Truth(path: Self.fixture + ".truth.json")
        let report = try ReportReader.report(path)
        let result = OCRTests.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced == 185)
        #expect(report.tables.reviewLitigation["review.total"]?.number == nil)
        let options = DOCXPictureOCR(maxBytes: DocumentReader.defaultMaxBytes, pageTimeout: 60)
        let read = try DOCXExtractor(pictures: options).read(try DocumentReader.bytes(of: path), source: SourceInfo(file: path, format: .docx, sha256: ""))
        // Eight drawings and one VML picture, none of them read.
        #expect(read.pictures == 9)
        #expect(!read.document.blocks.contains { $0.location.ocr != nil })
    }

    @Test("a relationship's target is a part of the package, resolved from the main part's folder, or none")
    func targets() {
        #expect(DOCXPictures.part("media/image1.png", from: "word") == "word/media/image1.png")
        #expect(DOCXPictures.part("./media/image%201.png", from: "word") == "word/media/image 1.png")
        #expect(DOCXPictures.part("/word/media/image1.png", from: "word") == "word/media/image1.png")
        #expect(DOCXPictures.part("../media/image1.png", from: "word") == "media/image1.png")
        #expect(DOCXPictures.part("media\\image1.png", from: "word") == "word/media/image1.png")
        #expect(DOCXPictures.part("../../table-3.jpg", from: "word") == nil)
        #expect(DOCXPictures.part("/../table-3.jpg", from: "word") == nil)
        #expect(DOCXPictures.part("file:///etc/passwd", from: "word") == nil)
        #expect(DOCXPictures.part("https://example.org/t.png", from: "word") == nil)
        #expect(DOCXPictures.part("C:\\pictures\\t.png", from: "word") == nil)
        #expect(DOCXPictures.part("", from: "word") == nil)
        #expect(DOCXPictures.relationshipsPart(of: "word/document.xml") == "word/_rels/document.xml.rels")
        #expect(DOCXPictures.relationshipsPart(of: "document.xml") == "_rels/document.xml.rels")
    }

    @Test("a VML picture in a table's cell: read, and the table is then layout, so the picture's cells keep their OCR provenance")
    func pictureInCell() throws {
        let jpeg = try DocumentReader.bytes(of: Fixtures.path("ocr/html_tables_as_images_files/table-3.jpg"))
        let picture = "<w:p><w:r><w:pict><v:shape><v:imagedata r:id=\"rId9\"/></v:shape></w:pict></w:r></w:p>"
        let body = "<w:tbl><w:tr><w:tc>\(WordPackage.p("四、复议诉讼"))</w:tc><w:tc>\(picture)</w:tc></w:tr></w:tbl>"
        let document = """
            <?xml version="1.0" encoding="UTF-8"?><w:document \(WordPackage.namespaces) \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body)</w:body></w:document>
            """
        let relationships = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/t.jpg"/></Relationships>
            """
        let bytes = try WordPackage.zip([
            "word/document.xml": Data(document.utf8), "word/_rels/document.xml.rels": Data(relationships.utf8), "word/media/t.jpg": Data(jpeg),
        ])
        let options = DOCXPictureOCR(maxBytes: DocumentReader.defaultMaxBytes, pageTimeout: 60)
        let read = try DOCXExtractor(pictures: options).read(bytes, source: SourceInfo(file: "cell.docx", format: .docx, sha256: ""))
        #expect(read.pictures == 1)
        let tables = read.document.blocks.compactMap { block -> Table? in
            if case let .table(table) = block { return table }
            return nil
        }
        // The one table is the picture's (the Word table only laid it out), its cells from OCR.
        #expect(tables.count == 1)
        #expect(tables.first.map { $0.rows.joined().contains { $0.text == "790" && $0.location.ocr != nil } } == true)
        #expect(WordPackage.texts(read.document).first == "四、复议诉讼")
        // Without OCR the same table is a table of two cells, the second empty.
        let plain = try DOCXExtractor().read(bytes, source: SourceInfo(file: "cell.docx", format: .docx, sha256: ""))
        #expect(plain.document.blocks.count == 1)
    }
}

/// The same Word file saved as .doc by LibreOffice: converted to DOCX, then read as one.
@Suite("OCR of pictures in Word files through LibreOffice", .enabled(if: LibreOffice.executable != nil))
struct WordPictureLibreOfficeTests {
    @Test("a .doc whose table 四 is a picture: read by OCR through LibreOffice's DOCX, every cell, none wrong")
    func doc() throws {
        let path = Fixtures.path("ocr/docx_table4_as_image.doc")
        let truth = try Truth(path: path + ".truth.json")
        let report = try ReportReader.report(path)
        #expect(report.source.format == "doc")
        let result = OCRTests.compare(report, truth: truth)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.reproduced >= 200, "\(result.reproduced) of 200")
        #expect(report.tables.reviewLitigation["review.total"]?.number == 790)
        #expect(report.tables.reviewLitigation["review.total"]?.location?.ocr?.reading == .digits)
    }
}
