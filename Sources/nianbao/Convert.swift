import ArgumentParser
import NianbaoKit

/// Output formats of `convert`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json
}

struct Convert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a report to JSON.",
        discussion: """
            FILE is a report as HTML (.html, .htm, .shtml), a .txt or .md extraction, - to read standard \
            input, or an http(s) URL: the page is fetched (redirects followed up to 5, --timeout, a 50 MB \
            limit) and read as a file; a page that only links the report as an attachment has the \
            attachment fetched instead (PDF; DOC, DOCX and WPS are refused). The JSON goes to \
            standard output, or with -o to a file, written whole or not at all; with -o the format follows \
            the file's extension unless --to is given. The JSON is described in schema/report.schema.json.
            """)

    @Argument(help: "The report file, - for standard input, or an http(s) URL.")
    var file: String

    @Option(name: .long, help: "Seconds allowed for each HTTP request when FILE is a URL.")
    var timeout: Double = 30

    @Option(name: .long, help: "Output format: json.")
    var to: OutputFormat?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Write JSON on one line.")
    var compact = false

    func validate() throws {
        if to == nil, let output, output != "-", outputFormat(of: output) == nil {
            throw ValidationError("cannot tell the output format from '\(output)'; name it .json or pass --to json")
        }
    }

    /// The report of the file, or of the page or attachment at the URL.
    func read() async throws(NianbaoError) -> AnnualReport {
        guard isURL(file) else { return try DocumentReader.report(file) }
        let fetcher = HTTPFetcher(options: HTTPFetcher.Options(timeout: timeout))
        return try await RemoteReport.read(file, fetcher: fetcher).report
    }

    func outputFormat(of path: String) -> OutputFormat? {
        guard let dot = path.lastIndex(of: ".") else { return nil }
        return OutputFormat(rawValue: path[path.index(after: dot)...].lowercased())
    }

    func run() async throws {
        do {
            let report = try await read()
            let text: String
            switch to ?? output.flatMap(outputFormat(of:)) ?? .json {
            case .json: text = ReportJSON.value(of: report).serialized(pretty: !compact) + "\n"
            }
            try emit(text, to: output)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
    }
}
