import GRDB

/// The corpus's tables, created by a GRDB migration.
///
/// ```
/// reports     (sha256 PRIMARY KEY, source, format, title, agency, year, template, publishedOn,
///              convertedAt, checksFailed, checksNotEvaluated)
/// cells       (reportSha256, tableName, rowKey, columnKey, value, raw, note, page, line)
/// checks      (reportSha256, position, rule, tableName, place, statement, status, expected, actual,
///              cells (a JSON array of dotted keys), reason)
/// diagnostics (reportSha256, position, severity, code, message, page, line, key)
/// ```
///
/// `cells` has one row per cell of the JSON output's `tables` (every cell of every row of the
/// report's template, a null value as NULL); `tableName`, `rowKey` and `columnKey` are the JSON's
/// keys (`applications`, `denied.stateSecret`, `naturalPerson`). Child rows are deleted with their
/// report (foreign keys with ON DELETE CASCADE).
enum CorpusSchema {
    static let tables = ["reports", "cells", "checks", "diagnostics"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
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
                """)
        }
        return migrator
    }
}
