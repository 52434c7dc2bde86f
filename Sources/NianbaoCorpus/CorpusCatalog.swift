import Foundation
import GRDB
import NianbaoKit

/// A corpus opened read-only (`nianbao serve --db`): its reports listed and filtered, one report
/// read back with its cells, checks and diagnostics, and the applications received per year.
///
/// Opening never creates, migrates or writes the file: SQLite opens it read-only, so a missing
/// file is an error rather than a new empty database, and a database of another program is
/// refused by its tables. Every value from a request reaches SQL as a bound argument.
public struct CorpusCatalog: Sendable {
    /// The database file.
    public let path: String
    let queue: DatabaseQueue

    /// Opens the corpus at `path` read-only; an error names the file and says why it cannot be used.
    public init(readOnly path: String) throws(NianbaoError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadableInput(path: path, reason: "no such file (the corpus is made by `nianbao convert … --db`; serve only reads it)")
        }
        guard !isDirectory.boolValue else { throw .unreadableInput(path: path, reason: "it is a directory, not an SQLite corpus") }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read(Self.requireCorpus)
        } catch let error as CorpusSchema.NotACorpus {
            throw .unreadableInput(path: path, reason: error.description)
        } catch {
            throw .unreadableInput(path: path, reason: "cannot open it as an SQLite corpus: \(CorpusDatabase.describe(error))")
        }
    }

    /// The columns this catalog reads, by table: a database without them is not a corpus it can show.
    static let requiredColumns: [String: Set<String>] = [
        "reports": ["sha256", "source", "format", "title", "agency", "year", "template", "publishedOn", "checksFailed", "checksNotEvaluated"],
        "cells": ["reportSha256", "tableName", "rowKey", "columnKey", "value", "raw", "note", "page", "line"],
        "checks": ["reportSha256", "position", "rule", "tableName", "place", "statement", "status", "expected", "actual", "cells", "reason"],
        "diagnostics": ["reportSha256", "position", "severity", "code", "message", "page", "line", "key"],
    ]

    static func requireCorpus(_ db: Database) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for (table, columns) in requiredColumns {
            let present = tables.contains(table)
                ? Set(try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).map { $0["name"] as String }) : []
            guard present.isSuperset(of: columns) else {
                let shown = tables.isEmpty ? "none" : tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
                throw CorpusSchema.NotACorpus(tables: shown)
            }
        }
    }

    /// Which reports a listing shows; nil fields do not filter.
    public struct Filter: Sendable, Equatable {
        /// Reports whose agency contains this text (literally: `%` and `_` are themselves).
        public var agency: String?
        public var year: Int?
        public var failing: Failing?

        public init(agency: String? = nil, year: Int? = nil, failing: Failing? = nil) {
            self.agency = agency
            self.year = year
            self.failing = failing
        }

        /// Reports with any failed 勾稽 rule, or with a failed rule of one kind.
        public enum Failing: Sendable, Equatable {
            case any
            case rule(CheckRule)
        }

        /// The WHERE clause on `reports` and its arguments.
        func clause(year includeYear: Bool = true) -> (sql: String, arguments: StatementArguments) {
            var terms: [String] = []
            var arguments = StatementArguments()
            if let agency, !agency.isEmpty {
                terms.append("reports.agency LIKE ? ESCAPE '\\'")
                let escaped = agency.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_")
                arguments += ["%" + escaped + "%"]
            }
            if includeYear, let year {
                terms.append("reports.year = ?")
                arguments += [year]
            }
            switch failing {
            case nil: break
            case .any: terms.append("reports.checksFailed > 0")
            case let .rule(rule):
                terms.append("EXISTS (SELECT 1 FROM checks WHERE checks.reportSha256 = reports.sha256 AND checks.status = 'fail' AND checks.rule = ?)")
                arguments += [rule.rawValue]
            }
            return (terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "), arguments)
        }
    }

    /// A report as a listing shows it.
    public struct Listed: Sendable, Equatable {
        public var sha256: String
        public var source: String
        public var format: String
        public var title: String?
        public var agency: String?
        public var year: Int?
        public var checksFailed: Int
        public var checksNotEvaluated: Int
        /// The rules that failed somewhere in the report, sorted.
        public var failedRules: [String]
    }

    /// One page of the reports `filter` selects (by agency, year, source), and how many it selects in all.
    public func reports(_ filter: Filter, offset: Int, limit: Int) throws(NianbaoError) -> (total: Int, page: [Listed]) {
        let (clause, arguments) = filter.clause()
        return try read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reports \(clause)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT sha256, source, format, title, agency, year, checksFailed, checksNotEvaluated,
                    (SELECT group_concat(rule, ' ') FROM (SELECT DISTINCT rule FROM checks
                     WHERE checks.reportSha256 = reports.sha256 AND checks.status = 'fail' ORDER BY rule)) AS failedRules
                    FROM reports \(clause) ORDER BY agency IS NULL, agency, year, source, sha256 LIMIT ? OFFSET ?
                    """,
                arguments: arguments + [max(0, limit), max(0, offset)])
            let page = rows.map { row in
                Listed(
                    sha256: Self.text(row, "sha256") ?? "", source: Self.text(row, "source") ?? "", format: Self.text(row, "format") ?? "",
                    title: Self.text(row, "title"), agency: Self.text(row, "agency"), year: Self.integer(row, "year"),
                    checksFailed: Self.integer(row, "checksFailed") ?? 0, checksNotEvaluated: Self.integer(row, "checksNotEvaluated") ?? 0,
                    failedRules: Self.text(row, "failedRules").map { $0.split(separator: " ").map(String.init) } ?? [])
            }
            return (total, page)
        }
    }

    /// The years reports are of, ascending.
    public func years() throws(NianbaoError) -> [Int] {
        try read { db in try Int.fetchAll(db, sql: "SELECT DISTINCT year FROM reports WHERE year IS NOT NULL ORDER BY year") }
    }

    /// Applications received in one year (`applications.newReceived.total`, 本年新收申请总计).
    public struct YearTotal: Sendable, Equatable {
        public var year: Int
        /// The sum of the reports whose total was read.
        public var received: Double
        /// Reports of the year in the sum.
        public var reports: Int
        /// Reports of the year whose total is null (not in the sum).
        public var withoutValue: Int
    }

    /// Applications received per year, over the reports `filter` selects whatever their year.
    public func applicationsReceived(_ filter: Filter) throws(NianbaoError) -> [YearTotal] {
        let (clause, arguments) = filter.clause(year: false)
        let condition = clause.isEmpty ? "WHERE reports.year IS NOT NULL" : clause + " AND reports.year IS NOT NULL"
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT reports.year AS year, TOTAL(cells.value) AS received, COUNT(cells.value) AS counted, COUNT(*) AS reports
                    FROM reports LEFT JOIN cells ON cells.reportSha256 = reports.sha256 AND cells.tableName = 'applications'
                    AND cells.rowKey = 'newReceived' AND cells.columnKey = 'total'
                    \(condition) GROUP BY reports.year ORDER BY reports.year
                    """,
                arguments: arguments
            ).compactMap(Self.yearTotal)
        }
    }

    /// One row of ``applicationsReceived(_:)``'s query.
    static func yearTotal(_ row: Row) -> YearTotal? {
        guard let year = integer(row, "year") else { return nil }
        let counted = integer(row, "counted") ?? 0
        let all = integer(row, "reports") ?? 0
        return YearTotal(year: year, received: number(row, "received") ?? 0, reports: counted, withoutValue: max(0, all - counted))
    }

    /// Whether `text` has the form of a report's ID (the SHA-256 of its source: 64 lowercase hex digits).
    public static func isReportID(_ text: Substring) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The report with this ID, read back (metadata, cells, checks, diagnostics; the corpus keeps no
    /// section text); nil when the corpus has none.
    public func report(id: String) throws(NianbaoError) -> AnnualReport? {
        try read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT sha256, source, format, title, agency, year, template, publishedOn FROM reports WHERE sha256 = ?",
                arguments: [id])
            else { return nil }
            let template = Self.text(row, "template").flatMap(TemplateVersion.init(rawValue:)) ?? .v2021
            let listed = CorpusComparison.Listed(
                sha256: id,
                source: SourceInfo(file: Self.text(row, "source") ?? id, format: InputFormat(rawValue: Self.text(row, "format") ?? ""), sha256: id),
                metadata: ReportMetadata(
                    title: Self.text(row, "title"), agency: Self.text(row, "agency"), year: Self.integer(row, "year"),
                    publishedOn: Self.text(row, "publishedOn"), template: template))
            var report = try CorpusComparison.load(listed, db: db)
            report.checks = try Self.checks(id, db: db)
            report.diagnostics = try Self.diagnostics(id, db: db)
            return report
        }
    }

    /// The report's checks in their order; a row this version cannot read (a rule or table it does
    /// not know) is left out.
    static func checks(_ id: String, db: Database) throws -> [CheckResult] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT rule, tableName, place, statement, status, expected, actual, cells, reason FROM checks WHERE reportSha256 = ? ORDER BY position",
            arguments: [id])
        return rows.compactMap { row in
            guard let rule = text(row, "rule").flatMap(CheckRule.init(rawValue:)),
                  let table = text(row, "tableName").flatMap(TableID.init(rawValue:)),
                  let status = text(row, "status").flatMap(CheckResult.Status.init(rawValue:))
            else { return nil }
            let keys = text(row, "cells").flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] } ?? []
            return CheckResult.stored(
                rule: rule, table: table, place: text(row, "place") ?? "", statement: text(row, "statement") ?? "",
                expected: number(row, "expected"), actual: number(row, "actual"), status: status,
                cells: keys.compactMap(CellKey.init(dotted:)), reason: text(row, "reason"))
        }
    }

    /// The report's diagnostics in their order. One of a severity or code this version does not
    /// know keeps its message (the page shows messages, not codes) as a warning of `row-unreadable`.
    static func diagnostics(_ id: String, db: Database) throws -> [Diagnostic] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT severity, code, message, page, line, key FROM diagnostics WHERE reportSha256 = ? ORDER BY position", arguments: [id])
        return rows.map { row in
            let page = integer(row, "page"), line = integer(row, "line")
            return Diagnostic(
                text(row, "severity").flatMap(Diagnostic.Severity.init(rawValue:)) ?? .warning,
                text(row, "code").flatMap(DiagnosticCode.init(rawValue:)) ?? .rowUnreadable,
                text(row, "message") ?? "", at: page == nil && line == nil ? nil : SourceLocation(page: page, line: line),
                key: text(row, "key"))
        }
    }

    // A column's value, nil when NULL or of another type (never a trap on a file that is not as
    // expected). Not inlined: Swift 6.3's optimizer crashed (an ownership error) inlining these.
    @inline(never)
    static func text(_ row: Row, _ name: String) -> String? { String.fromDatabaseValue(row[name] as DatabaseValue) }
    @inline(never)
    static func integer(_ row: Row, _ name: String) -> Int? { Int.fromDatabaseValue(row[name] as DatabaseValue) }
    @inline(never)
    static func number(_ row: Row, _ name: String) -> Double? {
        Double.fromDatabaseValue(row[name] as DatabaseValue).flatMap { $0.isFinite ? $0 : nil }
    }

    func read<T>(_ body: (Database) throws -> T) throws(NianbaoError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw .unreadableInput(path: path, reason: "cannot read the corpus: \(CorpusDatabase.describe(error))")
        }
    }
}
