import Foundation
import GRDB
import NianbaoKit

/// Corpora written apart — by the shards of a batch, each on its own machine (`convert --shard I/N
/// --db shard-I.sqlite`) — merged into one (`nianbao corpus merge`).
extension CorpusDatabase {
    /// What a merge did with the reports of one source corpus.
    public struct MergeCount: Equatable, Sendable {
        /// Reports the target did not hold.
        public var added = 0
        /// Reports the target held from an earlier conversion, replaced by the later one.
        public var replaced = 0
        /// Reports the target already held from the same or a later conversion, left as they were.
        public var kept = 0
    }

    /// The tables a merge copies, parents first. `crossYearChecks` is derived (`compare --db`
    /// makes it again), so it is not copied; a replaced report's rows of it go with the report.
    static let mergedTables = ["reports", "cells", "checks", "diagnostics"]

    /// Copies the reports of the corpus at `source` into this one, one transaction for the whole
    /// source: a report (by the SHA-256 of its source bytes) the target lacks is added with all its
    /// rows; one it holds is replaced when the source converted it later (`convertedAt`), else
    /// kept. Merging the same source again changes nothing. A source that is not a nianbao corpus
    /// is refused before anything is written.
    public func merge(from source: String) throws(NianbaoError) -> MergeCount {
        guard FileManager.default.isReadableFile(atPath: source) else {
            throw .unreadableInput(path: source, reason: "no such file, or it cannot be read")
        }
        do {
            return try queue.writeWithoutTransaction { db in
                try Self.attach(db, source)
                defer { try? db.execute(sql: "DETACH DATABASE source") }
                let columns = try Self.mergeColumns(db, source: source)
                var count = MergeCount()
                try db.inTransaction {
                    count = try Self.copyReports(db, columns: columns)
                    return .commit
                }
                return count
            }
        } catch let error as NianbaoError {
            throw error
        } catch {
            throw .unwritableOutput(path: path, reason: "cannot merge \(source) into it: \(Self.describe(error))")
        }
    }

    /// Attaches `source` as `source`; an SQLite error here is the source's (it is not a database).
    static func attach(_ db: Database, _ source: String) throws {
        do {
            try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [source])
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source.sqlite_master")
        } catch {
            try? db.execute(sql: "DETACH DATABASE source")
            throw NianbaoError.unreadableInput(path: source, reason: "not a nianbao corpus: \(describe(error))")
        }
    }

    /// Each merged table's columns the target and the source both have; throws when the source lacks
    /// one of the first version's (a corpus made before a later migration lacks its columns: NULL).
    static func mergeColumns(_ db: Database, source: String) throws -> [String: [String]] {
        var columns: [String: [String]] = [:]
        for table in mergedTables {
            let target = try Row.fetchAll(db, sql: "PRAGMA main.table_info(\(table))").map { $0["name"] as String }
            let present = Set(try Row.fetchAll(db, sql: "PRAGMA source.table_info(\(table))").map { $0["name"] as String })
            let optional = CorpusSchema.laterColumns[table] ?? []
            guard let missing = target.first(where: { !present.contains($0) && !optional.contains($0) }) else {
                columns[table] = target.filter(present.contains)
                continue
            }
            let what = present.isEmpty ? "has no \(table) table" : "its \(table) table has no \(missing) column"
            throw NianbaoError.unreadableInput(path: source, reason: "not a nianbao corpus: \(what)")
        }
        return columns
    }

    /// The statements of one source's merge, inside its transaction.
    static func copyReports(_ db: Database, columns: [String: [String]]) throws -> MergeCount {
        try db.execute(sql: "DROP TABLE IF EXISTS temp.merging")
        try db.execute(sql: """
            CREATE TEMP TABLE merging AS
            SELECT s.sha256 AS sha256, m.sha256 IS NOT NULL AS replacing
            FROM source.reports s LEFT JOIN main.reports m ON m.sha256 = s.sha256
            WHERE m.sha256 IS NULL OR m.convertedAt < s.convertedAt
            """)
        var count = MergeCount()
        count.added = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.merging WHERE NOT replacing") ?? 0
        count.replaced = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.merging WHERE replacing") ?? 0
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source.reports") ?? 0
        count.kept = total - count.added - count.replaced
        // The foreign keys cascade: a replaced report's cells, checks and diagnostics go with it.
        try db.execute(sql: "DELETE FROM main.reports WHERE sha256 IN (SELECT sha256 FROM temp.merging)")
        for table in mergedTables {
            let list = (columns[table] ?? []).map { "\"\($0)\"" }.joined(separator: ", ")
            let key = table == "reports" ? "sha256" : "reportSha256"
            try db.execute(sql: """
                INSERT INTO main.\(table) (\(list)) SELECT \(list) FROM source.\(table)
                WHERE \(key) IN (SELECT sha256 FROM temp.merging)
                """)
        }
        try db.execute(sql: "DROP TABLE temp.merging")
        return count
    }
}
