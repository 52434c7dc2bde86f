import Foundation
import GRDB
import NianbaoKit

/// `nianbao corpus merge A.sqlite … --into postgres://…`: the SQLite corpora of shards copied into
/// a PostgreSQL corpus.
extension PostgresCorpus {
    /// Copies the reports of the SQLite corpus at `source` (opened read-only) into this one, with
    /// the rules of ``CorpusDatabase/merge(from:)`` (added when missing, replaced when the source
    /// converted it later, else kept). Each report is its own transaction under the report's
    /// advisory lock, as `convert --db` writes it: a merge beside running shards never holds many
    /// locks, and an interrupted merge leaves whole reports (merging again completes it).
    public func merge(from source: String) throws(NianbaoError) -> CorpusDatabase.MergeCount {
        let reader = try SQLiteSource(path: source)
        var count = CorpusDatabase.MergeCount()
        for (sha256, convertedAt) in try reader.reports() {
            let tables = try reader.rows(of: sha256)
            do {
                let outcome = try withConnection { connection in
                    try Self.mergeReport(connection, sha256: sha256, convertedAt: convertedAt, tables: tables, columns: reader.columns)
                }
                switch outcome {
                case .added: count.added += 1
                case .replaced: count.replaced += 1
                case .kept: count.kept += 1
                }
            } catch {
                throw .unwritableOutput(path: location, reason: "cannot merge \(source) into it: \(error.reason)")
            }
        }
        return count
    }

    enum MergeOutcome { case added, replaced, kept }

    /// One report of a merge, in its transaction.
    static func mergeReport(
        _ connection: PostgresConnection, sha256: String, convertedAt: String, tables: [String: [[CorpusValue]]], columns: [String: [String]]
    ) throws -> MergeOutcome {
        var outcome = MergeOutcome.kept
        try transaction(connection) {
            try lockReport(connection, sha256)
            let held = try connection.execute("SELECT convertedAt FROM reports WHERE sha256 = $1", [sha256]).rows.first?.first
            if let held, case let .text(time) = held, time >= convertedAt { return }
            outcome = held == nil ? .added : .replaced
            // The foreign keys cascade: a replaced report's cells, checks and diagnostics go with it.
            try connection.execute("DELETE FROM reports WHERE sha256 = $1", [sha256])
            for table in CorpusDatabase.mergedTables {
                try insert(connection, table: table, columns: columns[table] ?? [], rows: tables[table] ?? [])
            }
        }
        return outcome
    }
}

/// An SQLite corpus read for a merge: its reports, and each report's rows of the merged tables in
/// the columns both it and the target have (a corpus made before a later migration lacks its
/// columns: NULL in the target).
struct SQLiteSource {
    let path: String
    let queue: DatabaseQueue
    /// Each merged table's columns, those of ``CorpusSchema/columns`` the source has.
    let columns: [String: [String]]

    init(path: String) throws(NianbaoError) {
        self.path = path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .unreadableInput(path: path, reason: "no such file, or it cannot be read")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            columns = try queue.read { db in try Self.columns(db) }
        } catch let error as NianbaoError {
            if case let .unreadableInput(_, reason) = error { throw .unreadableInput(path: path, reason: reason) }
            throw error
        } catch {
            throw .unreadableInput(path: path, reason: "not a nianbao corpus: \(CorpusDatabase.describe(error))")
        }
    }

    private static func columns(_ db: Database) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for table in CorpusDatabase.mergedTables {
            let target = CorpusSchema.columns[table] ?? []
            let present = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String })
            let optional = CorpusSchema.laterColumns[table] ?? []
            if let missing = target.first(where: { !present.contains($0) && !optional.contains($0) }) {
                let what = present.isEmpty ? "has no \(table) table" : "its \(table) table has no \(missing) column"
                throw NianbaoError.unreadableInput(path: "", reason: "not a nianbao corpus: \(what)")
            }
            result[table] = target.filter(present.contains)
        }
        return result
    }

    /// The source's reports: SHA-256 and conversion time, by SHA-256.
    func reports() throws(NianbaoError) -> [(String, String)] {
        do {
            return try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT sha256, convertedAt FROM reports ORDER BY sha256").map { ($0[0] as String, $0[1] as String) }
            }
        } catch {
            throw .unreadableInput(path: path, reason: "not a nianbao corpus: \(CorpusDatabase.describe(error))")
        }
    }

    /// One report's rows of each merged table, values in the order of `columns`.
    func rows(of sha256: String) throws(NianbaoError) -> [String: [[CorpusValue]]] {
        do {
            return try queue.read { db in
                var tables: [String: [[CorpusValue]]] = [:]
                for table in CorpusDatabase.mergedTables {
                    let list = (columns[table] ?? []).map { "\"\($0)\"" }.joined(separator: ", ")
                    let key = table == "reports" ? "sha256" : "reportSha256"
                    tables[table] = try Row.fetchAll(db, sql: "SELECT \(list) FROM \(table) WHERE \(key) = ?", arguments: [sha256]).map { row in
                        row.databaseValues.map { CorpusValue($0) }
                    }
                }
                return tables
            }
        } catch {
            throw .unreadableInput(path: path, reason: "cannot read it: \(CorpusDatabase.describe(error))")
        }
    }
}
