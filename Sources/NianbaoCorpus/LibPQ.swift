import CLibPQ
import Foundation

/// A value read from or written to a corpus: what a column of the corpus's tables holds.
public enum CorpusValue: Equatable, Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public var description: String {
        switch self {
        case .null: "NULL"
        case let .integer(value): String(value)
        case let .real(value): String(value)
        case let .text(value): value
        }
    }

    /// The value as PostgreSQL's text form of a parameter (nil for NULL).
    var parameter: String? {
        switch self {
        case .null: nil
        case let .integer(value): String(value)
        // Swift prints the shortest text that reads back as the same Double ("4321.0", "1e-05").
        case let .real(value): value.isFinite ? String(value) : nil
        case let .text(value): value
        }
    }
}

/// An error of libpq or of the server, on one line.
struct PostgresError: Error, CustomStringConvertible {
    var message: String
    /// The server's SQLSTATE, nil for a failure of the connection itself.
    var sqlState: String?
    /// True when the connection was lost (or never made): reconnecting may help.
    var connectionLost: Bool

    var description: String { message }

    /// A transaction the server rolled back for a conflict with another (serialization failure,
    /// deadlock): running it again is the remedy.
    var isTransient: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// libpq's messages span lines ("…failed: No such file or directory\n\tIs the server running…").
    static func oneLine(_ text: String) -> String {
        var line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for prefix in ["ERROR: ", "FATAL: "] where line.hasPrefix(prefix) { line.removeFirst(prefix.count) }
        return line.isEmpty ? "unknown error" : line
    }
}

/// The rows of a query: column names as the server gives them, values typed by the column's type.
struct PostgresRows {
    var columns: [String] = []
    var rows: [[CorpusValue]] = []
}

/// One connection to a PostgreSQL server through libpq; owns its `PGconn` (closed on deinit).
/// Every statement goes through `PQexecParams`: values travel as parameters ($1, $2, …), never
/// inside the SQL text. Not thread-safe: its owner serialises calls (``PostgresCorpus`` holds a lock).
final class PostgresConnection {
    private let connection: OpaquePointer

    /// Connects to `url` (`postgres://…`, `postgresql://…`, or a libpq key=value string); a URL's
    /// own settings win over the defaults given here (a 10 s connect timeout).
    init(url: String) throws(PostgresError) {
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = ["10", "nianbao", url]
        let made: OpaquePointer? = Self.withCStrings(keywords) { keys in
            Self.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let made else { throw PostgresError(message: "libpq could not allocate a connection", sqlState: nil, connectionLost: true) }
        guard PQstatus(made) == CONNECTION_OK else {
            let message = PostgresError.oneLine(String(cString: PQerrorMessage(made)))
            PQfinish(made)
            throw PostgresError(message: message, sqlState: nil, connectionLost: true)
        }
        connection = made
        // NOTICEs ("relation … already exists, skipping") would go to standard error.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    /// True while the connection is usable.
    var isAlive: Bool { PQstatus(connection) == CONNECTION_OK }

    /// Runs one statement with `parameters` as $1, $2, … (nil is NULL) and returns its rows.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        let result: OpaquePointer? = Self.withOptionalCStrings(parameters) { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard let result else {
            throw PostgresError(message: PostgresError.oneLine(String(cString: PQerrorMessage(connection))), sqlState: nil, connectionLost: !isAlive)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let lost = !isAlive || state?.hasPrefix("08") == true || state == "57P01" || state == "57P02" || state == "57P03"
            throw PostgresError(message: PostgresError.oneLine(String(cString: PQresultErrorMessage(result))), sqlState: state, connectionLost: lost)
        }
        return Self.rows(of: result)
    }

    /// The rows of a successful result; integers, floating-point and numeric columns typed.
    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let fields = PQnfields(result), count = PQntuples(result)
        var rows = PostgresRows()
        rows.columns = (0..<fields).map { String(cString: PQfname(result, $0)) }
        let types = (0..<fields).map { PQftype(result, $0) }
        rows.rows.reserveCapacity(Int(count))
        for row in 0..<count {
            rows.rows.append((0..<fields).map { field in
                if PQgetisnull(result, row, field) != 0 { return .null }
                let text = String(cString: PQgetvalue(result, row, field))
                switch types[Int(field)] {
                case 20, 21, 23: return Int64(text).map(CorpusValue.integer) ?? .text(text)  // int8, int2, int4
                case 700, 701, 1700: return Double(text).map(CorpusValue.real) ?? .text(text)  // float4, float8, numeric
                default: return .text(text)
                }
            })
        }
        return rows
    }

    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } } + [nil])
    }

    private static func withOptionalCStrings<T>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
