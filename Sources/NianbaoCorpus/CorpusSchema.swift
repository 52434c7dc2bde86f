import GRDB

/// The corpus's tables, created and brought up to date by ``prepare(_:)``.
///
/// ```
/// reports     (sha256 PRIMARY KEY, source, format, title, agency, year, template, publishedOn,
///              convertedAt, checksFailed, checksNotEvaluated)
/// cells       (reportSha256, tableName, rowKey, columnKey, value, raw, note, page, line, ocr,
///              ocrConfidence)
/// checks      (reportSha256, position, rule, tableName, place, statement, status, expected, actual,
///              cells (a JSON array of dotted keys), reason)
/// diagnostics (reportSha256, position, severity, code, message, page, line, key)
/// crossYearChecks (earlierSha256, laterSha256, position, body, earlierYear, laterYear, rule, exact,
///              place, key, expected, actual, status, reason)      -- v2, by `nianbao compare --db`
/// ```
///
/// `cells` has one row per cell of the JSON output's `tables` (every cell of every row of the
/// report's template, a null value as NULL); `tableName`, `rowKey` and `columnKey` are the JSON's
/// keys (`applications`, `denied.stateSecret`, `naturalPerson`); `ocr` and `ocrConfidence` say how
/// OCR read the cell (`digits`, `text`, `skipped`; Tesseract's confidence 0–100), NULL for a cell
/// not read by OCR (added by migration v3). Child rows are deleted with their
/// report (foreign keys with ON DELETE CASCADE).
enum CorpusSchema {
    static let tables = ["reports", "cells", "checks", "diagnostics"]
    /// The columns of the four report tables, in the order ``CorpusRows`` gives their values (the
    /// same in SQLite and PostgreSQL, where unquoted names fold to lower case: `reportsha256`).
    package static let columns: [String: [String]] = [
        "reports": ["sha256", "source", "format", "title", "agency", "year", "template", "publishedOn", "convertedAt", "checksFailed", "checksNotEvaluated"],
        "cells": ["reportSha256", "tableName", "rowKey", "columnKey", "value", "raw", "note", "page", "line", "ocr", "ocrConfidence"],
        "checks": ["reportSha256", "position", "rule", "tableName", "place", "statement", "status", "expected", "actual", "cells", "reason"],
        "diagnostics": ["reportSha256", "position", "severity", "code", "message", "page", "line", "key"],
    ]
    /// Columns later migrations added to the first version's tables: a corpus made before them
    /// lacks them (NULL when it is merged into a newer one).
    static let laterColumns: [String: Set<String>] = ["cells": ["ocr", "ocrConfidence"]]

    /// The versions after the first, in order, by the identifiers GRDB's migrator gave them
    /// (recorded in `grdb_migrations`, so corpora made by earlier releases read on).
    static let laterVersions: [(identifier: String, sql: String)] = [("v2", v2), ("v3", v3)]

    /// The tables of the first version.
    static let v1 = """
                CREATE TABLE reports (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    format TEXT NOT NULL,
                    title TEXT,
                    agency TEXT,
                    year INTEGER,
                    template TEXT NOT NULL,
                    publishedOn TEXT,
                    convertedAt TEXT NOT NULL,
                    checksFailed INTEGER NOT NULL,
                    checksNotEvaluated INTEGER NOT NULL
                );
                CREATE TABLE cells (
                    reportSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
                    tableName TEXT NOT NULL,
                    rowKey TEXT NOT NULL,
                    columnKey TEXT NOT NULL,
                    value REAL,
                    raw TEXT,
                    note TEXT,
                    page INTEGER,
                    line INTEGER,
                    PRIMARY KEY (reportSha256, tableName, rowKey, columnKey)
                ) WITHOUT ROWID;
                CREATE INDEX cells_by_key ON cells (tableName, rowKey, columnKey);
                CREATE TABLE checks (
                    reportSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    tableName TEXT NOT NULL,
                    place TEXT NOT NULL,
                    statement TEXT NOT NULL,
                    status TEXT NOT NULL,
                    expected REAL,
                    actual REAL,
                    cells TEXT NOT NULL,
                    reason TEXT,
                    PRIMARY KEY (reportSha256, position)
                ) WITHOUT ROWID;
                CREATE INDEX checks_by_status ON checks (status);
                CREATE TABLE diagnostics (
                    reportSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    severity TEXT NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    page INTEGER,
                    line INTEGER,
                    key TEXT,
                    PRIMARY KEY (reportSha256, position)
                ) WITHOUT ROWID;
                """

    /// The second version: the results of `nianbao compare --db` (each run replaces them all).
    static let v2 = """
                CREATE TABLE crossYearChecks (
                    earlierSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
                    laterSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    earlierYear INTEGER NOT NULL,
                    laterYear INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    exact INTEGER NOT NULL,
                    place TEXT NOT NULL,
                    key TEXT NOT NULL,
                    expected REAL,
                    actual REAL,
                    status TEXT NOT NULL,
                    reason TEXT,
                    PRIMARY KEY (earlierSha256, laterSha256, position)
                ) WITHOUT ROWID;
                CREATE INDEX crossYearChecks_by_status ON crossYearChecks (status);
                CREATE INDEX crossYearChecks_by_later ON crossYearChecks (laterSha256);
                """

    /// The OCR provenance of cells (a corpus made before it gets NULL for its cells).
    static let v3 = """
                ALTER TABLE cells ADD COLUMN ocr TEXT;
                ALTER TABLE cells ADD COLUMN ocrConfidence INTEGER;
                """

    /// Checks, before anything is written, that the database is empty or a nianbao corpus,
    /// creates the first version's tables in an empty one and applies the later versions it lacks,
    /// all in one immediate transaction: a database of another program is refused as it is, and
    /// two processes opening a new corpus at once (shards of one batch) cannot both create the
    /// same table — the second waits for the first and finds the corpus up to date.
    static func prepare(_ queue: DatabaseQueue) throws {
        try queue.inTransaction(.immediate) { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            if tables.isEmpty {
                try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                try db.execute(sql: v1)
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v1')")
                try applyLaterVersions(db)
                return .commit
            }
            let missing = (Self.tables + ["grdb_migrations"]).filter { !tables.contains($0) }
            let columns = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(reports)").map { $0["name"] as String })
            let applied = tables.contains("grdb_migrations")
                ? try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM grdb_migrations WHERE identifier = 'v1')") ?? false : false
            guard missing.isEmpty, applied, columns.isSuperset(of: ["sha256", "source", "agency", "template", "convertedAt"]) else {
                let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
                throw NotACorpus(tables: shown)
            }
            try applyLaterVersions(db)
            return .commit
        }
    }

    /// Runs the versions after the first that `grdb_migrations` does not list, in order.
    private static func applyLaterVersions(_ db: Database) throws {
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        for version in laterVersions where !applied.contains(version.identifier) {
            try db.execute(sql: version.sql)
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [version.identifier])
        }
    }

    /// A database that holds tables, but not those of a nianbao corpus.
    struct NotACorpus: Error, CustomStringConvertible {
        var tables: String
        var description: String { "it is not a nianbao corpus (its tables: \(tables)); nothing was changed in it" }
    }
}
