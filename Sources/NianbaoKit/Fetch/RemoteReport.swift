import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
/// Reads a report from a URL: the page itself when it holds the report, or else the attachment it
/// links the report as (PDF and Word to ``DocumentReader``; spreadsheets, OFD and archives are refused clearly).
/// A response's format is told by its bytes first, then its Content-Type, and only then by the
/// address's extension (a PDF served from `…/report.html` is a PDF). The report records its
/// address without userinfo (`user:password@`), which the fetch itself may still use.
public enum RemoteReport {
    /// What was fetched to read a report.
    public struct Reading: Sendable {
        public var report: AnnualReport
        /// The page, and the attachment when the report came from one.
        public var page: HTTPResponse
        public var attachment: HTTPResponse?
    }

    /// Fetches `url` and reads the report in it, with `converter`'s readers.
    public static func read(
        _ url: String, fetcher: HTTPFetcher, converter: Converter = Converter(), options: ConversionOptions = ConversionOptions()
    ) async throws(NianbaoError) -> Reading {
        let page = try await fetcher.get(url)
        guard page.isSuccess else { throw .fetchFailed(url: WebAddress.withoutUserinfo(page.url), failure: .httpStatus(page.status)) }
        let content = try await interpret(page, converter: converter, options: options) { (u: String) async throws(NianbaoError) in
            try await fetcher.get(u)
        }
        switch content {
        case let .report(report):
            return Reading(report: report, page: page)
        case .pictures:
            throw .notAnnualReport(path: WebAddress.withoutUserinfo(page.url), reason: "its pictures were fetched but not read")
        case let .attachment(link):
            let attachment = try await fetcher.get(link.url)
            guard attachment.isSuccess else { throw .fetchFailed(url: WebAddress.withoutUserinfo(attachment.url), failure: .httpStatus(attachment.status)) }
            let report = try readAttachment(attachment, page: page.url, converter: converter, options: options)
            return Reading(report: report, page: page, attachment: attachment)
        }
    }

    /// What a fetched page holds.
    public enum Content: Sendable {
        case report(AnnualReport)
        /// The page has no table values of its own but links this attachment.
        case attachment(DocumentLink)
        /// The page's text leaves doubts and its main content shows these pictures: fetch them
        /// (``PagePictures/fetched(limit:get:)``) and interpret the page again with them.
        case pictures(PagePictures)
    }

    /// Reads a fetched response, fetching with `get` the pictures of its main content when its
    /// text leaves doubts (``Content/pictures(_:)``): a report, or the attachment it links.
    public static func interpret(
        _ response: HTTPResponse, converter: Converter = Converter(), options: ConversionOptions = ConversionOptions(),
        get: (String) async throws(NianbaoError) -> HTTPResponse
    ) async throws(NianbaoError) -> Content {
        let first = try interpret(response, converter: converter, options: options)
        guard case let .pictures(wanted) = first else { return first }
        let pictures = await wanted.fetched(limit: options.maxPictures, get: get)
        return try interpret(response, converter: converter, options: options, pictures: pictures)
    }

    /// Reads a fetched response once: a report (HTML, PDF, Word, text), or, for a page without
    /// table values of its own, the attachment its document links the report as; or, when
    /// `pictures` is nil, OCR may run (`--ocr` not never) and the text of an HTML page leaves
    /// doubts, the pictures of its main content to fetch. With `pictures` (fetched), they are
    /// read by OCR in place as a local page's are, and each not read is a diagnostic.
    public static func interpret(
        _ response: HTTPResponse, converter: Converter = Converter(), options: ConversionOptions = ConversionOptions(),
        pictures: PagePictures? = nil
    ) throws(NianbaoError) -> Content {
        if let ext = attachmentExtension(of: response, converter.readers) {
            return .report(try readAttachment(response, page: response.url, extension: ext, converter: converter, options: options))
        }
        let path = WebAddress.withoutUserinfo(response.url)
        guard !response.body.isEmpty else { throw .emptyInput(path: path) }
        var known = options
        known.format = try format(of: response, converter.readers)
        let input = ReaderInput(bytes: response.body, path: path, charset: response.charset, url: response.url, options: known, pictures: pictures)
        let conversion = try converter.conversion(of: input)
        if pictures == nil, known.format == .html, options.ocr != .never, leavesDoubts(conversion) {
            let wanted = PagePictures.wanted(in: input)
            if !wanted.pictures.isEmpty { return .pictures(wanted) }
        }
        if case var .success(report) = conversion.report, hasTableValues(report) {
            report.diagnostics += pictures?.diagnostics ?? []
            return .report(report)
        }
        if let link = bestAttachment(conversion.document.links, converter.readers) { return .attachment(link) }
        var report = try conversion.report.get()
        report.diagnostics += pictures?.diagnostics ?? []
        return .report(report)
    }

