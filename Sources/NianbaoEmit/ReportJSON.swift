import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Writes an ``AnnualReport`` as the JSON documented in `schema/report.schema.json`.
public enum ReportJSON {
    public static let schemaVersion = 1

    public static func value(of report: AnnualReport) -> JSONValue {
        .object([
            ("schemaVersion", .number(Double(schemaVersion))),
            ("source", .object([
                ("file", .string(report.source.file)), ("format", .string(report.source.format.rawValue)),
                ("sha256", .string(report.source.sha256)),
            ])),
            ("report", .object([
                ("title", .optional(report.metadata.title)), ("agency", .optional(report.metadata.agency)),
                ("year", .optional(report.metadata.year)), ("publishedOn", .optional(report.metadata.publishedOn)),
                ("template", .string(report.metadata.template.rawValue)),
            ])),
            ("preamble", blocks(report.preamble)),
            ("sections", .array(report.sections.map(section))),
            ("closing", blocks(report.closing)),
            ("tables", .object(TableID.allCases.map { ($0.rawValue, table($0, report, leaf: { .optional($0.number) })) })),
            ("cellSources", .object(TableID.allCases.map { ($0.rawValue, table($0, report, leaf: source, skipMissing: true)) })),
            ("checks", .array(report.checks.map(check))),
            ("diagnostics", .array(report.diagnostics.map(diagnostic))),
        ])
    }

    public static func string(of report: AnnualReport) -> String {
        value(of: report).serialized() + "\n"
    }

    /// A table's object: its recorded cells (``AnnualReport/recordedCells(_:)``) nested by their keys.
    static func table(_ id: TableID, _ report: AnnualReport, leaf: (CellValue) -> JSONValue?, skipMissing: Bool = false) -> JSONValue {
        let pairs: [([String], JSONValue)] = report.recordedCells(id).compactMap { key in
            let cell = report[cell: key]
            if skipMissing && cell.raw == nil { return nil }
            return leaf(cell).map { (Array(key.segments.dropFirst(2)), $0) }
        }
        return JSONValue.nested(pairs)
    }

    static func source(_ cell: CellValue) -> JSONValue? {
        var members: [(String, JSONValue)] = [("text", .optional(cell.raw))]
        if let note = cell.note { members.append(("note", .string(note))) }
        if let location = cell.location { members.append(("location", self.location(location))) }
        if let ocr = cell.location?.ocr {
            members.append(("ocr", .object([("reading", .string(ocr.reading.rawValue)), ("confidence", .number(Double(ocr.confidence)))])))
        }
        return .object(members)
    }

    static func section(_ s: ReportSection) -> JSONValue {
        .object([
            ("number", .number(Double(s.number))), ("title", .string(s.title)),
            ("blocks", blocks(s.blocks)),
        ])
    }

    static func blocks(_ blocks: [SectionBlock]) -> JSONValue {
        .array(blocks.map { .object([("kind", .string($0.kind.rawValue)), ("text", .string($0.text))]) })
    }

    static func check(_ c: CheckResult) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("rule", .string(c.rule.rawValue)), ("table", .string(c.table.rawValue)), ("place", .string(c.place)),
            ("statement", .string(c.statement)), ("status", .string(c.status.rawValue)),
            ("expected", .optional(c.expected)), ("actual", .optional(c.actual)),
            ("cells", .array(c.cells.map { .string($0.dotted) })),
        ]
        if let reason = c.reason { members.append(("reason", .string(reason))) }
        return .object(members)
    }

    static func diagnostic(_ d: Diagnostic) -> JSONValue {
        .object([
            ("severity", .string(d.severity.rawValue)), ("code", .string(d.code.rawValue)), ("message", .string(d.message)),
            ("location", d.location.map(location) ?? .null), ("key", .optional(d.key)),
        ])
    }

    static func location(_ l: SourceLocation) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let page = l.page { members.append(("page", .number(Double(page)))) }
        if let line = l.line { members.append(("line", .number(Double(line)))) }
        if let b = l.box {
            members.append(("box", .array([b.x0, b.y0, b.x1, b.y1].map { .number(($0 * 10).rounded() / 10) })))
        }
        return .object(members)
    }
}
