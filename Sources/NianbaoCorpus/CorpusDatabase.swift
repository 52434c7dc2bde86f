import Foundation
import GRDB
import NianbaoKit

/// A corpus of converted reports in one SQLite file: tables `reports`, `cells`, `checks` and
/// `diagnostics` (see ``CorpusSchema``), keyed by the SHA-256 of each report's source.
///
/// Importing a report replaces whatever the database held for the same source bytes, in one
/// transaction: a failure or an interrupted run leaves the report as it was before, never half
/// written. All writes go through one GRDB `DatabaseQueue`, which serialises them, so any number of
/// conversions may import at once.
public struct CorpusDatabase: Sendable {
    /// The database file.
    public let path: String
    let queue: DatabaseQueue

    /// Opens (or creates) the corpus at `path` and brings its tables up to date.
    public init(path: String) throws(NianbaoError) {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try CorpusSchema.prepare(queue)
        } catch let error as CorpusSchema.NotACorpus {
            throw .unwritableOutput(path: path, reason: error.description)
        } catch {
            throw .unwritableOutput(path: path, reason: "cannot open it as an SQLite corpus: \(Self.describe(error))")
        }
    }

    /// Stores `report`, replacing the rows of an earlier import of the same source (by SHA-256).
    public func upsert(_ report: AnnualReport, convertedAt: Date = Date()) throws(NianbaoError) {
        try upsert(report, convertedAt: convertedAt, interrupt: nil)
    }

    /// ``upsert(_:convertedAt:)`` with a hook called between the statements of the transaction
    /// (with the table just written); a hook that throws stands for a run killed midway.
    func upsert(_ report: AnnualReport, convertedAt: Date, interrupt: ((String) throws -> Void)?) throws(NianbaoError) {
        let rows = CorpusRows(report: report, convertedAt: convertedAt)
        do {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM reports WHERE sha256 = ?", arguments: [rows.sha256])
                try db.execute(
                    sql: """
                        INSERT INTO reports (sha256, source, format, title, agency, year, template, publishedOn, convertedAt, \
                        checksFailed, checksNotEvaluated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: StatementArguments(rows.report))
                try interrupt?("reports")
                let cell = try db.cachedStatement(sql: """
                    INSERT INTO cells (reportSha256, tableName, rowKey, columnKey, value, raw, note, page, line, ocr, ocrConfidence) \
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for values in rows.cells { try cell.execute(arguments: StatementArguments(values)) }
                try interrupt?("cells")
                let check = try db.cachedStatement(sql: """
                    INSERT INTO checks (reportSha256, position, rule, tableName, place, statement, status, expected, actual, cells, reason) \
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for values in rows.checks { try check.execute(arguments: StatementArguments(values)) }
                try interrupt?("checks")
                let diagnostic = try db.cachedStatement(sql: """
                    INSERT INTO diagnostics (reportSha256, position, severity, code, message, page, line, key) \
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for values in rows.diagnostics { try diagnostic.execute(arguments: StatementArguments(values)) }
                try interrupt?("diagnostics")
            }
        } catch {
            throw .unwritableOutput(path: path, reason: "cannot store \(report.source.file) in the corpus: \(Self.describe(error))")
        }
    }

    /// True when the corpus holds a report made from source bytes with this SHA-256.
    public func contains(sha256: String) throws(NianbaoError) -> Bool {
        do {
            return try queue.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM reports WHERE sha256 = ?)", arguments: [sha256]) ?? false
            }
        } catch {
            throw .unwritableOutput(path: path, reason: "cannot read the corpus: \(Self.describe(error))")
        }
    }

    /// The number of rows of each table (for summaries and tests).
    public func rowCounts() throws(NianbaoError) -> [String: Int] {
        do {
            return try queue.read { db in
                var counts: [String: Int] = [:]
                for table in CorpusSchema.tables {
                    counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
                }
                return counts
            }
        } catch {
            throw .unwritableOutput(path: path, reason: "cannot read the corpus: \(Self.describe(error))")
        }
    }

    /// Runs a read-only query and returns its rows as column name → value (text, integer, real or
    /// nil); for tests and tools.
    public func query(_ sql: String, arguments: [(any DatabaseValueConvertible)?] = []) throws(NianbaoError) -> [[String: DatabaseValue]] {
        do {
            return try queue.read { db in
                try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                    Dictionary(uniqueKeysWithValues: row.columnNames.map { ($0, row[$0] as DatabaseValue) })
                }
            }
        } catch {
            throw .unwritableOutput(path: path, reason: "cannot query the corpus: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return String(describing: error)
    }
}
