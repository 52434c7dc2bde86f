import Foundation
import GRDB
import NianbaoKit

/// `nianbao compare --db`: every body's consecutive years in a corpus compared (``ReportComparison``),
/// the results written into its `crossYearChecks` table (replacing those of an earlier run, in one
/// transaction) and summed up.
///
/// Reports are of one body by their agency names (``AgencyNames``); a report without an agency or
/// a year is left out and counted. A body with several reports of one year (the same report
/// converted from two files) has each of them compared with each of the next year's.
public struct CorpusComparison: Sendable {
    /// Two reports of one body in consecutive years, compared.
    public struct Pair: Sendable {
        public var body: String
        public var comparison: ReportComparison
    }

    /// A report as the corpus holds it.
    struct Stored {
        var sha256: String
        var report: AnnualReport
    }

    public var pairs: [Pair]
    /// Reports in the corpus.
    public var reportCount: Int
    /// Reports left out: no agency, no year, or a template nianbao does not know.
    public var leftOut: [String]
    /// Bodies (reports of one normalised name, after merging) and the names each was printed with.
    public var bodies: [String: [String]]
    public var grouping: AgencyNames.Grouping
    /// Body → years it has several reports of.
    public var repeatedYears: [String: [Int]]

    /// Compares the consecutive years of every body in `corpus` and writes the results into it.
    public init(corpus: CorpusDatabase, aliases: AgencyNames.Aliases = AgencyNames.Aliases(), flagChange: Double = 0.5) throws(NianbaoError) {
        let (stored, leftOut) = try Self.load(corpus)
        reportCount = stored.count + leftOut.count
        self.leftOut = leftOut
        grouping = AgencyNames.group(stored.compactMap(\.report.metadata.agency), aliases: aliases)
        var byBody: [String: [Stored]] = [:]
        var names: [String: Set<String>] = [:]
        for s in stored {
            let agency = s.report.metadata.agency ?? ""
            let body = grouping.body[agency] ?? agency
            byBody[body, default: []].append(s)
            names[body, default: []].insert(agency)
        }
        bodies = names.mapValues { $0.sorted() }
        var pairs: [Pair] = [], repeated: [String: [Int]] = [:]
        for body in byBody.keys.sorted() {
            let byYear = Dictionary(grouping: byBody[body] ?? [], by: { $0.report.metadata.year ?? 0 })
            repeated[body] = byYear.filter { $0.value.count > 1 }.keys.sorted()
            for year in byYear.keys.sorted() {
                for earlier in byYear[year] ?? [] {
                    for later in byYear[year + 1] ?? [] {
                        pairs.append(Pair(body: body, comparison: ReportComparison(earlier: earlier.report, later: later.report, flagChange: flagChange)))
                    }
                }
            }
        }
        self.pairs = pairs
        repeatedYears = repeated.filter { !$0.value.isEmpty }
        try corpus.replaceCrossYearChecks(pairs.map { ($0.body, $0.comparison) })
    }

    /// Whether an exact cross-year rule fails in any pair.
    public var fails: Bool { pairs.contains { $0.comparison.fails } }

    /// The corpus's reports with their cells, and the names of those left out.
    static func load(_ corpus: CorpusDatabase) throws(NianbaoError) -> ([Stored], [String]) {
        let reports = try corpus.query("SELECT sha256, source, format, title, agency, year, template, publishedOn FROM reports ORDER BY source, sha256")
        let cells = try corpus.query("SELECT reportSha256, tableName, rowKey, columnKey, value, raw, note, page, line FROM cells")
        let cellsByReport = Dictionary(grouping: cells, by: { String.fromDatabaseValue($0["reportSha256"] ?? .null) ?? "" })
        var stored: [Stored] = [], leftOut: [String] = []
        for row in reports {
            func text(_ name: String) -> String? { row[name].flatMap { String.fromDatabaseValue($0) } }
            let sha = text("sha256") ?? "", source = text("source") ?? sha
            guard let agency = text("agency"), let year = row["year"].flatMap({ Int.fromDatabaseValue($0) }),
                  let template = text("template").flatMap(TemplateVersion.init(rawValue:)) else {
                leftOut.append(source)
                continue
            }
            let metadata = ReportMetadata(title: text("title"), agency: agency, year: year, publishedOn: text("publishedOn"), template: template)
            var report = AnnualReport(
                source: SourceInfo(file: source, format: InputFormat(rawValue: text("format") ?? ""), sha256: sha),
                metadata: metadata, sections: [], tables: ReportTables())
            for cell in cellsByReport[sha] ?? [] { Self.add(cell, to: &report) }
            stored.append(Stored(sha256: sha, report: report))
        }
        return (stored, leftOut)
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
        let checks = pairs.flatMap(\.comparison.checks)
        let count = { (status: CheckResult.Status, exact: Bool?) in
            checks.filter { $0.status == status && (exact == nil || $0.rule.isExact == exact) }.count
        }
        var out = "Corpus: \(reportCount) reports, \(bodies.count) bodies"
        out += leftOut.isEmpty ? "\n" : " (\(leftOut.count) report\(leftOut.count == 1 ? "" : "s") without an agency or a year left out)\n"
        out += "Pairs of consecutive years compared: \(pairs.count)\n"
        for pair in pairs {
            let c = pair.comparison
            let failing = c.checks.filter { $0.status == .fail }.map { "\($0.rule.isExact ? "FAIL" : "WARN") \($0.rule.rawValue) (\($0.place))" }
            out += "  \(pair.body) \(c.earlier.metadata.year ?? 0) → \(c.later.metadata.year ?? 0): "
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

extension CorpusDatabase {
    /// Replaces the whole `crossYearChecks` table with the checks of `pairs`, in one transaction.
    func replaceCrossYearChecks(_ pairs: [(body: String, comparison: ReportComparison)]) throws(NianbaoError) {
        do {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM crossYearChecks")
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO crossYearChecks (earlierSha256, laterSha256, position, body, earlierYear, laterYear, rule, exact, \
                    place, key, expected, actual, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for (body, c) in pairs {
                    for (position, check) in c.checks.enumerated() {
                        let values: [(any DatabaseValueConvertible)?] = [
                            c.earlier.source.sha256, c.later.source.sha256, position, body, c.earlier.metadata.year, c.later.metadata.year,
                            check.rule.rawValue, check.rule.isExact, check.place, check.cell.dotted,
                            JSONValue.finite(check.expected), JSONValue.finite(check.actual), check.status.rawValue, check.reason,
                        ]
                        try insert.execute(arguments: StatementArguments(values))
                    }
                }
            }
        } catch {
            throw .unwritableOutput(path: path, reason: "cannot write crossYearChecks: \(Self.describe(error))")
        }
    }
}
