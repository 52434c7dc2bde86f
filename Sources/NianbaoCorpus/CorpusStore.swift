import Foundation
import GRDB
import NianbaoKit

/// Where a batch stores its reports: an SQLite file (``CorpusDatabase``) or a PostgreSQL database
/// (``PostgresCorpus``), with the same tables and columns (see ``CorpusSchema``).
public protocol CorpusStore: Sendable {
    /// The file, or the database's URL without its password, for messages.
    var location: String { get }
    /// Stores `report` in one transaction, replacing an earlier import of the same source bytes.
    func upsert(_ report: AnnualReport, convertedAt: Date) throws(NianbaoError)
    /// True when the corpus holds a report made from source bytes with this SHA-256.
    func contains(sha256: String) throws(NianbaoError) -> Bool
    /// The number of rows of each of ``CorpusSchema/tables``.
    func rowCounts() throws(NianbaoError) -> [String: Int]
    /// Copies the reports of the SQLite corpus at `source` into this one (``CorpusDatabase/merge(from:)``).
    func merge(from source: String) throws(NianbaoError) -> CorpusDatabase.MergeCount
    /// Every row of one of the corpus's tables, by the column names of ``CorpusSchema/columns``.
    func rows(of table: String) throws(NianbaoError) -> [[String: CorpusValue]]
}

/// Opening a corpus by what `--db` names.
public enum CorpusLocation {
    /// True for a PostgreSQL URL (`postgres://…` or `postgresql://…`); anything else is an SQLite file.
    public static func isPostgres(_ location: String) -> Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Opens (or creates) the corpus `location` names and brings its tables up to date.
    public static func open(_ location: String) throws(NianbaoError) -> any CorpusStore {
        if isPostgres(location) { return try PostgresCorpus(url: location) }
        return try CorpusDatabase(path: location)
    }
}

extension CorpusStore {
    /// Every row of the four report tables as one line of text ("table: column=value …", columns
    /// in name order, `leaving` out), sorted: two corpora holding the same reports give the same lines.
    public func dump(leaving: Set<String> = ["convertedAt"]) throws(NianbaoError) -> [String] {
        var lines: [String] = []
        for table in CorpusSchema.tables {
            for row in try rows(of: table) {
                let fields = row.keys.sorted().filter { !leaving.contains($0) }.map { "\($0)=\(row[$0]?.description ?? "")" }
                lines.append("\(table): " + fields.joined(separator: " "))
            }
        }
        return lines.sorted()
    }
}

extension CorpusDatabase: CorpusStore {
    public var location: String { path }

    public func rows(of table: String) throws(NianbaoError) -> [[String: CorpusValue]] {
        guard let columns = CorpusSchema.columns[table] else { return [] }
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return try query("SELECT \(list) FROM \(table)").map { row in row.mapValues(CorpusValue.init) }
    }
}

extension CorpusValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case let .int64(number): self = .integer(number)
        case let .double(number): self = .real(number)
        case let .string(text): self = .text(text)
        case let .blob(data): self = .text(data.base64EncodedString())
        }
    }

    /// A value of ``CorpusRows`` (Swift values as GRDB takes them).
    init(argument value: (any DatabaseValueConvertible)?) {
        self = value.map { CorpusValue($0.databaseValue) } ?? .null
    }
}
