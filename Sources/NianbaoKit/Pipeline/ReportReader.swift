/// Reads a source into a report: the extractor for its format, then the parser.
///
/// A PDF is read first from its text alone, which costs about what `pdftotext` costs. Rendering a
/// page to find its rulings costs several times more, so it is done only when that first reading
/// is not settled: a cell of the three tables left unread (so a 勾稽 rule not evaluated), or a
/// warning from the parser. The PDF is then read again with its rulings (exact cell grids) and the
/// better of the two readings kept, the ruled one when they are as good. A rule that fails while
/// every cell was read is the report's own inconsistency, not a reason to look again: the parser
/// places a value from aligned text only where the row's numbers fill its columns exactly.
public enum ReportReader {
    /// Reads and parses `path` ("-" for standard input).
    /// `maxBytes`: the largest input read (``DocumentReader/bytes(of:maxBytes:)``).
    public static func report(
        _ path: String, password: String? = nil, maxBytes: Int = DocumentReader.defaultMaxBytes
    ) throws(NianbaoError) -> AnnualReport {
        try report(bytes: DocumentReader.bytes(of: path, maxBytes: maxBytes), path: path, password: password)
    }

    /// Reads and parses bytes already in memory; the parameters are those of
    /// ``DocumentReader/read(bytes:path:charset:url:password:rulings:format:)``.
    public static func report(
        bytes: [UInt8], path: String, charset: String? = nil, url: String? = nil, password: String? = nil, format: InputFormat? = nil
    ) throws(NianbaoError) -> AnnualReport {
        let readings = try DocumentReader.readings(bytes: bytes, path: path, charset: charset, url: url, password: password, format: format)
        guard let withRulings = readings.withRulings else { return try ReportParser().parse(readings.first) }
        let quick: AnnualReport
        do throws(NianbaoError) {
            quick = try ReportParser().parse(readings.first)
        } catch {
            // Not recognised from the text alone (say, its tables only make sense on their grid).
            return try ReportParser().parse(withRulings())
        }
        let quickDoubts = ReadingDoubts(quick)
        guard !quickDoubts.isEmpty else { return quick }
        guard let ruled = try? ReportParser().parse(withRulings()) else { return quick }
        return ReadingDoubts(ruled) <= quickDoubts ? ruled : quick
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

    /// Nothing a second, ruled reading could settle.
    var isEmpty: Bool { unevaluatedRules == 0 && unreadCells == 0 && warnings == 0 }

    static func < (a: ReadingDoubts, b: ReadingDoubts) -> Bool {
        (a.rules, a.unreadCells, a.warnings) < (b.rules, b.unreadCells, b.warnings)
    }
}
