import Foundation
import GRDB
import NianbaoKit

/// `nianbao compare --db`: every body's consecutive years in a corpus compared (``ReportComparison``),
/// the results written into its `crossYearChecks` table (replacing those of an earlier run, in one
/// transaction) and summed up.
///
/// Reports are of one body by their agency names (``AgencyNames``); a report without an agency or
/// a year is left out and counted. A body with several reports of one year (the same report
/// converted from two files) has each of them compared with each of the next year's. Only one
/// body's reports are in memory at a time (their cells are read when the body is compared).
public struct CorpusComparison: Sendable {
    /// Two reports of one body in consecutive years, compared.
    public struct Pair: Sendable {
        public var body: String
        public var earlier: ReportMetadata
        public var later: ReportMetadata
        public var earlierFile: String
        public var laterFile: String
        public var checks: [ReportComparison.Check]
        /// Whether an exact cross-year rule fails.
        public var fails: Bool { checks.contains { $0.status == .fail && $0.rule.isExact } }
    }

    /// A report as the corpus lists it, without its cells.
    struct Listed: Sendable {
        var sha256: String
        var source: SourceInfo
        var metadata: ReportMetadata
    }

    public var pairs: [Pair] = []
    /// Reports in the corpus.
    public var reportCount: Int
    /// Reports left out: no agency, no year, or a template nianbao does not know.
    public var leftOut: [String]
    /// Bodies (reports of one normalised name, after merging) and the names each was printed with.
    public var bodies: [String: [String]]
    public var grouping: AgencyNames.Grouping
    /// Body → years it has several reports of.
    public var repeatedYears: [String: [Int]] = [:]

    /// Compares the consecutive years of every body in `corpus` and writes the results into it.
    public init(corpus: CorpusDatabase, aliases: AgencyNames.Aliases = AgencyNames.Aliases(), flagChange: Double = 0.5) throws(NianbaoError) {
        let (listed, leftOut) = try Self.list(corpus)
        reportCount = listed.count + leftOut.count
        self.leftOut = leftOut
        grouping = AgencyNames.group(listed.compactMap(\.metadata.agency), aliases: aliases)
        var byBody: [String: [Listed]] = [:]
        var names: [String: Set<String>] = [:]
        for report in listed {
            let agency = report.metadata.agency ?? ""
            let body = grouping.body[agency] ?? agency
            byBody[body, default: []].append(report)
            names[body, default: []].insert(agency)
        }
        bodies = names.mapValues { $0.sorted() }
        do {
            try corpus.queue.write { db in
                try db.execute(sql: "DELETE FROM crossYearChecks")
                for body in byBody.keys.sorted() {
                    try compare(body, byBody[body] ?? [], flagChange: flagChange, db: db)
                }
            }
        } catch let error as NianbaoError {
            throw error
        } catch {
            throw .unwritableOutput(path: corpus.path, reason: "cannot compare the corpus's reports: \(CorpusDatabase.describe(error))")
        }
    }

    /// One body's consecutive years, compared and written.
    mutating func compare(_ body: String, _ reports: [Listed], flagChange: Double, db: Database) throws {
        let byYear = Dictionary(grouping: reports, by: { $0.metadata.year ?? 0 })
        let repeated = byYear.filter { $0.value.count > 1 }.keys.sorted()
        if !repeated.isEmpty { repeatedYears[body] = repeated }
        var loaded: [String: AnnualReport] = [:]
        func report(_ listed: Listed) throws -> AnnualReport {
            if let known = loaded[listed.sha256] { return known }
            let made = try Self.load(listed, db: db)
            loaded[listed.sha256] = made
            return made
        }
        for year in byYear.keys.sorted() {
            for earlier in byYear[year] ?? [] {
                for later in byYear[year + 1] ?? [] {
                    let comparison = ReportComparison(earlier: try report(earlier), later: try report(later), flagChange: flagChange)
                    try Self.insert(comparison, body: body, db: db)
                    pairs.append(Pair(
                        body: body, earlier: earlier.metadata, later: later.metadata, earlierFile: earlier.source.file,
                        laterFile: later.source.file, checks: comparison.checks))
                }
            }
        }
    }

    /// Whether an exact cross-year rule fails in any pair.
    public var fails: Bool { pairs.contains(where: \.fails) }

    /// The corpus's reports without their cells, and the names of those left out.
    static func list(_ corpus: CorpusDatabase) throws(NianbaoError) -> ([Listed], [String]) {
        let reports = try corpus.query("SELECT sha256, source, format, title, agency, year, template, publishedOn FROM reports ORDER BY source, sha256")
        var listed: [Listed] = [], leftOut: [String] = []
        for row in reports {
            func text(_ name: String) -> String? { row[name].flatMap { String.fromDatabaseValue($0) } }
            let sha = text("sha256") ?? "", source = text("source") ?? sha
            guard let agency = text("agency"), let year = row["year"].flatMap({ Int.fromDatabaseValue($0) }),
                  let template = text("template").flatMap(TemplateVersion.init(rawValue:)) else {
                leftOut.append(source)
                continue
            }
            let metadata = ReportMetadata(title: text("title"), agency: agency, year: year, publishedOn: text("publishedOn"), template: template)
            listed.append(Listed(sha256: sha, source: SourceInfo(file: source, format: InputFormat(rawValue: text("format") ?? ""), sha256: sha), metadata: metadata))
        }
        return (listed, leftOut)
    }

