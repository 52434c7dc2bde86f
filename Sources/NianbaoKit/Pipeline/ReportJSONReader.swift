import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Reads back the JSON nianbao writes (``ReportJSON``, `convert --to json`) into an
/// ``AnnualReport``, for the commands that take reports rather than documents (`compare`,
/// `compile`). Strict: a JSON that is not a nianbao report, a cell key its template does not have,
/// a cell that is neither a number nor null, is an error naming what is wrong, never a report with
/// a value quietly left out. The 勾稽 checks are run again on the values read.
public enum ReportJSONReader {
    /// Whether an input is to be read as report JSON: named `.json`, or its first character (after
    /// a byte-order mark and white space) is `{`, which no report document starts with.
    public static func isJSON(path: String, bytes: [UInt8]) -> Bool {
        if ReaderRegistry.fileExtension(of: path) == "json" { return true }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        return body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    }

    /// The report in `bytes`, the JSON of `convert --to json` (schema version 1).
    public static func read(_ bytes: [UInt8], path: String) throws(NianbaoError) -> AnnualReport {
        func fail(_ why: String) -> NianbaoError { .notAnnualReport(path: path, reason: "a JSON file that is not nianbao's report JSON: \(why)") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let root = object as? [String: Any] else {
            throw fail("it does not parse as a JSON object")
        }
        guard let version = root["schemaVersion"] as? NSNumber, version.doubleValue == Double(ReportJSON.schemaVersion) else {
            throw fail("no \"schemaVersion\": \(ReportJSON.schemaVersion)")
        }
        do throws(ReadFailure) {
            var report = try AnnualReport(
                source: source(root["source"]), metadata: metadata(root["report"]),
                preamble: blocks(root["preamble"], at: "preamble"), sections: sections(root["sections"]),
                closing: blocks(root["closing"], at: "closing"), tables: ReportTables())
            report.tables = try tables(root["tables"], sources: root["cellSources"], template: report.template)
            if let absent = TableID.allCases.flatMap(report.recordedCells).first(where: { report.tables[$0.table][$0.path] == nil }) {
                throw ReadFailure("it has no \(absent.dotted), a cell of every report of its template")
            }
            report.diagnostics = try diagnostics(root["diagnostics"])
            report.checks = ConsistencyChecker.check(report)
            return report
        } catch {
            throw fail(error.reason)
        }
    }

    /// What is wrong with the JSON.
    struct ReadFailure: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    static func object(_ value: Any?, at place: String) throws(ReadFailure) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw ReadFailure("\"\(place)\" is not an object") }
        return object
    }

    static func string(_ value: Any?, at place: String) throws(ReadFailure) -> String? {
        if value == nil || value is NSNull { return nil }
        guard let text = value as? String else { throw ReadFailure("\"\(place)\" is not a string") }
        return text
    }

    /// A number that is an integer in Int's range, or null.
    static func integer(_ value: Any?, at place: String) throws(ReadFailure) -> Int? {
        guard let number = try self.number(value, at: place) else { return nil }
        guard number == number.rounded(), abs(number) < 1e15 else { throw ReadFailure("\"\(place)\" is not an integer") }
        return Int(number)
    }

    /// A finite number, or null.
    static func number(_ value: Any?, at place: String) throws(ReadFailure) -> Double? {
        if value == nil || value is NSNull { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c", number.doubleValue.isFinite else {
            throw ReadFailure("\"\(place)\" is not a number or null")
        }
        return number.doubleValue
    }

    static func source(_ value: Any?) throws(ReadFailure) -> SourceInfo {
        let o = try object(value, at: "source")
        guard let file = try string(o["file"], at: "source.file"), let format = try string(o["format"], at: "source.format") else {
            throw ReadFailure("\"source\" has no file or format")
        }
        return SourceInfo(file: file, format: InputFormat(rawValue: format), sha256: try string(o["sha256"], at: "source.sha256") ?? "")
    }

    static func metadata(_ value: Any?) throws(ReadFailure) -> ReportMetadata {
        let o = try object(value, at: "report")
        let name = try string(o["template"], at: "report.template") ?? ""
        guard let template = TemplateVersion(rawValue: name) else { throw ReadFailure("\"report.template\" is not 2021 or 2019") }
        return ReportMetadata(
            title: try string(o["title"], at: "report.title"), agency: try string(o["agency"], at: "report.agency"),
            year: try integer(o["year"], at: "report.year"), publishedOn: try string(o["publishedOn"], at: "report.publishedOn"),
            template: template)
    }

    static func blocks(_ value: Any?, at place: String) throws(ReadFailure) -> [SectionBlock] {
        if value == nil { return [] }
        guard let items = value as? [Any] else { throw ReadFailure("\"\(place)\" is not an array") }
        var result: [SectionBlock] = []
        for item in items {
            let o = try object(item, at: place)
            guard let kind = SectionBlock.Kind(rawValue: try string(o["kind"], at: place + ".kind") ?? ""),
                  let text = try string(o["text"], at: place + ".text") else { throw ReadFailure("a block of \"\(place)\" has no kind or text") }
            result.append(SectionBlock(kind: kind, text: text))
        }
        return result
    }

    static func sections(_ value: Any?) throws(ReadFailure) -> [ReportSection] {
        guard let items = value as? [Any] else { throw ReadFailure("\"sections\" is not an array") }
        var result: [ReportSection] = []
        for item in items {
            let o = try object(item, at: "sections")
            guard let number = try integer(o["number"], at: "sections.number"), let title = try string(o["title"], at: "sections.title") else {
                throw ReadFailure("a section has no number or title")
            }
            result.append(ReportSection(number: number, title: title, blocks: try blocks(o["blocks"], at: "sections.blocks"), location: nil))
        }
        return result
    }

    /// The three tables: every leaf of `tables` a cell of the template (a number or null), with its
    /// text and place from `cellSources`; a row printed in place of others is an alternative row.
    static func tables(_ value: Any?, sources: Any?, template: ReportTemplate) throws(ReadFailure) -> ReportTables {
        let o = try object(value, at: "tables")
        let sourceTables = sources == nil ? [:] : try object(sources, at: "cellSources")
        var tables = ReportTables()
        for id in TableID.allCases {
            guard let table = o[id.rawValue] else { throw ReadFailure("\"tables\" has no \"\(id.rawValue)\"") }
            let cellSources = try leaves(sourceTables[id.rawValue] ?? [String: Any](), at: "cellSources.\(id.rawValue)", depth: 0, isLeaf: isSource)
            for (path, leaf) in try leaves(table, at: "tables.\(id.rawValue)", depth: 0, isLeaf: { !($0 is [String: Any]) }) {
                guard let key = CellKey(id, path: path), let row = template.table(id).row(key.row), row.columns.contains(where: { $0.key == key.column }) else {
                    throw ReadFailure("tables.\(id.rawValue).\(path) is not a cell of the \(template.version.rawValue) template")
                }
                if !row.replaces.isEmpty { tables.alternativeRows.insert(row.key) }
                var cell = CellValue(number: try number(leaf, at: "tables.\(id.rawValue).\(path)"), raw: nil)
                if let source = cellSources[path] as? [String: Any] { try read(source, into: &cell, at: "cellSources.\(id.rawValue).\(path)") }
                tables[id][path] = cell
            }
        }
        return tables
    }

    /// A cell source is an object with a "text" member (possibly null); anything else is a level of nesting.
    static func isSource(_ value: Any) -> Bool {
        guard let o = value as? [String: Any] else { return true }
        return o.keys.contains("text")
    }

    /// The leaves of nested objects by their dotted paths.
    static func leaves(_ value: Any, at place: String, depth: Int, isLeaf: (Any) -> Bool) throws(ReadFailure) -> [String: Any] {
        guard depth < 8 else { throw ReadFailure("\"\(place)\" is nested too deeply") }
        let o = try object(value, at: place)
        var result: [String: Any] = [:]
        for (name, member) in o {
            if isLeaf(member) {
                result[name] = member
            } else {
                for (path, leaf) in try leaves(member, at: place + "." + name, depth: depth + 1, isLeaf: isLeaf) { result[name + "." + path] = leaf }
            }
        }
        return result
    }

    static func read(_ source: [String: Any], into cell: inout CellValue, at place: String) throws(ReadFailure) {
        cell.raw = try string(source["text"], at: place + ".text")
        cell.note = try string(source["note"], at: place + ".note")
        if let l = source["location"] { cell.location = try location(l, at: place + ".location") }
        if let reading = try ocr(source["ocr"], at: place + ".ocr") {
            cell.location = cell.location ?? SourceLocation()
            cell.location?.ocr = reading
        }
    }

    static func location(_ value: Any?, at place: String) throws(ReadFailure) -> SourceLocation? {
        if value == nil || value is NSNull { return nil }
        let o = try object(value, at: place)
        var box: SourceLocation.Box?
        if let b = o["box"] {
            guard let corners = b as? [Any], corners.count == 4 else { throw ReadFailure("\"\(place).box\" is not four numbers") }
            var c: [Double] = []
            for corner in corners { c.append(try number(corner, at: place + ".box") ?? .nan) }
            guard c.allSatisfy(\.isFinite) else { throw ReadFailure("\"\(place).box\" is not four numbers") }
            box = SourceLocation.Box(x0: c[0], y0: c[1], x1: c[2], y1: c[3])
        }
        return SourceLocation(page: try integer(o["page"], at: place + ".page"), line: try integer(o["line"], at: place + ".line"), box: box)
    }

    /// A cell's OCR reading (`cellSources…ocr`).
    static func ocr(_ value: Any?, at place: String) throws(ReadFailure) -> OCRProvenance? {
        if value == nil { return nil }
        let o = try object(value, at: place)
        guard let reading = OCRProvenance.Reading(rawValue: try string(o["reading"], at: place + ".reading") ?? ""),
              let confidence = try integer(o["confidence"], at: place + ".confidence") else { throw ReadFailure("\"\(place)\" is not an OCR reading") }
        return OCRProvenance(reading: reading, confidence: confidence)
    }

    static func diagnostics(_ value: Any?) throws(ReadFailure) -> [Diagnostic] {
        guard let items = value as? [Any] else { throw ReadFailure("\"diagnostics\" is not an array") }
        var result: [Diagnostic] = []
        for item in items {
            let o = try object(item, at: "diagnostics")
            let code = try string(o["code"], at: "diagnostics.code") ?? ""
            guard let severity = Diagnostic.Severity(rawValue: try string(o["severity"], at: "diagnostics.severity") ?? ""),
                  let known = DiagnosticCode(rawValue: code), let message = try string(o["message"], at: "diagnostics.message") else {
                throw ReadFailure("a diagnostic with an unknown severity or code (\"\(code)\")")
            }
            result.append(Diagnostic(severity, known, message, at: try location(o["location"], at: "diagnostics.location"), key: try string(o["key"], at: "diagnostics.key")))
        }
        return result
    }
}

/// The report of a path `compare` and `compile` are given: nianbao's own report JSON
/// (``ReportJSONReader``), or any input `convert` reads.
public enum ReportInput {
    public static func read(_ path: String, converter: Converter, options: ConversionOptions = ConversionOptions()) throws(NianbaoError) -> AnnualReport {
        let bytes = try DocumentReader.bytes(of: path, maxBytes: options.maxBytes)
        guard !bytes.isEmpty else { throw .emptyInput(path: path) }
        if ReportJSONReader.isJSON(path: path, bytes: bytes) { return try ReportJSONReader.read(bytes, path: path) }
        return try converter.conversion(of: ReaderInput(bytes: bytes, path: path, options: options)).report.get()
    }
}
