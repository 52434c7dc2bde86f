import ArgumentParser
import Foundation
import NianbaoKit

struct Scrape: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download and convert the annual reports a government listing page links to.",
        discussion: """
            Finds the report links on LISTING_URL and its other pages (下一页, page numbers, TRS \
            createPageHTML): links whose text or title names 年度报告 / 信息公开年报 and a year. Each \
            report page, and the attachment a page only links to, is saved under DIR/files/, converted \
            into DIR/json/, and recorded in DIR/manifest.jsonl (address, time, HTTP status, sha256, file, \
            conversion result). A re-run skips what is already there with its sha256 intact. The pictures \
            of a report page whose text leaves a doubt (tables pasted as screenshots) are fetched as \
            politely, at most 20 a page, and read by OCR in place; they are not saved.

            Polite by default: robots.txt is honoured for every address and every redirect (addresses \
            normalised first: dot segments, percent-encodings; each host's own robots.txt, read up to \
            512 KiB), one request at a time with --delay seconds between two requests to a host, retries \
            with doubling back-off on 5xx/429 answers and timeouts (Retry-After honoured up to 60 s), at \
            most --max-requests requests: once reached, nothing more is requested and the rest is left for \
            a re-run. The manifest is appended to as the run goes. Credentials in an address are never \
            recorded. One failure never stops the run; a summary ends it. Exit status 0 when everything \
            was downloaded and converted, 4 when anything failed or was left undone, 3 when DIR cannot be written.
            """)

    @Argument(help: "The listing page's http(s) URL.")
    var listing: String

    @Option(name: .long, help: "The folder for downloads, conversions and the manifest.")
    var out: String

    @Option(name: .long, help: "Output formats, comma-separated: json.")
    var to: String = "json"

    @Option(name: .long, help: "Only reports on this year or later.")
    var since: Int?

    @Option(name: .long, help: "Seconds between two requests to the same host (0 to 3600).")
    var delay: Double = 1

    @Option(name: .long, help: "Retries of a request that got a 5xx answer or timed out (0 to 100).")
    var retries: Int = 2

    @Option(name: .long, help: "Requests the run may make in all.")
    var maxRequests: Int = 500

    @Option(name: .long, help: "Listing pages visited at most.")
    var maxPages: Int = 50

    @Option(name: .long, help: "Seconds allowed for each request (0.001 to 86400).")
    var timeout: Double = 30

    @Option(name: .long, help: "Largest response accepted, in bytes.")
    var maxBytes: Int = 50 * 1024 * 1024

    /// The outputs `--to` names, one file per report each, by the command line's writers.
    func outputs() throws -> [ScrapeOutput] {
        let names = to.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--to names no format; use --to json") }
        let writers = Nianbao.converter.writers
        return try names.map { name in
            guard let writer = writers.writer(for: OutputFormat(rawValue: name)) else {
                throw ValidationError("'\(name)' output is not available; --to takes: \(writers.names.joined(separator: ", "))")
            }
            return ScrapeOutput(name: name, fileExtension: writer.extensions.first ?? name) { writer.render([$0], options: RenderOptions()) }
        }
    }

    func validate() throws {
        guard isURL(listing) else { throw ValidationError("LISTING_URL must be an http:// or https:// address") }
        _ = try outputs()
        try OptionCheck.number(delay, "--delay", in: OptionCheck.delay)
        try OptionCheck.number(timeout, "--timeout", in: OptionCheck.timeout)
        try OptionCheck.integer(retries, "--retries", in: 0...100)
        try OptionCheck.integer(maxRequests, "--max-requests", in: 1...Int.max)
        try OptionCheck.integer(maxPages, "--max-pages", in: 1...Int.max)
        try OptionCheck.maxBytes(maxBytes)
        if let since { try OptionCheck.integer(since, "--since", in: 1900...9999) }
    }

    func run() async throws {
        let fetcher = HTTPFetcher(options: HTTPFetcher.Options(timeout: timeout, maxBytes: maxBytes))
        let client = PoliteClient(fetcher: fetcher, options: PoliteClient.Options(delay: delay, retries: retries, maxRequests: maxRequests))
        let scraper = Scraper(client: client, options: Scraper.Options(directory: out, since: since, maxListingPages: maxPages, outputs: try outputs()))
        do {
            let summary = try await scraper.run(listing: listing) { line in printError(line) }
            FileHandle.standardOutput.write(Data(summary.text.utf8))
            if summary.isIncomplete { throw ExitCode(ExitStatus.scrapeIncomplete) }
        } catch let error as NianbaoError {
            printError(error.description)
            throw exitStatus(for: error)
        }
    }
}
