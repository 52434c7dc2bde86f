import ArgumentParser
import NianbaoKit

/// Output formats of `convert`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, csv, html

    /// The format a file name's extension names (.json, .csv, .html or .htm).
    init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        self.init(rawValue: ext == "htm" ? "html" : ext)
    }
}

extension ReportCSV.Layout: ExpressibleByArgument {}

struct Convert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert reports to JSON, CSV or HTML.",
        discussion: """
            FILE is a report as PDF, HTML (.html, .htm, .shtml), a .txt or .md extraction, - to read \
            standard input, or an http(s) URL: the page is fetched (redirects followed up to 5, --timeout, \
            a 50 MB limit) and read as a file; a page that only links the report as an attachment has the \
            attachment fetched instead (PDF; DOC, DOCX and WPS are refused). The output goes to \
            standard output, or with -o to a file, written whole or not at all; with -o the format follows \
            the file's extension (.json, .csv, .html) unless --to is given.

            json: the report as described in schema/report.schema.json.
            csv:  --csv long (default): one record per cell (table, row and column keys, the template's \
            labels, value, printed text); --csv wide: one record per report, one column per cell key of \
            either template. RFC 4180, UTF-8; --bom adds a byte order mark for Excel. Several FILEs make \
            one CSV; an input that cannot be converted is reported on standard error and left out, the \
            CSV is written for the others, and the exit status is 2. When no input converts, nothing is written.
            html: a standalone page in the official form's layout for republication (--fragment: only the \
            <article>); --annotate marks the cells of failed 勾稽 checks.
            """)

    @Argument(help: "The report file(s), - for standard input, or http(s) URLs. Several only with CSV output.")
    var files: [String]

    @Option(name: .long, help: "Seconds allowed for each HTTP request when an input is a URL.")
    var timeout: Double = 30

    @Option(name: .long, help: "Output format.")
    var to: OutputFormat?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "JSON: write it on one line.")
    var compact = false

    @Option(name: .long, help: "The password of encrypted PDFs.")
    var password: String?

    @Option(name: .long, help: "CSV shape: long (one record per cell) or wide (one record per report). Implies --to csv.")
    var csv: ReportCSV.Layout?

    @Flag(name: .long, help: "CSV: begin with a UTF-8 byte order mark, so that Excel shows the Chinese text.")
    var bom = false

    @Flag(name: .long, help: "HTML: write only the <article> element, without page and stylesheet.")
    var fragment = false

    @Flag(name: .long, help: "HTML: mark the cells of failed 勾稽 checks (class check-failed, with the rule as title).")
    var annotate = false

    /// The format asked for: --to, then --csv, then the output's extension, then JSON.
    var format: OutputFormat? {
        if let to { return to }
        if csv != nil { return .csv }
        if let output, output != "-" { return OutputFormat(path: output) }
        return .json
    }

    func validate() throws {
        guard let format else {
            throw ValidationError("cannot tell the output format from '\(output ?? "")'; name it .json, .csv or .html, or pass --to")
        }
        if files.isEmpty { throw ValidationError("name a report file, or - for standard input") }
        if files.count > 1 && format != .csv {
            throw ValidationError("several inputs make one CSV only; pass --to csv, or convert the files one at a time")
        }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once") }
        let misplaced: [(Bool, String, OutputFormat)] = [
            (compact, "--compact", .json), (csv != nil, "--csv", .csv), (bom, "--bom", .csv),
            (fragment, "--fragment", .html), (annotate, "--annotate", .html),
        ]
        for (given, flag, needs) in misplaced where given && format != needs {
            throw ValidationError("\(flag) applies to \(needs.rawValue) output, not \(format.rawValue)")
        }
    }

    /// The report of a file, or of the page or attachment at a URL.
    func read(_ file: String) async throws(NianbaoError) -> AnnualReport {
        guard isURL(file) else { return try DocumentReader.report(file, password: password) }
        let fetcher = HTTPFetcher(options: HTTPFetcher.Options(timeout: timeout))
        return try await RemoteReport.read(file, fetcher: fetcher).report
    }

    func run() async throws {
        let format = self.format ?? .json
        var reports: [AnnualReport] = []
        var failure: NianbaoError?
        for file in files {
            do {
                reports.append(try await read(file))
            } catch {
                printError(error.description)
                failure = failure ?? error
            }
        }
        if reports.isEmpty, let failure { throw exitStatus(for: failure) }

        let text: String
        switch format {
        case .json: text = ReportJSON.value(of: reports[0]).serialized(pretty: !compact) + "\n"
        case .csv: text = ReportCSV.text(reports, layout: csv ?? .long, byteOrderMark: bom)
        case .html: text = fragment ? ReportHTML.article(reports[0], annotate: annotate) : ReportHTML.document(reports[0], annotate: annotate)
        }
        do {
            try emit(text, to: output)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        if let failure {
            printError("\(reports.count) of \(files.count) inputs converted; the others are left out of the CSV")
            throw exitStatus(for: failure)
        }
    }
}
