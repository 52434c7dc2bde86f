import NianbaoDocument
import NianbaoSupport
/// A row of one of the three tables, by its canonical keys (KEYS.md): `tables.applications.granted`.
public struct RowKey: Hashable, Codable, Sendable, CustomStringConvertible {
    public let table: TableID
    /// The dotted row key within its table, e.g. "denied.stateSecret".
    public let row: String

    public init(_ table: TableID, row: String) {
        self.table = table
        self.row = row
    }

    /// "tables.applications.denied.stateSecret": the form of KEYS.md and of diagnostics' `key`.
    public var dotted: String { ([CellKey.root, table.rawValue] + [row]).joined(separator: CellKey.separator) }
    public var description: String { dotted }

    /// The cell of this row in `column`.
    public func cell(_ column: String) -> CellKey { CellKey(table, row: row, column: column) }
}

/// A cell of one of the three tables, by its canonical keys (KEYS.md): the table, the row (a
/// dotted key of its own, "denied.stateSecret") and the column ("naturalPerson").
///
/// The one place where keys are put together and taken apart: ``dotted`` is the form of KEYS.md,
/// of the JSON's nesting (``segments``), of the wide CSV's columns and of a check's cells; ``path``
/// is the part within its table ("denied.stateSecret.naturalPerson"), the key of a table's cells
/// in ``ReportTables``.
public struct CellKey: Hashable, Codable, Sendable, CustomStringConvertible {
    public let table: TableID
    public let row: String
    public let column: String

    static let root = "tables"
    static let separator = "."

    public init(_ table: TableID, row: String, column: String) {
        self.table = table
        self.row = row
        self.column = column
    }

    /// The key within its table: "granted.total".
    public var path: String { Self.path(row: row, column: column) }
    /// The full key: "tables.applications.granted.total".
    public var dotted: String { rowKey.dotted + Self.separator + column }
    /// The parts of ``dotted``: ["tables", "applications", "granted", "total"].
    public var segments: [String] { [Self.root, table.rawValue] + Self.parts(of: row) + [column] }
    public var rowKey: RowKey { RowKey(table, row: row) }
    public var description: String { dotted }

    /// The key within a table of `row`'s cell in `column`: "denied.stateSecret" + "naturalPerson".
    public static func path(row: String, column: String) -> String { row + separator + column }

    /// The parts of a dotted key or path.
    public static func parts(of dotted: String) -> [String] {
        dotted.split(separator: Character(separator), omittingEmptySubsequences: false).map(String.init)
    }

    /// Reads a full key ("tables.applications.denied.stateSecret.naturalPerson"); nil when it is not one.
    public init?(dotted: String) {
        let parts = Self.parts(of: dotted)
        guard parts.count >= 4, parts[0] == Self.root, let table = TableID(rawValue: parts[1]) else { return nil }
        self.init(table, path: parts.dropFirst(2).joined(separator: Self.separator))
    }

    /// Reads a key within `table` ("granted.total"); nil when it has no row or no column.
    public init?(_ table: TableID, path: String) {
        let parts = Self.parts(of: path)
        guard parts.count >= 2, !parts.contains(where: \.isEmpty), let column = parts.last else { return nil }
        self.init(table, row: parts.dropLast().joined(separator: Self.separator), column: column)
    }
}
