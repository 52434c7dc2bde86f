import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// An output format a scrape writes each converted report in (json now; more formats plug in here).
public struct ScrapeOutput: Sendable {
    public var name: String
    public var fileExtension: String
    public var render: @Sendable (AnnualReport) -> String

    public init(name: String, fileExtension: String, render: @escaping @Sendable (AnnualReport) -> String) {
        self.name = name
        self.fileExtension = fileExtension
        self.render = render
    }
}

/// Crawls a listing of annual reports (and its pagination), downloads every report page and
/// attachment into a folder with a manifest, and converts each. Resumable: what the manifest records
/// as downloaded, whose file still has its sha256, is not fetched again. One failure never stops the
/// run, and a failed download never replaces a good file.
public struct Scraper: Sendable {
    public struct Options: Sendable {
        public var directory: String
        /// Only reports of this year or later (the year the link names).
        public var since: Int?
        /// Listing pages visited at most.
        public var maxListingPages: Int
        public var outputs: [ScrapeOutput]

        public init(directory: String, since: Int? = nil, maxListingPages: Int = 50, outputs: [ScrapeOutput]) {
            self.directory = directory
            self.since = since
            self.maxListingPages = maxListingPages
            self.outputs = outputs
        }
    }

    /// What a run did.
    public struct Summary: Sendable {
        public var listingPages = 0
        public var reportLinks = 0
        public var downloaded = 0
        /// Downloads skipped because the folder already had them, valid.
        public var alreadyPresent = 0
        public var converted = 0
        public var requests = 0
        /// Address and reason of every failure.
        public var failures: [(url: String, reason: String)] = []
        /// The bound on requests (`--max-requests`) when it was reached: the run then stops
        /// requesting, and addresses not already downloaded are left for a later run.
        public var requestBound: Int?
        /// Addresses (listing pages, reports, attachments) not fetched because the bound was reached.
        public var notVisited = 0

        /// Whether something was left undone: a failure, no listing page read, or the bound reached.
        public var isIncomplete: Bool { !failures.isEmpty || listingPages == 0 || requestBound != nil }

