import Foundation
import Hummingbird
import NianbaoKit

/// An uploaded report: its bytes (saved only in a worker's private temporary folder, removed after
/// its conversion, see ``ServerWorkers``), and the name it is known by in messages and output
/// (never a path the server opens).
struct Upload: Sendable {
    var bytes: [UInt8]
    var name: String

    /// The name when neither `filename` nor a known Content-Type names the format: the readers
    /// then tell it from the content.
    static let defaultName = "upload"

    /// Extensions of the media types a browser or curl sends, for files without a `filename`.
    static let extensionsByMediaType: [String: String] = [
        "application/pdf": "pdf", "text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt",
        "text/markdown": "md", "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/msword": "doc", "application/rtf": "rtf", "text/rtf": "rtf",
    ]

    /// The name of an upload: the `filename` query parameter (a label only: 1 to 255 bytes, no
    /// control characters), else `upload.EXT` for a known Content-Type, else `upload`.
    static func name(filename: String?, contentType: String?) throws(APIError) -> String {
        if let filename {
            guard !filename.isEmpty, filename.utf8.count <= 255,
                !filename.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw .badRequest("filename must be 1 to 255 bytes without control characters") }
            return filename
        }
        let mediaType = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let ext = mediaType.flatMap({ extensionsByMediaType[$0] }) { return "\(defaultName).\(ext)" }
        return defaultName
    }

    /// Reads the request's body, up to `limit` bytes: a larger body is answered 413 before more is read.
    static func read(_ request: Request, limit: Int) async throws(APIError) -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw .tooLarge(limit: limit)
        }
        do {
            var request = request
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw .tooLarge(limit: limit)
        } catch {
            throw .badRequest("the upload could not be read: \(error)")
        }
    }
}

/// What the API answers instead of a result, each with its status and a one-line message.
enum APIError: Error {
    /// Seconds as the command line takes them: 5, 0.5.
    static func format(_ seconds: Double) -> String {
        seconds.isFinite && abs(seconds) < 1e15 && seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    case badRequest(String)
    case tooLarge(limit: Int)
    case unreadable(NianbaoError)
    /// An input a worker could not read: its one-line message.
    case unreadableMessage(String)
    /// A worker that crashed, exited or could not run: what happened to it.
    case workerFailed(String)
    /// A conversion in a worker over the time limit (seconds): the worker was killed.
    case stopped(seconds: Double)
    case busy
    /// A conversion, or a request of a URL input, took longer than the time limit (seconds).
    case timedOut(seconds: Double)
    /// A URL input whose host is not at a public address, and the server allows only those.
    case forbiddenAddress(NianbaoError)
    /// A URL input that could not be fetched (an error status, no connection).
    case fetchFailed(NianbaoError)
    /// A URL input whose request took longer than the time limit.
    case fetchTimedOut(NianbaoError)
    /// A URL input whose response is larger than the upload limit.
    case fetchTooLarge(NianbaoError)

    var response: Response {
        switch self {
        case let .badRequest(message): return PlainText.response(.badRequest, message)
        case let .tooLarge(limit): return PlainText.response(.contentTooLarge, "the upload is larger than the limit of \(limit) bytes")
        case let .unreadable(error): return PlainText.response(.unprocessableContent, error.description)
        case let .unreadableMessage(message): return PlainText.response(.unprocessableContent, message)
        case let .workerFailed(message): return PlainText.response(.internalServerError, message + "; the server keeps serving")
        case let .stopped(seconds):
            return PlainText.response(.gatewayTimeout, "the conversion took longer than the time limit of \(Self.format(seconds)) s (--timeout) and was stopped")
        case .busy:
            return PlainText.response(.serviceUnavailable, "too many conversions at once; try again shortly", headers: [.retryAfter: "5"])
        case let .timedOut(seconds):
            return PlainText.response(.gatewayTimeout, "the conversion took longer than the time limit of \(Self.format(seconds)) s (--timeout) and was abandoned")
        case let .forbiddenAddress(error):
            return PlainText.response(.forbidden, error.description + "; this server fetches only public addresses (nianbao serve --allow-private-urls allows others)")
        case let .fetchFailed(error): return PlainText.response(.badGateway, error.description)
        case let .fetchTimedOut(error): return PlainText.response(.gatewayTimeout, error.description)
        case let .fetchTooLarge(error): return PlainText.response(.contentTooLarge, error.description + "; the limit is --max-upload-mb")
        }
    }
}