    /// A listed report with its cells.
    static func load(_ listed: Listed, db: Database) throws -> AnnualReport {
        var report = AnnualReport(source: listed.source, metadata: listed.metadata, sections: [], tables: ReportTables())
        let rows = try Row.fetchAll(
            db, sql: "SELECT tableName, rowKey, columnKey, value, raw, note, page, line FROM cells WHERE reportSha256 = ?", arguments: [listed.sha256])
        for row in rows {
            add(Dictionary(uniqueKeysWithValues: row.columnNames.map { ($0, row[$0] as DatabaseValue) }), to: &report)
        }
        return report
    }

    /// A comparison's checks as rows of `crossYearChecks`.
    static func insert(_ c: ReportComparison, body: String, db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO crossYearChecks (earlierSha256, laterSha256, position, body, earlierYear, laterYear, rule, exact, \
            place, key, expected, actual, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, check) in c.checks.enumerated() {
            let values: [(any DatabaseValueConvertible)?] = [
                c.earlier.source.sha256, c.later.source.sha256, position, body, c.earlier.metadata.year, c.later.metadata.year,
                check.rule.rawValue, check.rule.isExact, check.place, check.cell.dotted,
                JSONValue.finite(check.expected), JSONValue.finite(check.actual), check.status.rawValue, check.reason,
            ]
            try insert.execute(arguments: StatementArguments(values))
        }
    }

    /// One row of `cells` put into its report's table (a row printed in place of others noted as such).
    static func add(_ cell: [String: DatabaseValue], to report: inout AnnualReport) {
        func value<T: DatabaseValueConvertible>(_ name: String, _ type: T.Type) -> T? { cell[name].flatMap { T.fromDatabaseValue($0) } }
        guard let table = value("tableName", String.self).flatMap(TableID.init(rawValue:)),
              let row = value("rowKey", String.self), let column = value("columnKey", String.self) else { return }
        let location = (value("page", Int.self), value("line", Int.self))
        report.tables[table][CellKey.path(row: row, column: column)] = CellValue(
            number: value("value", Double.self), raw: value("raw", String.self), note: value("note", String.self),
            location: location.0 == nil && location.1 == nil ? nil : SourceLocation(page: location.0, line: location.1))
        if let spec = report.template.table(table).row(row), !spec.replaces.isEmpty { report.tables.alternativeRows.insert(row) }
    }

    /// What was compared, the rules' results, and the names merged or kept apart.
    public var summary: String {
        let checks = pairs.flatMap(\.checks)
        let count = { (status: CheckResult.Status, exact: Bool?) in
            checks.filter { $0.status == status && (exact == nil || $0.rule.isExact == exact) }.count
        }
        var out = "Corpus: \(reportCount) reports, \(bodies.count) bodies"
        out += leftOut.isEmpty ? "\n" : " (\(leftOut.count) report\(leftOut.count == 1 ? "" : "s") without an agency or a year left out)\n"
        out += "Pairs of consecutive years compared: \(pairs.count)\n"
        for pair in pairs {
            let c = pair
            let failing = c.checks.filter { $0.status == .fail }.map { "\($0.rule.isExact ? "FAIL" : "WARN") \($0.rule.rawValue) (\($0.place))" }
            out += "  \(pair.body) \(c.earlier.year ?? 0) → \(c.later.year ?? 0): "
            out += "\(c.checks.filter { $0.status == .pass }.count) pass, \(c.checks.filter { $0.status == .fail }.count) fail, "
            out += "\(c.checks.filter { $0.status == .notEvaluated }.count) not evaluated"
            out += failing.isEmpty ? "\n" : ": " + failing.joined(separator: ", ") + "\n"
        }
        out += "Cross-year rules: \(count(.pass, nil)) pass, \(count(.fail, true)) fail, \(count(.fail, false)) warnings, \(count(.notEvaluated, nil)) not evaluated\n"
        let merged = bodies.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        for (body, names) in merged { out += "One body: \(body) ← \(names.joined(separator: ", "))\n" }
        for (name, candidates) in grouping.ambiguous.sorted(by: { $0.key < $1.key }) {
            out += "Ambiguous (kept apart; an alias file decides): \(name) could be \(candidates.joined(separator: " or "))\n"
        }
        for (body, years) in repeatedYears.sorted(by: { $0.key < $1.key }) {
            out += "Several reports of one year: \(body) \(years.map(String.init).joined(separator: ", "))\n"
        }
        return out
    }
}