        public var text: String {
            var lines = [
                "listing pages: \(listingPages), report links: \(reportLinks)",
                "downloaded: \(downloaded), already present: \(alreadyPresent), converted: \(converted), requests: \(requests)",
            ]
            if let requestBound {
                lines.append("stopped: the bound of \(requestBound) requests was reached (raise --max-requests); \(notVisited) address(es) not visited, left for a re-run")
            }
            lines.append("failed: \(failures.count)")
            lines += failures.map { "  \(WebAddress.withoutUserinfo($0.url)): \($0.reason)" }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    let client: PoliteClient
    let options: Options
    let store: DownloadStore

    /// Reads what is downloaded (its readers) and writes the outputs.
    public var converter = Converter()

    public init(client: PoliteClient, options: Options) {
        self.client = client
        self.options = options
        store = DownloadStore(directory: options.directory)
    }

    /// Runs the scrape of `listing`; `log` gets one line per step.
    public func run(listing: String, log: @Sendable (String) -> Void = { _ in }) async throws(NianbaoError) -> Summary {
        do {
            try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
        } catch {
            throw .unwritableOutput(path: options.directory, reason: "cannot create the folder")
        }
        var manifest = ScrapeManifest(directory: options.directory)
        try manifest.compact()
        var summary = Summary()
        let (reports, listingOK) = await crawlListing(WebAddress.normalized(listing) ?? listing, &manifest, &summary, log)
        if listingOK {
            let selected = reports.filter { options.since == nil || $0.year >= options.since! }
            summary.reportLinks = selected.count
            log("\(selected.count) report link(s) on \(summary.listingPages) listing page(s)")
            for found in selected { await process(found, &manifest, &summary, log) }
        }
        summary.requests = await client.requestCount
        try manifest.finish()
        return summary
    }

    /// The listing and its pagination: the report links found, in page order, each address once,
    /// and whether any listing page was read. Linear in the links found (sets, not list searches).
    private func crawlListing(
        _ listing: String, _ manifest: inout ScrapeManifest, _ summary: inout Summary, _ log: @Sendable (String) -> Void
    ) async -> ([ReportLinks.Found], Bool) {
        var queue = [listing]
        var next = 0
        var queued: Set<String> = [listing]
        var reports: [ReportLinks.Found] = []
        var reportURLs = Set<String>()
        while next < queue.count, summary.listingPages < options.maxListingPages, summary.requestBound == nil {
            let url = queue[next]
            next += 1
            guard let (entry, bytes) = await download(url, kind: .listing, label: nil, year: nil, reuse: false, &manifest, &summary, log) else {
                continue
            }
            summary.listingPages += 1
            do {
                let page = try HTMLPage(bytes: bytes, charset: entry.contentType.flatMap(HTMLCharset.charset(fromContentType:)), url: entry.finalURL ?? url, path: url)
                let links = page.links
                for found in ReportLinks.reports(in: links) where reportURLs.insert(found.link.url).inserted {
                    reports.append(found)
                }
                for page in ReportLinks.pagination(of: page, links: links) where queued.insert(page).inserted { queue.append(page) }
            } catch {
                summary.failures.append((url, error.description))
            }
        }
        return (reports, summary.listingPages > 0)
    }

    private func process(_ found: ReportLinks.Found, _ manifest: inout ScrapeManifest, _ summary: inout Summary, _ log: @Sendable (String) -> Void) async {
        let kind: ScrapeManifest.Entry.Kind = found.link.attachmentKind == nil ? .page : .attachment
        guard let (downloaded, bytes) = await download(found.link.url, kind: kind, label: found.label, year: found.year, reuse: true, &manifest, &summary, log) else { return }
        var entry = downloaded
        let response = HTTPResponse(url: entry.finalURL ?? entry.url, status: entry.httpStatus ?? 200, headers: entry.contentType.map { ["content-type": $0] } ?? [:], body: bytes)
        do throws(NianbaoError) {
            let client = self.client
            let content = try await RemoteReport.interpret(response, converter: converter) { (url: String) async throws(NianbaoError) in
                try await client.get(url)
            }
            switch content {
            case let .report(report):
                entry.conversion = try write(report, for: entry)
                summary.converted += 1
                manifest.record(entry)
            case .pictures:
                throw NianbaoError.notAnnualReport(path: entry.url, reason: "its pictures were fetched but not read")
            case let .attachment(link):
                entry.conversion = ScrapeManifest.Conversion(status: .attachment, attachment: link.url)
                manifest.record(entry)
                guard let (attachmentEntry, attachmentBytes) = await download(link.url, kind: .attachment, label: found.label, year: found.year, reuse: true, &manifest, &summary, log) else { return }
                var attachment = attachmentEntry
                let attached = HTTPResponse(url: attachment.finalURL ?? link.url, status: 200, headers: attachment.contentType.map { ["content-type": $0] } ?? [:], body: attachmentBytes)
                do {
                    let report = try RemoteReport.readAttachment(attached, page: entry.url, converter: converter)
                    attachment.conversion = try write(report, for: attachment)
                    summary.converted += 1
                } catch {
                    attachment.conversion = ScrapeManifest.Conversion(status: .failed, error: error.description)
                    summary.failures.append((link.url, error.description))
                    log("failed: \(error.description)")
                }
                manifest.record(attachment)
            }
        } catch {
            entry.conversion = ScrapeManifest.Conversion(status: .failed, error: error.description)
            manifest.record(entry)
            summary.failures.append((entry.url, error.description))
            log("failed: \(error.description)")
        }
    }

    /// Writes a report in every output format beside the download's name.
    private func write(_ report: AnnualReport, for entry: ScrapeManifest.Entry) throws(NianbaoError) -> ScrapeManifest.Conversion {
        let base = ((entry.file ?? "files/report") as NSString).lastPathComponent
        var outputs: [String] = []
        for output in options.outputs {
            let relative = "\(output.name)/\(base).\(output.fileExtension)"
            try store.write(Array(output.render(report).utf8), to: relative)
            outputs.append(relative)
        }
        return ScrapeManifest.Conversion(
            status: .converted, outputs: outputs, agency: report.metadata.agency, year: report.metadata.year,
            template: report.metadata.template.rawValue, checksFailed: report.checks.filter { $0.status == .fail }.count)
    }

    /// The bytes of `url`: from the folder when the manifest says they are there and valid (and
    /// `reuse`), else downloaded. A failed download is recorded and leaves any file as it was.
    private func download(
        _ url: String, kind: ScrapeManifest.Entry.Kind, label: String?, year: Int?, reuse: Bool, _ manifest: inout ScrapeManifest,
        _ summary: inout Summary, _ log: @Sendable (String) -> Void
    ) async -> (ScrapeManifest.Entry, [UInt8])? {
        let named = WebAddress.withoutUserinfo(url)
        if reuse, let known = manifest.entry(for: url), let file = known.file, let sha = known.sha256, known.error == nil,
            let bytes = store.validBytes(file, sha256: sha)
        {
            summary.alreadyPresent += 1
            log("already present: \(named)")
            return (known, bytes)
        }
        // Once the bound on requests is reached nothing more is requested (nor recorded).
        guard summary.requestBound == nil else {
            summary.notVisited += 1
            return nil
        }
        var entry = ScrapeManifest.Entry(url: url, kind: kind, fetchedAt: ISO8601DateFormatter().string(from: Date()), label: label, year: year)
        if let previous = manifest.entry(for: url) { entry.file = previous.file; entry.sha256 = previous.sha256 }
        do throws(NianbaoError) {
            let response = try await client.get(url)
            entry.finalURL = response.url
            entry.httpStatus = response.status
            entry.contentType = response.contentType
            guard response.isSuccess else { throw .fetchFailed(url: named, failure: .httpStatus(response.status)) }
            let file = store.fileName(for: named, contentType: response.contentType)
            try store.write(response.body, to: file)
            entry.file = file
            entry.sha256 = SHA256.hex(response.body)
            entry.bytes = response.body.count
            manifest.record(entry)
            summary.downloaded += 1
            log("downloaded: \(named) (\(response.body.count) bytes)")
            return (entry, response.body)
        } catch {
            if case let .fetchFailed(_, .requestBudgetExhausted(limit)) = error {
                summary.requestBound = limit
                summary.notVisited += 1
                log("stopped: the bound of \(limit) requests was reached")
                return nil
            }
            entry.error = error.description
            manifest.record(entry)
            summary.failures.append((url, error.description))
            log("failed: \(error.description)")
            return nil
        }
    }
}
