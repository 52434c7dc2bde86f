import NianbaoDocument
import NianbaoSupport
/// Something the parser or a check wants the user to know, with where it happened.
public struct Diagnostic: Codable, Hashable, Sendable {
    public enum Severity: String, Codable, Sendable, Comparable {
        case info, warning, error
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.info, .warning, .error]
            return (order.firstIndex(of: a) ?? 0) < (order.firstIndex(of: b) ?? 0)
        }
    }

    public var severity: Severity
    /// A stable identifier such as `row-not-found` (listed in the README).
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation?
    /// The dotted key of the cell or row concerned, e.g. "tables.applications.granted".
    public var key: String?

    public init(_ severity: Severity, _ code: DiagnosticCode, _ message: String, at location: SourceLocation? = nil, key: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.key = key
    }
}
