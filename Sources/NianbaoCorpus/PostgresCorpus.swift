import Foundation
import NianbaoKit

/// A corpus in a PostgreSQL database (`convert --db postgres://user@host/db`): the tables of the
/// SQLite corpus (``PostgresSchema``), written by any number of processes at once — the shards of a
/// batch on many machines.
///
/// Concurrency: each report is stored in one transaction that first takes a transaction-scoped
/// advisory lock on the report's source SHA-256 (`pg_advisory_xact_lock`), then deletes the rows of
/// an earlier import and inserts the new ones. The lock, not `INSERT … ON CONFLICT`, because a report
/// is rows in four tables: with ON CONFLICT on `reports` alone, two writers of the same bytes would
/// each insert cells under a report row the other replaces (a primary-key failure for one of them,
/// or rows of two conversions mixed). Under the lock the second writer waits until the first
/// commits, then (READ COMMITTED: each statement sees what was committed before it) deletes that
/// report whole and writes its own: one complete report, never two, never none. Writers of
/// different reports do not wait for each other; the server releases the lock at commit, at
/// rollback and when a process dies.
///
/// Connections: a connection that cannot be made, or is lost, is tried again after 0.25, 0.5, 1
/// and 2 s; after the fifth failure the corpus gives up, and every later call fails at once with
/// the same message (the batch ends with exit 3; a re-run converts what is missing).
public final class PostgresCorpus: CorpusStore, @unchecked Sendable {
    public let location: String
    private let url: String
    /// Serialises the use of `connection` by the batch's jobs (libpq connections are not thread-safe).
    private let lock = NSLock()
    private var connection: PostgresConnection?
    /// Set when the server could not be reached after every retry.
    private var unreachable: String?
    /// Seconds to wait before each retry of a connection.
    let delays: [Double]

    /// Connects to `url` (retrying), and creates the tables or brings them up to date.
    public init(url: String, delays: [Double] = [0.25, 0.5, 1, 2]) throws(NianbaoError) {
        self.url = url
        self.location = Self.redacted(url)
        self.delays = delays
        do {
            try withConnection { connection in try PostgresSchema.prepare(connection) }
        } catch {
            throw .unwritableOutput(path: location, reason: error.reason)
        }
    }

