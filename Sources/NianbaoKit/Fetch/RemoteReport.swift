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

    /// Fetches `url` and reads the report in it.
    public static func read(_ url: String, fetcher: HTTPFetcher) async throws(NianbaoError) -> Reading {
        let page = try await fetcher.get(url)
        guard page.isSuccess else { throw .fetchFailed(url: WebAddress.withoutUserinfo(page.url), failure: .httpStatus(page.status)) }
        switch try interpret(page) {
        case let .report(report):
            return Reading(report: report, page: page)
        case let .attachment(link):
            let attachment = try await fetcher.get(link.url)
            guard attachment.isSuccess else { throw .fetchFailed(url: WebAddress.withoutUserinfo(attachment.url), failure: .httpStatus(attachment.status)) }
            return Reading(report: try readAttachment(attachment, page: page.url), page: page, attachment: attachment)
        }
    }

    /// What a fetched page holds.
    public enum Content: Sendable {
        case report(AnnualReport)
        /// The page has no table values of its own but links this attachment.
        case attachment(HTMLLink)
    }

    /// Reads a fetched response: a report (HTML, PDF, text), or the attachment an HTML page points to.
    public static func interpret(_ response: HTTPResponse) throws(NianbaoError) -> Content {
        if let kind = attachmentKind(of: response) {
            return .report(try readAttachment(response, page: response.url, kind: kind))
        }
        let path = WebAddress.withoutUserinfo(response.url)
        guard !response.body.isEmpty else { throw .emptyInput(path: path) }
        let format = try format(of: response)
        let read = { () throws(NianbaoError) in
            try ReportReader.report(bytes: response.body, path: path, charset: response.charset, url: response.url, format: format)
        }
        guard format == .html else { return .report(try read()) }
        let parsed = Result(catching: read)
        if case let .success(report) = parsed, hasTableValues(report) { return .report(report) }
        let page = try HTMLPage(bytes: response.body, charset: response.charset, url: response.url, path: path)
        if let link = bestAttachment(page.contentLinks) { return .attachment(link) }
        return .report(try parsed.get())
    }

    /// The attachment kinds read: PDF, and Word (DOCX natively; DOC, WPS, RTF through LibreOffice).
    static let readableKinds: Set<HTMLLink.AttachmentKind> = [.pdf, .docx, .doc, .wps, .rtf]

    /// Reads an attachment's bytes: PDF and Word through ``DocumentReader``; other kinds are refused.
    public static func readAttachment(_ response: HTTPResponse, page: String, kind: HTMLLink.AttachmentKind? = nil) throws(NianbaoError) -> AnnualReport {
        let kind = kind ?? attachmentKind(of: response) ?? .pdf
        let path = WebAddress.withoutUserinfo(response.url)
        guard readableKinds.contains(kind) else { throw .unsupportedAttachment(url: path, kind: kind.rawValue, page: WebAddress.withoutUserinfo(page)) }
        guard !response.body.isEmpty else { throw .emptyInput(path: path) }
        return try ReportReader.report(bytes: response.body, path: path, format: format(of: response))
    }

    /// The format of a fetched response, its content first: a `%PDF` header is a PDF and HTML
    /// markup is HTML whatever the address ends in; then the Content-Type (PDF, HTML, plain text);
    /// then the address's extension and the bytes, as for a file.
    public static func format(of response: HTTPResponse) throws(NianbaoError) -> InputFormat {
        if DocumentReader.containsPDFHeader(response.body) { return .pdf }
        if InputFormat.sniff(response.body) == .html { return .html }
        let type = response.contentType?.lowercased() ?? ""
        if type.contains("application/pdf") { return .pdf }
        if type.contains("html") { return .html }
        let path = WebAddress.withoutUserinfo(response.url)
        if type.contains("text/plain") { return try InputFormat.detect(path: path, bytes: response.body) == .md ? .md : .txt }
        return try InputFormat.detect(path: path, bytes: response.body)
    }

    /// The attachment kind a response is, by its Content-Type, its first bytes or its address.
    static func attachmentKind(of response: HTTPResponse) -> HTMLLink.AttachmentKind? {
        let type = response.contentType?.lowercased() ?? ""
        if type.contains("application/pdf") || response.body.starts(with: Array("%PDF".utf8)) { return .pdf }
        if type.contains("msword") { return .doc }
        if type.contains("wordprocessingml") { return .docx }
        if type.contains("rtf") { return .rtf }
        if type.contains("wps-office") || type.contains("kswps") { return .wps }
        if type.contains("text/html") || type.contains("text/plain") { return nil }
        return HTMLLink.fileExtension(ofURL: response.url).flatMap(HTMLLink.AttachmentKind.init(rawValue:))
    }

    static func hasTableValues(_ report: AnnualReport) -> Bool {
        TableID.allCases.contains { id in report.tables[id].values.contains { $0.number != nil } }
    }

    /// The attachment most likely to be the report: one that names a report, a PDF before others.
    static func bestAttachment(_ links: [HTMLLink]) -> HTMLLink? {
        let attachments = links.filter { $0.attachmentKind != nil }
        func score(_ link: HTMLLink) -> Int {
            let label = link.text + (link.title ?? "")
            var s = 0
            if label.contains("报告") || label.contains("年报") { s += 2 }
            if link.attachmentKind == .pdf { s += 1 }
            return s
        }
        var best: HTMLLink?
        for link in attachments where best == nil || score(link) > score(best!) { best = link }
        return best
    }
}
