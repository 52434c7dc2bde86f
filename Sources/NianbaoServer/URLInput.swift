import Foundation
import NianbaoKit

/// A report given by its address (`?url=`): fetched with NianbaoKit's ``HTTPFetcher`` (only
/// public addresses unless the server allows others, each request within the time limit and the
/// upload limit) and read as `nianbao convert URL` reads it (``RemoteReport``: the page, or the
/// attachment it links the report as), each reading within the limits of conversions.
struct URLInput: Sendable {
    let converter: Converter
    let limiter: ConversionLimiter
    let fetcher: HTTPFetcher
    let timeLimit: Double
    /// Conversions in worker processes; nil: in this process.
    let workers: ServerWorkers?

    init(converter: Converter, limiter: ConversionLimiter, settings: ServerSettings, workers: ServerWorkers?) {
        self.converter = converter
        self.limiter = limiter
        self.timeLimit = settings.timeLimit
        self.workers = workers
        fetcher = HTTPFetcher(options: HTTPFetcher.Options(
            timeout: settings.timeLimit, maxBytes: settings.maxUploadBytes, publicAddressesOnly: !settings.allowsPrivateURLs))
    }

    /// The longest address accepted.
    static let maxLength = 4_096

    /// The report at `address`, an http(s) URL.
    func report(at address: String) async throws(APIError) -> AnnualReport {
        guard address.utf8.count <= Self.maxLength, let url = WebAddress.normalized(address) else {
            throw .badRequest("url must be an http:// or https:// address of at most \(Self.maxLength) bytes")
        }
        guard await !limiter.isFull else { throw .busy }
        let page = try await fetch(url)
        if let workers { return try await report(at: page, workers) }
        let converter = self.converter
        var content = try await limited { () throws(NianbaoError) in try RemoteReport.interpret(page, converter: converter) }
        if case let .pictures(wanted) = content {
            let pictures = await self.pictures(wanted)
            content = try await limited { () throws(NianbaoError) in try RemoteReport.interpret(page, converter: converter, pictures: pictures) }
        }
        switch content {
        case let .report(report):
            return report
        case .pictures:
            throw .unreadable(.notAnnualReport(path: WebAddress.withoutUserinfo(page.url), reason: "its pictures were fetched but not read"))
        case let .attachment(link):
            let attachment = try await fetch(link.url)
            return try await limited { () throws(NianbaoError) in try RemoteReport.readAttachment(attachment, page: page.url, converter: converter) }
        }
    }

    /// The report of a fetched page, each reading in a worker.
    func report(at page: HTTPResponse, _ workers: ServerWorkers) async throws(APIError) -> AnnualReport {
        var reply = try await isolated(workers, .page(FetchedResponse(page)), bytes: page.body)
        if let wanted = reply.pictures {
            reply = try await isolated(workers, .pictured(FetchedResponse(page), pictures: await pictures(wanted)), bytes: page.body)
        }
        if let report = reply.report { return report }
        guard let link = reply.attachment else { throw .workerFailed("the worker answered with neither a report nor an error") }
        let attachment = try await fetch(link)
        let read = try await isolated(workers, .attachment(FetchedResponse(attachment), page: page.url), bytes: attachment.body)
        guard let report = read.report else { throw .workerFailed("the worker answered with no report for the attachment") }
        return report
    }

    /// `bytes` read as `served` by a worker, within the limits of conversions (the worker keeps the time limit).
    func isolated(_ workers: ServerWorkers, _ served: ServedInput, bytes: [UInt8], pageImages: PageImageLimits? = nil) async throws(APIError) -> WorkerReply {
        guard let result = await limiter.run({ workers.run(served, bytes: bytes, pageImages: pageImages) }) else { throw .busy }
        return try result.get()
    }

    /// The pictures of a page's main content, fetched as its attachment would be.
    func pictures(_ wanted: PagePictures) async -> PagePictures {
        let fetcher = self.fetcher
        return await wanted.fetched(limit: ConversionOptions.defaultMaxPictures) { (url: String) async throws(NianbaoError) in
            try await fetcher.get(url)
        }
    }

    /// One address fetched; an error status, a refused address or a failed request as the API's error.
    func fetch(_ url: String) async throws(APIError) -> HTTPResponse {
        let response: HTTPResponse
        do throws(NianbaoError) {
            response = try await fetcher.get(url)
        } catch {
            throw APIError(fetching: error)
        }
        guard response.isSuccess else {
            throw .fetchFailed(.fetchFailed(url: WebAddress.withoutUserinfo(response.url), failure: .httpStatus(response.status)))
        }
        return response
    }

    /// `work` within the limits of conversions and the time limit.
    func limited<T: Sendable>(_ work: @escaping @Sendable () throws(NianbaoError) -> T) async throws(APIError) -> T {
        let outcome = await limiter.run(timeLimit: timeLimit) { () -> Result<T, NianbaoError> in
            do throws(NianbaoError) { return .success(try work()) } catch { return .failure(error) }
        }
        switch outcome {
        case .busy: throw .busy
        case .timedOut: throw .timedOut(seconds: timeLimit)
        case let .done(.success(value)): return value
        case let .done(.failure(error)): throw .unreadable(error)
        }
    }
}

extension APIError {
    /// A failed fetch: a refused address is 403, a response over the upload limit 413, a time
    /// limit 504, anything else 502.
    init(fetching error: NianbaoError) {
        switch error {
        case .fetchFailed(_, .nonPublicAddress): self = .forbiddenAddress(error)
        case .fetchFailed(_, .tooLarge): self = .fetchTooLarge(error)
        case .fetchFailed(_, .unsupportedURL): self = .badRequest(error.description)
        case .fetchFailed(_, .timeout): self = .fetchTimedOut(error)
        default: self = .fetchFailed(error)
        }
    }
}
