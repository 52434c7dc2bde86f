import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// What a batch asks a worker process to do: read one input and return its report.
public struct WorkerRequest: Codable, Equatable, Sendable {
    /// A path or an http(s) URL, as the batch names it.
    public var source: String
    public var isURL: Bool
    /// How to read it.
    public var options: ConversionOptions
    /// Set by `nianbao serve`: `source` is then a file the server saved, read as this says.
    public var served: ServedInput?
    /// Set by `nianbao serve` for a served input: draw the pages of a PDF report that hold its
    /// cells within these limits (``ReportPages``).
    public var pageImages: PageImageLimits?
    /// A random number the ``WorkerPool`` gives the request; its reply gives it back.
    public var id: UInt64?

    public init(source: String, isURL: Bool, options: ConversionOptions, served: ServedInput? = nil, pageImages: PageImageLimits? = nil) {
        self.source = source
        self.isURL = isURL
        self.options = options
        self.served = served
        self.pageImages = pageImages
    }
}

/// What `nianbao serve` asks a worker to read, from a file of its private temporary folder.
public enum ServedInput: Codable, Equatable, Sendable {
    /// An upload, named `name` in messages and output (a label, never a path).
    case upload(name: String)
    /// A fetched page (its body is the file): its report, or the attachment it links.
    case page(FetchedResponse)
    /// A fetched attachment of the page at `page`.
    case attachment(FetchedResponse, page: String)
    /// A fetched page again, with the pictures of its main content its first reading asked for,
    /// fetched (``WorkerReply/pictures``).
    case pictured(FetchedResponse, pictures: PagePictures)

    /// The upload's name or the response's address.
    public var label: String {
        switch self {
        case let .upload(name): return name
        case let .page(response), let .attachment(response, _), let .pictured(response, _): return response.url
        }
    }
}

/// A fetched response but its body, which travels as a file.
public struct FetchedResponse: Codable, Equatable, Sendable {
    public var url: String
    public var status: Int
    public var headers: [String: String]
    public var redirects: [String]

    public init(_ response: HTTPResponse) {
        url = response.url
        status = response.status
        headers = response.headers
        redirects = response.redirects
    }

    public func response(body: [UInt8]) -> HTTPResponse {
        HTTPResponse(url: url, status: status, headers: headers, body: body, redirects: redirects)
    }
}

/// Why an input of a batch produced no output: a one-line message naming the input.
public struct BatchFailure: Codable, Equatable, Error, Sendable, CustomStringConvertible {
    public var message: String
    /// True when an output (not the input) was at fault: exit status 3 rather than 2.
    public var isOutputError: Bool

    public init(message: String, isOutputError: Bool = false) {
        self.message = message
        self.isOutputError = isOutputError
    }

    public init(_ error: NianbaoError) {
        message = error.description
        if case .unwritableOutput = error { isOutputError = true } else { isOutputError = false }
    }

    public var description: String { message }
}

/// A worker's answer: the report, or why there is none.
public struct WorkerReply: Codable, Sendable {
    /// The ``WorkerRequest/id`` of the request it answers.
    public var id: UInt64?
    public var report: AnnualReport?
    public var failure: BatchFailure?
    /// Of a served page without table values of its own: the address of the attachment it links.
    public var attachment: String?
    /// The pages of a served PDF report that hold its cells, when the request asked for them.
    public var pages: ReportPages?
    /// Of a served page whose text leaves doubts: the pictures of its main content to fetch.
    public var pictures: PagePictures?

    public init(report: AnnualReport) {
        self.report = report
    }

    public init(attachment: String) {
        self.attachment = attachment
    }

    public init(pictures: PagePictures) {
        self.pictures = pictures
    }

    public init(failure: BatchFailure) {
        self.failure = failure
    }

    /// The reply as a result.
    public var result: Result<AnnualReport, BatchFailure> {
        if let report { return .success(report) }
        return .failure(failure ?? BatchFailure(message: "the worker answered with neither a report nor an error"))
    }
}

/// One message a line: JSON without line breaks (JSON escapes those inside strings), with
/// non-finite numbers spelt out so that a value read as infinite survives the trip unchanged.
public enum WorkerWire {
    static let nonFinite = (positive: "+Infinity", negative: "-Infinity", nan: "NaN")

    public static func line(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public static func decode<T: Decodable>(_ type: T.Type, from line: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return try decoder.decode(type, from: line)
    }
}
