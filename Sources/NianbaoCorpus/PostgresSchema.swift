/// The corpus's tables in PostgreSQL: those of ``CorpusSchema`` (same names and columns, unquoted,
/// so `reportSha256` is stored as `reportsha256` and queries may spell it either way), in
/// PostgreSQL's types (`DOUBLE PRECISION` for SQLite's `REAL`), created by the same three
/// migrations, whose names are kept in `nianbao_migrations` (the schema version rows).
enum PostgresSchema {
    /// The migrations, in order: each a list of statements (libpq runs one at a time with parameters).
    static let migrations: [(identifier: String, statements: [String])] = [("v1", v1), ("v2", v2), ("v3", v3)]

    /// Two 32-bit keys of the advisory lock the schema is made under (a key space apart from the
    /// 64-bit keys of the reports' locks): "nian", 1.
    static let lockKeys = ("1851877742", "1")

    static let v1 = [
        """
        CREATE TABLE IF NOT EXISTS reports (
            sha256 TEXT PRIMARY KEY NOT NULL, source TEXT NOT NULL, format TEXT NOT NULL, title TEXT, agency TEXT,
            year INTEGER, template TEXT NOT NULL, publishedOn TEXT, convertedAt TEXT NOT NULL,
            checksFailed INTEGER NOT NULL, checksNotEvaluated INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS cells (
            reportSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
            tableName TEXT NOT NULL, rowKey TEXT NOT NULL, columnKey TEXT NOT NULL, value DOUBLE PRECISION, raw TEXT,
            note TEXT, page INTEGER, line INTEGER,
            PRIMARY KEY (reportSha256, tableName, rowKey, columnKey))
        """,
        "CREATE INDEX IF NOT EXISTS cells_by_key ON cells (tableName, rowKey, columnKey)",
        """
        CREATE TABLE IF NOT EXISTS checks (
            reportSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
            position INTEGER NOT NULL, rule TEXT NOT NULL, tableName TEXT NOT NULL, place TEXT NOT NULL,
            statement TEXT NOT NULL, status TEXT NOT NULL, expected DOUBLE PRECISION, actual DOUBLE PRECISION,
            cells TEXT NOT NULL, reason TEXT,
            PRIMARY KEY (reportSha256, position))
        """,
        "CREATE INDEX IF NOT EXISTS checks_by_status ON checks (status)",
        """
        CREATE TABLE IF NOT EXISTS diagnostics (
            reportSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
            position INTEGER NOT NULL, severity TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
            page INTEGER, line INTEGER, key TEXT,
            PRIMARY KEY (reportSha256, position))
        """,
    ]

    static let v2 = [
        """
        CREATE TABLE IF NOT EXISTS crossYearChecks (
            earlierSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
            laterSha256 TEXT NOT NULL REFERENCES reports(sha256) ON DELETE CASCADE,
            position INTEGER NOT NULL, body TEXT NOT NULL, earlierYear INTEGER NOT NULL, laterYear INTEGER NOT NULL,
            rule TEXT NOT NULL, exact INTEGER NOT NULL, place TEXT NOT NULL, key TEXT NOT NULL,
            expected DOUBLE PRECISION, actual DOUBLE PRECISION, status TEXT NOT NULL, reason TEXT,
            PRIMARY KEY (earlierSha256, laterSha256, position))
        """,
        "CREATE INDEX IF NOT EXISTS crossYearChecks_by_status ON crossYearChecks (status)",
        "CREATE INDEX IF NOT EXISTS crossYearChecks_by_later ON crossYearChecks (laterSha256)",
    ]

    static let v3 = [
        "ALTER TABLE cells ADD COLUMN IF NOT EXISTS ocr TEXT",
        "ALTER TABLE cells ADD COLUMN IF NOT EXISTS ocrConfidence INTEGER",
    ]

    /// Creates the tables, or the migrations a database lacks, in one transaction under the schema's
    /// advisory lock: shards that start together wait for the first to make them, then find them.
    /// A database holding a `reports` table but no `nianbao_migrations` is another program's: refused.
    static func prepare(_ connection: PostgresConnection) throws {
        try connection.execute("BEGIN")
        do {
            try connection.execute("SELECT pg_advisory_xact_lock($1::int4, $2::int4)", [lockKeys.0, lockKeys.1])
            let tables = try connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
            ).rows.compactMap { row -> String? in if case let .text(name) = row.first { return name } else { return nil } }
            if !tables.contains("nianbao_migrations"), tables.contains("reports") {
                let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
                throw CorpusSchema.NotACorpus(tables: shown)
            }
            try connection.execute("CREATE TABLE IF NOT EXISTS nianbao_migrations (identifier TEXT PRIMARY KEY NOT NULL)")
            let applied = Set(try connection.execute("SELECT identifier FROM nianbao_migrations").rows.map { $0.first?.description ?? "" })
            for migration in migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements { try connection.execute(statement) }
                try connection.execute("INSERT INTO nianbao_migrations (identifier) VALUES ($1)", [migration.identifier])
            }
            try connection.execute("COMMIT")
        } catch {
            if connection.isAlive { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }
}
