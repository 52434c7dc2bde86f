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

    public init(source: String, isURL: Bool, options: ConversionOptions) {
        self.source = source
        self.isURL = isURL
        self.options = options
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
    public var report: AnnualReport?
    public var failure: BatchFailure?

    public init(report: AnnualReport) {
        self.report = report
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