    /// `url` without its password (`postgres://user:secret@host/db` → `postgres://user:***@host/db`).
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }

    public func upsert(_ report: AnnualReport, convertedAt: Date) throws(NianbaoError) {
        try upsert(report, convertedAt: convertedAt, interrupt: nil)
    }

    /// ``upsert(_:convertedAt:)`` with a hook called between the statements of the transaction
    /// (with the table just written); a hook that throws stands for a run killed midway.
    func upsert(_ report: AnnualReport, convertedAt: Date, interrupt: ((String) throws -> Void)?) throws(NianbaoError) {
        let rows = CorpusRows(report: report, convertedAt: convertedAt)
        let values: [String: [[CorpusValue]]] = [
            "reports": [rows.report.map { CorpusValue(argument: $0) }], "cells": rows.cells.map { $0.map { CorpusValue(argument: $0) } },
            "checks": rows.checks.map { $0.map { CorpusValue(argument: $0) } }, "diagnostics": rows.diagnostics.map { $0.map { CorpusValue(argument: $0) } },
        ]
        do {
            try withConnection { connection in
                try Self.transaction(connection) {
                    try Self.lockReport(connection, rows.sha256)
                    try connection.execute("DELETE FROM reports WHERE sha256 = $1", [rows.sha256])
                    for table in CorpusSchema.tables {
                        try Self.insert(connection, table: table, columns: CorpusSchema.columns[table] ?? [], rows: values[table] ?? [])
                        try interrupt?(table)
                    }
                }
            }
        } catch {
            throw .unwritableOutput(path: location, reason: "cannot store \(report.source.file) in the corpus: \(error.reason)")
        }
    }

    public func contains(sha256: String) throws(NianbaoError) -> Bool {
        let rows = try read { connection in try connection.execute("SELECT EXISTS (SELECT 1 FROM reports WHERE sha256 = $1)", [sha256]) }
        return rows.rows.first?.first == .text("t")
    }

    public func rowCounts() throws(NianbaoError) -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in CorpusSchema.tables {
            let rows = try read { connection in try connection.execute("SELECT COUNT(*) FROM \(table)") }
            if case let .integer(count) = rows.rows.first?.first { counts[table] = Int(count) }
        }
        return counts
    }

    public func rows(of table: String) throws(NianbaoError) -> [[String: CorpusValue]] {
        guard let columns = CorpusSchema.columns[table] else { return [] }
        return try query("SELECT \(columns.joined(separator: ", ")) FROM \(table)")
    }

    /// Runs a read-only query (values as parameters $1, $2, …) and returns its rows as column name
    /// → value, a corpus column by its name in ``CorpusSchema/columns`` (`reportSha256`, not the
    /// folded `reportsha256`); for tests and tools.
    public func query(_ sql: String, arguments: [CorpusValue] = []) throws(NianbaoError) -> [[String: CorpusValue]] {
        let result = try read { connection in try connection.execute(sql, arguments.map(\.parameter)) }
        let names = result.columns.map { Self.columnNames[$0] ?? $0 }
        return result.rows.map { Dictionary(zip(names, $0), uniquingKeysWith: { first, _ in first }) }
    }

    /// Lower-case names (as PostgreSQL gives them) → the corpus's names.
    static let columnNames = Dictionary(
        CorpusSchema.columns.values.joined().map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })

    // MARK: - Statements

    /// Runs `body` between BEGIN and COMMIT; ROLLBACK when it throws (if the connection still works).
    static func transaction(_ connection: PostgresConnection, _ body: () throws -> Void) throws {
        try connection.execute("BEGIN")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            if connection.isAlive { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    /// Takes the transaction's advisory lock on a report: the first 16 hex digits of its SHA-256 as
    /// a 64-bit key (any other text is hashed by the server).
    static func lockReport(_ connection: PostgresConnection, _ sha256: String) throws {
        if sha256.count >= 16, let key = UInt64(sha256.prefix(16), radix: 16) {
            try connection.execute("SELECT pg_advisory_xact_lock($1::int8)", [String(Int64(bitPattern: key))])
        } else {
            try connection.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [sha256])
        }
    }

    /// Inserts `rows` into `table`, up to 500 rows a statement; only the placeholders ($1, $2, …)
    /// are built into the SQL, every value is a parameter.
    static func insert(_ connection: PostgresConnection, table: String, columns: [String], rows: [[CorpusValue]]) throws {
        let chunk = 500
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let part = rows[start..<min(start + chunk, rows.count)]
            var placeholders: [String] = [], parameters: [String?] = []
            for row in part {
                let first = parameters.count
                placeholders.append("(" + row.indices.map { "$\(first + $0 + 1)" }.joined(separator: ", ") + ")")
                parameters += row.map(\.parameter)
            }
            try connection.execute(
                "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(placeholders.joined(separator: ", "))", parameters)
        }
    }

    // MARK: - The connection

    /// A read with the connection; an error is the corpus's (exit 3).
    private func read<T>(_ body: (PostgresConnection) throws -> T) throws(NianbaoError) -> T {
        do {
            return try withConnection(body)
        } catch {
            throw .unwritableOutput(path: location, reason: "cannot read the corpus: \(error.reason)")
        }
    }

    /// Runs `body` (a whole transaction, or one statement) with the connection, connecting first
    /// when there is none. When the connection fails or is lost, or the server rolls the transaction
    /// back for a conflict, `body` runs again after the next delay; a connection failure after the
    /// last delay marks the server unreachable.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws(CorpusFailure) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let unreachable { throw CorpusFailure(reason: unreachable) }
        var attempt = 0
        while true {
            do {
                let connection = try connection ?? PostgresConnection(url: url)
                self.connection = connection
                return try body(connection)
            } catch let error as PostgresError where error.connectionLost || error.isTransient {
                if error.connectionLost { connection = nil }
                guard attempt < delays.count else {
                    let reason = error.connectionLost
                        ? "cannot reach the PostgreSQL server (\(delays.count + 1) attempts): \(error.message)" : error.message
                    if error.connectionLost { unreachable = reason }
                    throw CorpusFailure(reason: reason)
                }
                Thread.sleep(forTimeInterval: delays[attempt])
                attempt += 1
            } catch let error as PostgresError {
                throw CorpusFailure(reason: error.message)
            } catch let error as CorpusSchema.NotACorpus {
                throw CorpusFailure(reason: error.description)
            } catch let error as NianbaoError {
                throw CorpusFailure(reason: error.description, nianbao: error)
            } catch {
                throw CorpusFailure(reason: String(describing: error))
            }
        }
    }
}

/// Why a PostgreSQL corpus call failed, in one line.
struct CorpusFailure: Error {
    var reason: String
    /// The error itself when it was already nianbao's (a source of a merge that is not a corpus).
    var nianbao: NianbaoError?
}
