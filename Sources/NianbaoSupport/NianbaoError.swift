/// Errors a user can act on; each message names the input and what to do.
public enum NianbaoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadableInput(path: String, reason: String)
    /// The input's format is not one nianbao reads (yet).
    case unsupportedFormat(path: String, detail: String)
    /// The bytes are not text in any encoding nianbao recognises.
    case undecodableText(path: String)
    /// The input is empty.
    case emptyInput(path: String)
    /// Bytes that are not valid in the encoding the page declares or was detected in; reading on would
    /// drop or garble part of the document.
    case invalidEncoding(path: String, detail: String)
    /// A URL could not be fetched.
    case fetchFailed(url: String, failure: FetchFailure)
    /// The report is only attached to a page, in a format nianbao does not read.
    case unsupportedAttachment(url: String, kind: String, page: String)
    /// The document was read but is not a 政府信息公开工作年度报告.
    case notAnnualReport(path: String, reason: String)
    /// The output could not be written; nothing was left half-written.
    case unwritableOutput(path: String, reason: String)
    /// The PDF is encrypted and no password was given.
    case encryptedPDF(path: String)
    /// The password given does not open the PDF.
    case wrongPassword(path: String)
    /// The PDF has pages but no text (a scan), and OCR was not to run (`--ocr never`).
    case noTextLayer(path: String)
    /// A scan or image needs OCR, and Tesseract or its trained data is not installed (`reason`).
    case ocrUnavailable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableInput(path, reason):
            return "\(path): cannot read the file (\(reason))"
        case let .unsupportedFormat(path, detail):
            return "\(path): unsupported input format: \(detail)"
        case let .undecodableText(path):
            return "\(path): the text is neither UTF-8 nor GB18030/GBK; re-save it as UTF-8 and try again"
        case let .emptyInput(path):
            return "\(path): the input is empty"
        case let .invalidEncoding(path, detail):
            return "\(path): the text cannot be decoded without losing part of it (\(detail)); check the page's charset or re-save it as UTF-8"
        case let .fetchFailed(url, failure):
            return "\(url): cannot fetch (\(failure))"
        case let .unsupportedAttachment(url, kind, page):
            return "\(page): the report is only attached, as \(url), a .\(kind) file, which nianbao does not read (it reads HTML, PDF, Word and text); save it as PDF and convert that"
        case let .notAnnualReport(path, reason):
            return "\(path): not a government information disclosure annual report (\(reason))"
        case let .unwritableOutput(path, reason):
            return "\(path): cannot write the output (\(reason)); nothing was written"
        case let .encryptedPDF(path):
            return "\(path): the PDF is encrypted; give its password with --password"
        case let .wrongPassword(path):
            return "\(path): the password does not open this PDF"
        case let .noTextLayer(path):
            return "\(path): the PDF has no text layer (a scanned image?) and --ocr never was given"
        case let .ocrUnavailable(path, reason):
            return "\(path): a scan needs OCR, and \(reason); install the Debian packages tesseract-ocr-chi-sim and tesseract-ocr-eng (they bring libtesseract5)"
        }
    }
}
