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
extension BatchProgress.Mode: ExpressibleByArgument {}

/// The options that shape one output's text.
struct RenderOptions: Sendable {
    var compact: Bool
    var csv: ReportCSV.Layout
    var bom: Bool
    /// CSV: text cells written as they are, formula-like ones included (--csv-raw).
    var csvRaw: Bool
    var fragment: Bool
    var annotate: Bool

    /// What the batch state records, so that outputs made with other options are made again.
    func settings(_ format: OutputFormat) -> String {
        switch format {
        case .json: return "json" + (compact ? " compact" : "")
        case .csv: return "csv \(csv.rawValue)" + (bom ? " bom" : "") + (csvRaw ? " raw" : "")
        case .html: return "html" + (fragment ? " fragment" : "") + (annotate ? " annotate" : "")
        }
    }
}

struct Convert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert reports to JSON, CSV or HTML.",
        discussion: """
            FILE is a report as PDF, HTML (.html, .htm, .shtml), Word (.docx read directly; .doc, .wps and \
            .rtf converted to DOCX by LibreOffice first, within --timeout, default 60 s; Debian: \
            libreoffice-writer-nogui), a .txt or .md extraction, - to read standard input, or an http(s) URL: the page is fetched (redirects followed up to 5, --timeout, \
            a 50 MB limit) and read as a file; a page that only links the report as an attachment has the \
            attachment fetched instead (PDF, DOCX, DOC, WPS, RTF). The output goes to \
            standard output, or with -o to a file, written whole or not at all; with -o the format follows \
            the file's extension (.json, .csv, .html) unless --to is given. A symbolic link is written at its \
            target; a device or FIFO (-o /dev/null) is written through; an output that is one of the inputs \
            is refused (exit 64) before anything is written. An input over --max-bytes (default 100 MiB; \
            URLs 50 MiB) or that is not a regular file (a FIFO, /dev/zero) is an error.

            json: the report as described in schema/report.schema.json.
            csv:  --csv long (default): one record per cell (table, row and column keys, the template's \
            labels, value, printed text); --csv wide: one record per report, one column per cell key of \
            either template. RFC 4180, UTF-8; --bom adds a byte order mark for Excel. A text cell starting \
            with = + - @ (or tab, CR) gets a ' before it, so that a spreadsheet shows it instead of running \
            it as a formula (numbers never change); --csv-raw writes such cells as they are. Several FILEs make \
            one CSV; an input that cannot be converted is reported on standard error and left out, the \
            CSV is written for the others, and the exit status is 2. When no input converts, nothing is written.
            html: a standalone page in the official form's layout for republication (--fragment: only the \
            <article>); --annotate marks the cells of failed 勾稽 checks.

            Batch: FILEs may be folders (searched recursively for .pdf .html .htm .shtml .txt .md .docx .doc .wps .rtf; hidden \
            entries skipped) and --from-list names files listing more inputs (paths or URLs, one a line, # \
            comments). With --out DIR each input gets its own output in DIR, named after the source \
            (hongze_2023.pdf -> hongze_2023.json; names that would collide get -HASH8); several inputs with \
            --to csv and no --out make one CSV. --db FILE also stores every report in an SQLite corpus. \
            Inputs are converted --jobs at a time, each in a worker process; a failing input is reported on \
            one line and the run goes on, also when it crashes its worker, takes longer than \
            --timeout-per-input or uses more memory than --max-memory-per-input (the input is stopped and the \
            reason given); exit status 2 when any input failed, 3 when an output could not be written. A re-run skips \
            inputs whose outputs are up to date (same source SHA-256, recorded in DIR/.nianbao-batch.json, \
            and for --db in the corpus) unless --force is given.
            """)

    @Argument(help: "The report file(s) or folders, - for standard input, or http(s) URLs. Several make one CSV (--to csv) or one output each (--out).")
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("Batch: write one output per input into this folder (created if missing).", valueName: "DIR"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Batch: also read the inputs listed in FILE, one path or URL a line (# starts a comment). Repeatable.", valueName: "FILE"))
    var fromList: [String] = []

    @Option(name: .long, help: "Batch: how many inputs to convert at once (default: the number of active processors).")
    var jobs: Int?

    @Option(name: .long, help: "Batch progress on standard error: auto (a bar on a terminal, nothing otherwise), bar, lines or none.")
    var progress: BatchProgress.Mode = .auto

    @Option(name: .long, help: ArgumentHelp("Batch: store every report in this SQLite corpus (created if missing; a report already there is replaced).", valueName: "FILE"))
    var db: String?

    @Flag(name: .long, help: "Batch: convert every input again, even when its outputs are up to date.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Batch: seconds one input may take (fetching, reading and parsing) before it is stopped and reported failed.", valueName: "SECONDS"))
    var timeoutPerInput: Double = 120

    @Option(name: .long, help: ArgumentHelp("Batch: memory one input may use, in MB, before it is stopped and reported failed.", valueName: "MB"))
    var maxMemoryPerInput: Int = 2048

    @Option(name: .long, help: "Seconds allowed for each HTTP request when an input is a URL (default 30), and for LibreOffice to convert a DOC, WPS or RTF file (default 60); 0.001 to 86400.")
    var timeout: Double?

    @Option(name: .long, help: ArgumentHelp(
        "The largest input read, in bytes: a larger one is an error. Default: 104857600 (100 MiB) for files and standard input, 52428800 (50 MiB) for URLs.",
        valueName: "N"))
    var maxBytes: Int?

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

    @Flag(name: .long, help: "CSV: write text cells starting with = + - @ (or tab, CR) as they are; by default they get a ' before them so that a spreadsheet does not run them as formulas. Numbers are never changed.")
    var csvRaw = false

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
        if files.isEmpty && fromList.isEmpty { throw ValidationError("name a report file, or - for standard input") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once") }
        if isBatch {
            if output != nil && out != nil { throw ValidationError("-o names one file and --out a folder; pass one of them") }
            if out == nil && db == nil && format != .csv {
                throw ValidationError("several inputs make one CSV (--to csv) or one \(format.rawValue) file each in a folder (--out DIR)")
            }
            if output != nil && format != .csv { throw ValidationError("-o names one file; with several inputs pass --out DIR") }
            if (out != nil || format != .csv) && files.contains("-") {
                throw ValidationError("standard input (-) has no name to give its output; save it to a file first")
            }
            guard timeoutPerInput.isFinite, timeoutPerInput > 0, timeoutPerInput <= 31_536_000 else {
                throw ValidationError("--timeout-per-input must be a number of seconds above 0 and at most 31536000 (a year)")
            }
            guard maxMemoryPerInput >= 64, maxMemoryPerInput <= 1 << 30 else {
                throw ValidationError("--max-memory-per-input must be a number of MB from 64 to 1073741824")
            }
        }
        if let jobs { try OptionCheck.integer(jobs, "--jobs", in: 1...1024) }
        if let timeout { try OptionCheck.number(timeout, "--timeout", in: OptionCheck.timeout) }
        try OptionCheck.maxBytes(maxBytes)
        let misplaced: [(Bool, String, OutputFormat)] = [
            (compact, "--compact", .json), (csv != nil, "--csv", .csv), (bom, "--bom", .csv), (csvRaw, "--csv-raw", .csv),
            (fragment, "--fragment", .html), (annotate, "--annotate", .html),
        ]
        for (given, flag, needs) in misplaced where given && format != needs {
            throw ValidationError("\(flag) applies to \(needs.rawValue) output, not \(format.rawValue)")
        }
    }

    /// The report of a file, or of the page or attachment at a URL.
    func read(_ file: String) async throws(NianbaoError) -> AnnualReport {
        guard isURL(file) else { return try ReportReader.report(file, password: password, maxBytes: fileLimit) }
        let fetcher = HTTPFetcher(options: fetchOptions)
        return try await RemoteReport.read(file, fetcher: fetcher).report
    }

    /// The largest file or standard input read.
    var fileLimit: Int { maxBytes ?? DocumentReader.defaultMaxBytes }

    /// How URLs are fetched: --timeout, and --max-bytes when given (else the fetcher's 50 MiB).
    var fetchOptions: HTTPFetcher.Options {
        var options = HTTPFetcher.Options(timeout: timeout ?? 30)
        if let maxBytes { options.maxBytes = maxBytes }
        return options
    }

    /// Batch mode: --out, --db, --from-list, several inputs, or a folder.
    var isBatch: Bool {
        out != nil || db != nil || !fromList.isEmpty || files.count > 1 || files.contains { $0 != "-" && !isURL($0) && InputCollector.isFolder($0) }
    }

    /// The text of one report in the format and options asked for.
    static func render(_ report: AnnualReport, format: OutputFormat, options: RenderOptions) -> String {
        switch format {
        case .json: return ReportJSON.value(of: report).serialized(pretty: !options.compact) + "\n"
        case .csv: return ReportCSV.text([report], layout: options.csv, byteOrderMark: options.bom, raw: options.csvRaw)
        case .html: return options.fragment ? ReportHTML.article(report, annotate: options.annotate) : ReportHTML.document(report, annotate: options.annotate)
        }
    }

    var renderOptions: RenderOptions {
        RenderOptions(compact: compact, csv: csv ?? .long, bom: bom, csvRaw: csvRaw, fragment: fragment, annotate: annotate)
    }

    /// One input to one output on standard output or -o, as before batches existed.
    func run() async throws {
        LibreOffice.timeout = timeout ?? 60
        if isBatch { return try await runBatch() }
        try InputGuard.refuseOverwriting(inputs: files, outputs: output.map { [$0] } ?? [])
        let report: AnnualReport
        do {
            report = try await read(files[0])
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        do {
            try emit(Self.render(report, format: format ?? .json, options: renderOptions), to: output)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
    }
}