    /// Whether a reading has no report, or one a further reading could settle.
    static func leavesDoubts(_ conversion: Converter.Conversion) -> Bool {
        guard case let .success(report) = conversion.report else { return true }
        return !ReadingDoubts(report).isEmpty
    }

    /// Reads an attachment's bytes with the reader of its format; a document no reader takes as an
    /// attachment (a spreadsheet, OFD, an archive) is refused.
    public static func readAttachment(
        _ response: HTTPResponse, page: String, extension ext: String? = nil, converter: Converter = Converter(),
        options: ConversionOptions = ConversionOptions()
    ) throws(NianbaoError) -> AnnualReport {
        let ext = ext ?? attachmentExtension(of: response, converter.readers) ?? "pdf"
        let path = WebAddress.withoutUserinfo(response.url)
        guard converter.readers.attachmentExtensions.contains(ext) else {
            throw .unsupportedAttachment(url: path, kind: ext, page: WebAddress.withoutUserinfo(page))
        }
        guard !response.body.isEmpty else { throw .emptyInput(path: path) }
        var known = options
        known.format = try format(of: response, converter.readers)
        return try converter.conversion(of: ReaderInput(bytes: response.body, path: path, options: known)).report.get()
    }

    /// The format of a fetched response, its content first: a `%PDF` header is a PDF and HTML
    /// markup is HTML whatever the address ends in; then the Content-Type (PDF, HTML, plain text);
    /// then the address's extension and the bytes, as for a file.
    public static func format(of response: HTTPResponse, _ readers: ReaderRegistry = .standard) throws(NianbaoError) -> InputFormat {
        if DocumentReader.containsPDFHeader(response.body) { return .pdf }
        if readers.reader(for: .html)?.recognises(response.body) == true { return .html }
        let type = response.contentType?.lowercased() ?? ""
        if type.contains("application/pdf") { return .pdf }
        if type.contains("html") { return .html }
        let path = WebAddress.withoutUserinfo(response.url)
        if type.contains("text/plain") { return try readers.detect(path: path, bytes: response.body) == .md ? .md : .txt }
        return try readers.detect(path: path, bytes: response.body)
    }

    /// The attachment a response is (by its Content-Type, its first bytes or its address), as the
    /// extension of its format; nil for a page.
    static func attachmentExtension(of response: HTTPResponse, _ readers: ReaderRegistry) -> String? {
        let type = response.contentType?.lowercased() ?? ""
        if type.contains("application/pdf") || response.body.starts(with: Array("%PDF".utf8)) { return "pdf" }
        if type.contains("msword") { return "doc" }
        if type.contains("wordprocessingml") { return "docx" }
        if type.contains("rtf") { return "rtf" }
        if type.contains("wps-office") || type.contains("kswps") { return "wps" }
        if type.contains("text/html") || type.contains("text/plain") { return nil }
        return readers.attachmentExtension(of: DocumentLink(url: response.url, text: ""))
    }

    static func hasTableValues(_ report: AnnualReport) -> Bool {
        TableID.allCases.contains { id in report.tables[id].values.contains { $0.number != nil } }
    }

    /// The attachment most likely to be the report: one that names a report, a PDF before others.
    static func bestAttachment(_ links: [DocumentLink], _ readers: ReaderRegistry) -> DocumentLink? {
        func score(_ link: DocumentLink) -> Int? {
            guard let ext = readers.attachmentExtension(of: link) else { return nil }
            let label = link.text + (link.title ?? "")
            return (label.contains("报告") || label.contains("年报") ? 2 : 0) + (ext == "pdf" ? 1 : 0)
        }
        var best: (link: DocumentLink, score: Int)?
        for link in links {
            guard let s = score(link) else { continue }
            if best == nil || s > best!.score { best = (link, s) }
        }
        return best?.link
    }
}
