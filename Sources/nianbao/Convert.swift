import ArgumentParser
import NianbaoKit

extension ReportCSV.Layout: ExpressibleByArgument {}
extension BatchProgress.Mode: ExpressibleByArgument {}
extension OCRMode: ExpressibleByArgument {}

/// `--to NAME`: a format of the command line's writers.
extension OutputFormat: ExpressibleByArgument {
    public init?(argument: String) {
        let format = OutputFormat(rawValue: argument.lowercased())
        guard Nianbao.converter.writers.writer(for: format) != nil else { return nil }
        self = format
    }

    public static var allValueStrings: [String] { Nianbao.converter.writers.names }
}

struct Convert: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
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
            html: a standalone page in the official form's layout for republication, with every sentence of \
            the report where it prints it (the preamble, the sections, notes under tables, the signature and \
            附件 lines); only page furniture (page numbers, running headers, a web page's menus, info bar and \
            share bars) is left out (--fragment: only the <article>); --annotate marks the cells of failed \
            勾稽 checks and the null cells, each with its reason as title, and gives every value cell its key \
            (data-key).

            Scans and images: PDF pages without a text layer are read by OCR \
            (Tesseract, loaded when first needed; Debian packages tesseract-ocr-chi-sim and \
            tesseract-ocr-eng) — a page that is one scanned image of 250-600 dpi from that image at its \
            own resolution, any other rendered at 300 dpi — and so are PNG, JPEG and TIFF files (each frame of a TIFF a page); --pages \
            reads several images as the \
            pages of one report. Each table cell is read on its own; a number read without enough \
            confidence is null with a diagnostic (ocr-low-confidence). --ocr always reads every PDF page by \
            OCR, --ocr never refuses scans and images (exit 2). Without Tesseract's data a scan is exit 2, \
            naming the packages. The OCR of one page stops after --timeout seconds (default 60): cells \
            not read by then are null (ocr-time-limit). Pictures in an HTML page's main content are read \
            by OCR in place when its text leaves a doubt: a local page's from the files beside it, a \
            fetched page's fetched as an attachment is (at most 20 a page; one not had is a \
            picture-unread diagnostic, its tables null); --ocr never fetches none. So are the pictures in \
            a Word file's body (DOCX; DOC, WPS and RTF through LibreOffice's DOCX), from the package only.

            Batch: FILEs may be folders (searched recursively for \(Nianbao.converter.readers.readers.filter(\.walksFolders).flatMap(\.extensions).map { "." + $0 }.joined(separator: " ")); hidden \
            entries skipped) and --from-list names files listing more inputs (paths or URLs, one a line, # \
            comments). With --out DIR each input gets its own output in DIR, named after the source \
            (hongze_2023.pdf -> hongze_2023.json; names that would collide get -HASH8); several inputs with \
            --to csv and no --out make one CSV. --db FILE also stores every report in an SQLite corpus, \
            --db postgres://USER@HOST/DB (or postgresql://, ?host=/socket/dir) in a PostgreSQL one that \
            any number of shards write at once (one transaction per report under an advisory lock on its \
            SHA-256; an unreachable server is retried, then exit 3). \
            Inputs are converted --jobs at a time, each in a worker process; a failing input is reported on \
            one line and the run goes on, also when it crashes its worker, takes longer than \
            --timeout-per-input or uses more memory than --max-memory-per-input (the input is stopped and the \
            reason given); exit status 2 when any input failed, 3 when an output could not be written. A re-run skips \
            inputs whose outputs are up to date (same source SHA-256, recorded in DIR/.nianbao-batch.json, \
            and for --db in the corpus) unless --force is given.
            """)
    }

    @Argument(help: "The report file(s) or folders, - for standard input, or http(s) URLs. Several make one CSV (--to csv) or one output each (--out).")
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("Batch: write one output per input into this folder (created if missing).", valueName: "DIR"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Batch: also read the inputs listed in FILE, one path or URL a line (# starts a comment). Repeatable.", valueName: "FILE"))
    var fromList: [String] = []

    @Option(name: .long, help: "Batch: how many inputs to convert at once (default: the number of active processors).")
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Batch: convert only shard I of N (0 ≤ I < N): the inputs whose path or URL hashes to I, after folders and lists are expanded; the N shards together are the whole batch, each with its own state file in --out. 'auto' takes I and N from a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with --shards).",
        valueName: "I/N|auto"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Batch: the number of shards, for --shard auto in a Kubernetes Indexed Job (its completions), or to override Slurm's count.", valueName: "N"))
    var shards: Int?

    @Option(name: .long, help: "Batch progress on standard error: auto (a bar on a terminal, nothing otherwise), bar, lines or none.")
    var progress: BatchProgress.Mode = .auto

    @Option(name: .long, help: ArgumentHelp("Batch: store every report in this SQLite corpus (created if missing), or this PostgreSQL database (postgres://USER@HOST/DB; tables created if missing); a report already there is replaced.", valueName: "FILE|URL"))
    var db: String?

    @Flag(name: .long, help: "Batch: convert every input again, even when its outputs are up to date.")
    var force = false

    @Flag(name: .long, help: "Batch: after the summary, a line with the time spent writing reports into the --db corpus (in all, and a report).")
    var stats = false

    @Option(name: .long, help: ArgumentHelp("Batch: seconds one input may take (fetching, reading and parsing) before it is stopped and reported failed.", valueName: "SECONDS"))
    var timeoutPerInput: Double = 120

    @Option(name: .long, help: ArgumentHelp("Batch: memory one input may use, in MB, before it is stopped and reported failed.", valueName: "MB"))
    var maxMemoryPerInput: Int = 2048

    @Option(name: .long, help: "Seconds allowed for each HTTP request when an input is a URL (default 30), for LibreOffice to convert a DOC, WPS or RTF file (default 60), and for the OCR of one page (default 60); 0.001 to 86400.")
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

    @Option(name: .long, help: "Where OCR runs: auto (PDF pages without text, and images), always (every PDF page too) or never.")
    var ocr: OCRMode = .auto

    @Flag(name: .long, help: "The FILEs are the page images (PNG, JPEG, TIFF) of one report, in order: one output.")
    var pages = false

    @Option(name: .long, help: "CSV shape: long (one record per cell) or wide (one record per report). Implies --to csv.")
    var csv: ReportCSV.Layout?

    @Flag(name: .long, help: "CSV: begin with a UTF-8 byte order mark, so that Excel shows the Chinese text.")
    var bom = false

    @Flag(name: .long, help: "CSV: write text cells starting with = + - @ (or tab, CR) as they are; by default they get a ' before them so that a spreadsheet does not run them as formulas. Numbers are never changed.")
    var csvRaw = false

    @Flag(name: .long, help: "HTML: write only the <article> element, without page and stylesheet.")
    var fragment = false

    @Flag(name: .long, help: "HTML: mark the cells of failed 勾稽 checks (class check-failed) and null cells (class null), each with its reason as title; every value cell gets its key as data-key.")
    var annotate = false

    /// The format asked for: --to, then --csv, then the output's extension, then JSON.
    var format: OutputFormat? {
        if let to { return to }
        if csv != nil { return .csv }
        if let output, output != "-" { return Nianbao.converter.writers.format(ofPath: output) }
        return .json
    }

    /// The writer of the format asked for.
    var writer: (any ReportWriter)? { format.flatMap(Nianbao.converter.writers.writer) }

    func validate() throws {
        guard let format else {
            throw ValidationError("cannot tell the output format from '\(output ?? "")'; name it .json, .csv or .html, or pass --to")
        }
        if files.isEmpty && fromList.isEmpty { throw ValidationError("name a report file, or - for standard input") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once") }
        if pages {
            if !fromList.isEmpty || out != nil || db != nil { throw ValidationError("--pages makes one report of its FILEs: no --from-list, --out or --db") }
            if ocr == .never { throw ValidationError("--pages reads images by OCR; it cannot be used with --ocr never") }
            if files.contains("-") { throw ValidationError("--pages reads files, not standard input (-)") }
        }
        if let shard, shard != "auto", BatchShard(parsing: shard) == nil {
            throw ValidationError("--shard takes I/N with 0 ≤ I < N ≤ \(BatchShard.maximumCount) (e.g. 0/4), or auto")
        }
        if let shards {
            try OptionCheck.integer(shards, "--shards", in: 1...BatchShard.maximumCount)
            if shard != "auto" { throw ValidationError("--shards goes with --shard auto") }
        }
        if shard != nil && !isBatch { throw ValidationError("--shard splits a batch: give --out DIR, --db FILE, --from-list or several inputs") }
        if stats && !isBatch { throw ValidationError("--stats times a batch: give --out DIR, --db FILE, --from-list or several inputs") }
        if isBatch {
            if output != nil && out != nil { throw ValidationError("-o names one file and --out a folder; pass one of them") }
            let combines = writer?.combinesReports ?? false
            if out == nil && db == nil && !combines {
                throw ValidationError("several inputs make one CSV (--to csv) or one \(format.rawValue) file each in a folder (--out DIR)")
            }
            if output != nil && !combines { throw ValidationError("-o names one file; with several inputs pass --out DIR") }
            if (out != nil || !combines) && files.contains("-") {
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
        let given: [(Bool, String)] = [
            (compact, "--compact"), (csv != nil, "--csv"), (bom, "--bom"), (csvRaw, "--csv-raw"), (fragment, "--fragment"), (annotate, "--annotate"),
        ]
        for (isGiven, flag) in given where isGiven && !(writer?.optionFlags.contains(flag) ?? false) {
            let owner = Nianbao.converter.writers.writers.first { $0.optionFlags.contains(flag) }?.format.rawValue ?? "another"
            throw ValidationError("\(flag) applies to \(owner) output, not \(format.rawValue)")
        }
    }

    /// The report of a file, standard input, or the page or attachment at a URL.
    func read(_ file: String) async throws(NianbaoError) -> AnnualReport {
        try await Nianbao.converter.convert(isURL(file) ? .url(file) : .path(file), options: conversionOptions)
    }

    /// How inputs are read: --password, --max-bytes (files 100 MiB, URLs 50 MiB by default),
    /// --timeout (HTTP 30 s, LibreOffice 60 s by default).
    var conversionOptions: ConversionOptions {
        let defaults = ConversionOptions()
        return ConversionOptions(
            password: password, maxBytes: maxBytes ?? defaults.maxBytes, httpTimeout: timeout ?? defaults.httpTimeout,
            maxDownloadBytes: maxBytes ?? defaults.maxDownloadBytes, officeTimeout: timeout ?? defaults.officeTimeout, ocr: ocr,
            ocrPageTimeout: timeout ?? defaults.ocrPageTimeout)
    }

    /// Batch mode: --out, --db, --from-list, several inputs, or a folder (not --pages: one report).
    var isBatch: Bool {
        guard !pages else { return false }
        return out != nil || db != nil || !fromList.isEmpty || files.count > 1 || files.contains { $0 != "-" && !isURL($0) && InputCollector.isFolder($0) }
    }

    var renderOptions: RenderOptions {
        var options = RenderOptions()
        options.compact = compact
        options.csv = csv ?? .long
        options.bom = bom
        options.csvRaw = csvRaw
        options.fragment = fragment
        options.annotate = annotate
        return options
    }

    /// One input to one output on standard output or -o, as before batches existed.
    func run() async throws {
        if isBatch { return try await runBatch() }
        try InputGuard.refuseOverwriting(inputs: files, outputs: output.map { [$0] } ?? [])
        let report: AnnualReport
        do {
            report = pages ? try Nianbao.converter.convertPages(files, options: conversionOptions) : try await read(files[0])
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        do {
            try emit(Nianbao.converter.render([report], as: format ?? .json, options: renderOptions) ?? "", to: output)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
    }
}
