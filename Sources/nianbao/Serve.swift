import ArgumentParser
import Foundation
import NianbaoCorpus
import NianbaoServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a local web page and HTTP API that convert and check reports.",
        discussion: """
            Listens on http://HOST:PORT/ (127.0.0.1:8080 by default: only this computer can connect; \
            --host 0.0.0.0 opens it to the network, with no login). Ctrl-C or SIGTERM stops it after the \
            requests under way are answered. One line per request is written to standard error (time, \
            method, path, status, size, milliseconds).

            The page at / takes one or several report files (PDF, HTML, Word, text, markdown) or a report's \
            address, shows each report in the official form's layout with the cells of failed 勾稽 rules \
            and the null cells marked (the reason on hover) and the failed rules and diagnostics listed, \
            and downloads JSON, CSV, the HTML page and the check report; beside a PDF's table, its pages \
            drawn as `extract --overlay` draws them, a clicked cell's rectangle highlighted. It uses no script or stylesheet \
            from elsewhere and works offline.

            With --db CORPUS.sqlite (a corpus made by `nianbao convert … --db`, opened read-only: never \
            created or changed; a missing or non-corpus file is an error, exit 2), /corpus lists its reports \
            (filters: agency=TEXT, year=YYYY, rule=any|balance|rowSum|decomposition|groupSum, page=N), with \
            a chart of the applications received per year, and /corpus/reports/SHA256 shows one report as \
            the upload page does.

            API (the report is the request's body, or the part named file of a multipart/form-data body; \
            filename=NAME names it and its format, else the part's filename, else the Content-Type does, \
            else its content; or url=ADDRESS with an empty body: the report is fetched \
            from that http(s) address, the page or the attachment it links, as `nianbao convert URL` does, \
            a page's pictures too; \
            the OpenAPI document is at /api/openapi.json):
              POST /api/convert?to=json|csv|html  what `nianbao convert --to FORMAT` writes; the writer's \
            options as parameters: compact, csv=long|wide, bom, csv-raw, fragment, annotate (1 or true)
              POST /api/check[?all=1]             what `nianbao check` prints; header X-Nianbao-Check: pass or fail
              POST /api/pages                     for an uploaded PDF, JSON: the pages that hold its cells drawn as \
            `extract --overlay` draws them (data: URIs) and each cell's rectangle on its page
              POST /api/view                      JSON from one conversion: the report (as to=json), its annotated \
            HTML fragment and, for an uploaded PDF, its pages (as /api/pages): what the page at / shows
              GET  /api/schema                    what `nianbao schema` prints
            Errors are one line of text: 400 an unknown parameter or format, a bad url or a malformed multipart body, 403 a url whose \
            host is not at a public address, 413 an upload over --max-upload-mb, 422 an input that cannot \
            be read or is not an annual report, 502 a url that cannot be fetched, 503 when --concurrency \
            conversions run and --queue wait (Retry-After: 5), 504 a conversion or a fetch over \
            --timeout, 500 a conversion that crashed or used more memory than --max-memory-per-input \
            (the server keeps serving).

            Each upload, and each page or attachment fetched for a url, is converted in a worker process \
            (as a batch's inputs are): saved in a private temporary folder (mode 0700, removed \
            afterwards whatever happens; named after the server's process ID, so that those of a server \
            killed mid-request are removed when a server next starts) and read by a `nianbao` process that is killed, and its place \
            freed, once it runs over --timeout or --max-memory-per-input; a crash costs only its own \
            request. At most --concurrency workers are alive; each serves up to --conversions-per-worker \
            requests one after the other, and none after a crash, a limit or an input it could not read: \
            then a fresh one is started for the next request. Workers end when the server stops, and by \
            themselves if it is killed. Uploads are not kept; no name from the client is used as a path. A url \
            is fetched only from a public address (no loopback, private, link-local or reserved range, \
            checked on the address connected to, after DNS resolution, on every redirect; and through no \
            proxy) unless --allow-private-urls. \
            Every response carries X-Content-Type-Options: nosniff and a Content-Security-Policy that \
            allows scripts only from this server and no inline script.
            """)

    @Option(name: .long, help: "The address to listen on; 0.0.0.0 for every network interface.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The TCP port to listen on (1 to 65535).")
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("The largest upload accepted, in MB (1 to 4096); a larger one is answered 413.", valueName: "MB"))
    var maxUploadMb = 50

    @Option(name: .long, help: "How many conversions run at once (default: the number of active processors); --queue more may wait, further ones are answered 503.")
    var concurrency: Int?

    @Option(name: .long, help: ArgumentHelp("Seconds a conversion, and each request of a url, may take (1 to 3600); beyond it the request is answered 504.", valueName: "SECONDS"))
    var timeout = 120

    @Option(name: .long, help: ArgumentHelp("The memory one conversion's worker may use, in MB (64 to 1073741824); beyond it the worker is stopped and the request answered 500.", valueName: "MB"))
    var maxMemoryPerInput = 2048

    @Option(name: .long, help: ArgumentHelp("How many conversions a worker process makes before a fresh one replaces it (1 to 1000000; 1: a worker for every conversion).", valueName: "N"))
    var conversionsPerWorker = WorkerSetup.defaultConversionsPerWorker

    @Option(name: .long, help: ArgumentHelp("How many conversions may wait for a place (0 to 4096; default: twice --concurrency); further ones are answered 503.", valueName: "N"))
    var queue: Int?

    @Option(name: .long, help: ArgumentHelp("Show the reports of this SQLite corpus (made by `convert … --db`) under /corpus; opened read-only, never created or changed.", valueName: "CORPUS.sqlite"))
    var db: String?

    @Flag(name: .long, help: "Let url inputs be fetched from loopback, private, link-local and reserved addresses too (by default only public ones).")
    var allowPrivateUrls = false

    func validate() throws {
        try OptionCheck.integer(timeout, "--timeout", in: 1...3_600)
        try OptionCheck.integer(port, "--port", in: 1...65_535)
        try OptionCheck.integer(maxUploadMb, "--max-upload-mb", in: 1...4_096)
        if let concurrency { try OptionCheck.integer(concurrency, "--concurrency", in: 1...1_024) }
        if let queue { try OptionCheck.integer(queue, "--queue", in: 0...4_096) }
        try OptionCheck.integer(maxMemoryPerInput, "--max-memory-per-input", in: 64...(1 << 30))
        try OptionCheck.integer(conversionsPerWorker, "--conversions-per-worker", in: 1...1_000_000)
        guard !host.isEmpty else { throw ValidationError("--host must name an address") }
    }

    func run() async throws {
        var settings = ServerSettings(
            host: host, port: port, maxUploadBytes: maxUploadMb << 20,
            concurrentConversions: concurrency ?? ProcessInfo.processInfo.activeProcessorCount, queueLength: queue,
            timeLimit: Double(timeout), allowsPrivateURLs: allowPrivateUrls,
            workers: WorkerSetup(megabytes: maxMemoryPerInput, conversionsPerWorker: conversionsPerWorker))
        if let db {
            do {
                settings.corpus = try CorpusCatalog(readOnly: db)
            } catch {
                printError("serve: --db: \(error)")
                throw ExitCode(ExitStatus.badInput)
            }
        }
        let workers = ServerWorkers(settings: settings)
        // Once the server has stopped (or failed): the idle workers end with it.
        defer { workers?.shutdown() }
        do {
            // runService stops on SIGINT and SIGTERM, after the requests under way are answered.
            try await NianbaoServer.application(settings: settings, workers: workers).runService()
        } catch {
            printError("serve: \(error)")
            throw ExitCode.failure
        }
    }
}
