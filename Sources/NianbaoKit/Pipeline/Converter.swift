import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
/// The one way to turn an input into a report and a report into output. Every front end — the
/// command line's convert, check and extract, batches and their workers, fetch, scrape and the
/// fuzzer — goes through it; none builds a pipeline of its own.
///
/// An input is read by the reader its format names (``ReaderRegistry``), which offers its
/// readings cheapest first; each is parsed, and the first whose report leaves no doubt is kept:
/// a PDF is read from its text alone first (about what `pdftotext` costs), and its pages rendered
/// for their rulings only when that reading leaves a table cell unread (so a 勾稽 rule not
/// evaluated) or a parser warning. Of several readings the one with fewer doubts is kept, the
/// later when they are as good. A rule that fails while every cell was read is the report's own
/// inconsistency, not a reason to look again.
public struct Converter: Sendable {
    public var readers: ReaderRegistry
    public var writers: WriterRegistry
    public var parser: ReportParser

    public init(readers: ReaderRegistry = .standard, writers: WriterRegistry = .standard, parser: ReportParser = ReportParser()) {
        self.readers = readers
        self.writers = writers
        self.parser = parser
    }

    /// What can be converted.
    public enum Input: Sendable {
        /// A file path, or "-" for standard input.
        case path(String)
        /// An http(s) address: the page, or the attachment it links the report as.
        case url(String)
        /// Bytes in memory, named `name` in messages and output.
        case bytes([UInt8], name: String)
    }

    /// The report of an input.
    public func convert(_ input: Input, options: ConversionOptions = ConversionOptions()) async throws(NianbaoError) -> AnnualReport {
        switch input {
        case let .url(address):
            return try await RemoteReport.read(address, fetcher: HTTPFetcher(options: options.fetch), converter: self, options: options).report
        case .path, .bytes:
            return try convertLocal(input, options: options)
        }
    }

    /// The report of a file, standard input or bytes (no network).
    public func convertLocal(_ input: Input, options: ConversionOptions = ConversionOptions()) throws(NianbaoError) -> AnnualReport {
        try conversion(of: readerInput(input, options: options)).report.get()
    }

    /// What reading an input gave: the document of the reading kept, and its report or why there is none.
    public struct Conversion: Sendable {
        public var document: Document
        public var report: Result<AnnualReport, NianbaoError>
    }

    /// Reads and parses bytes: the reader's readings in turn, until one gives a report without doubts.
    public func conversion(of input: ReaderInput) throws(NianbaoError) -> Conversion {
        let readings = try self.readings(of: input)
        var best: (document: Document, report: AnnualReport)?
        var failure: (document: Document, error: NianbaoError)?
        for reading in readings where reading.isNeeded() {
            let document = try reading.read()
            do throws(NianbaoError) {
                let report = try parser.parse(document)
                if best == nil || ReadingDoubts(report) <= ReadingDoubts(best!.report) { best = (document, report) }
            } catch {
                failure = (document, error)
            }
            if let best, ReadingDoubts(best.report).isEmpty { break }
        }
        if let best { return Conversion(document: best.document, report: .success(best.report)) }
        guard let failure else { throw .notAnnualReport(path: input.path, reason: "nothing could be read") }
        return Conversion(document: failure.document, report: .failure(failure.error))
    }

    /// The readings of an input, cheapest first, by the reader of its format.
    public func readings(of input: ReaderInput) throws(NianbaoError) -> [Reading] {
        guard !input.bytes.isEmpty else { throw .emptyInput(path: input.path) }
        let format: InputFormat
        if let known = input.options.format { format = known } else { format = try readers.detect(path: input.path, bytes: input.bytes) }
        guard let reader = readers.reader(for: format) else {
            throw .unsupportedFormat(path: input.path, detail: "no reader for .\(format.rawValue) is registered")
        }
        return try reader.readings(of: input)
    }

    /// The document an input's dearest reading makes (`nianbao extract`: a PDF with its rulings).
    public func document(_ input: Input, options: ConversionOptions = ConversionOptions()) throws(NianbaoError) -> Document {
        let readings = try self.readings(of: readerInput(input, options: options))
        guard let last = readings.last(where: { $0.isNeeded() }) else { throw .notAnnualReport(path: name(of: input), reason: "nothing could be read") }
        return try last.read()
    }

    /// The bytes of a local input with what the reader needs to know.
    public func readerInput(_ input: Input, options: ConversionOptions) throws(NianbaoError) -> ReaderInput {
        switch input {
        case let .path(path):
            return ReaderInput(bytes: try DocumentReader.bytes(of: path, maxBytes: options.maxBytes), path: path, options: options)
        case let .bytes(bytes, name):
            return ReaderInput(bytes: bytes, path: name, options: options)
        case let .url(address):
            throw .unsupportedFormat(path: address, detail: "an address is fetched, not read as a file")
        }
    }

    func name(of input: Input) -> String {
        switch input {
        case let .path(name), let .url(name), let .bytes(_, name): return name
        }
    }

    /// The text of reports in an output format; nil when no writer of that name is registered.
    public func render(_ reports: [AnnualReport], as format: OutputFormat, options: RenderOptions = RenderOptions()) -> String? {
        writers.writer(for: format)?.render(reports, options: options)
    }
}

/// What leaves a reading of a report unsettled, counted so that two readings can be compared:
/// rules not passing first, then cells unread, then warnings.
struct ReadingDoubts: Comparable {
    var rules: Int
    var unevaluatedRules: Int
    var unreadCells: Int
    var warnings: Int

    init(_ report: AnnualReport) {
        rules = report.checks.filter { $0.status != .pass }.count
        unevaluatedRules = report.checks.filter { $0.status == .notEvaluated }.count
        unreadCells = TableID.allCases.flatMap(report.printedCells).filter { report[cell: $0].number == nil }.count
        warnings = report.diagnostics.filter { $0.severity >= .warning }.count
    }

    /// Nothing a further, dearer reading could settle.
    var isEmpty: Bool { unevaluatedRules == 0 && unreadCells == 0 && warnings == 0 }

    static func < (a: ReadingDoubts, b: ReadingDoubts) -> Bool {
        (a.rules, a.unreadCells, a.warnings) < (b.rules, b.unreadCells, b.warnings)
    }
}
