import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
/// How inputs are read: what every front end (command line, batch workers, fetch, scrape) passes
/// to the ``Converter``.
public struct ConversionOptions: Codable, Hashable, Sendable {
    /// The password of an encrypted PDF.
    public var password: String?
    /// The largest file or standard input read (`--max-bytes`).
    public var maxBytes: Int
    /// Seconds for each HTTP request (`--timeout`).
    public var httpTimeout: Double
    /// The largest download (`--max-bytes`, else 50 MiB).
    public var maxDownloadBytes: Int
    /// Seconds LibreOffice may take to convert a DOC, WPS or RTF file (`--timeout`, else 60).
    public var officeTimeout: Double
    /// The format, when the caller knows it better than the name and bytes tell (a fetched
    /// response's Content-Type); nil to detect it.
    public var format: InputFormat?
    /// Where OCR runs (`--ocr`): PDF pages without text and images (auto), every PDF page too
    /// (always), or nowhere (never: a scan is an error).
    public var ocr: OCRMode
    /// Seconds the OCR of one page may take (`--timeout`, else 60): cells not read by then are
    /// null with a diagnostic, so that a page no one can read costs bounded time.
    public var ocrPageTimeout: Double
    /// A DOCX that LibreOffice already made of this input (a batch converts its DOC, WPS and RTF
    /// files several to one LibreOffice start: ``OfficeConversions``); read instead of starting
    /// LibreOffice again. Nil for the usual path.
    public var officeConversion: String?
    /// The most pictures of a fetched HTML page's main content fetched to be read by OCR
    /// (``PagePictures``); those after are left out with a diagnostic.
    public var maxPictures: Int

    /// The usual ``maxPictures``.
    public static let defaultMaxPictures = 20

    public init(
        password: String? = nil, maxBytes: Int = DocumentReader.defaultMaxBytes, httpTimeout: Double = 30,
        maxDownloadBytes: Int = HTTPFetcher.Options().maxBytes, officeTimeout: Double = LibreOffice.defaultTimeout, format: InputFormat? = nil,
        ocr: OCRMode = .auto, ocrPageTimeout: Double = 60, maxPictures: Int = ConversionOptions.defaultMaxPictures
    ) {
        self.password = password
        self.maxBytes = maxBytes
        self.httpTimeout = httpTimeout
        self.maxDownloadBytes = maxDownloadBytes
        self.officeTimeout = officeTimeout
        self.format = format
        self.ocr = ocr
        self.ocrPageTimeout = ocrPageTimeout
        self.maxPictures = maxPictures
    }

    /// How URLs are fetched.
    public var fetch: HTTPFetcher.Options { HTTPFetcher.Options(timeout: httpTimeout, maxBytes: maxDownloadBytes) }
}

/// Where OCR runs: `auto` on PDF pages with no text to read and on images, `always` on every page
/// of a PDF too, `never` not at all (a scan or an image is then an error).
public enum OCRMode: String, Codable, Hashable, Sendable, CaseIterable {
    case auto, always, never
}
