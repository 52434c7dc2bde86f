/// A JSON value whose objects keep their keys in the order they were written, so output follows
/// the template's order and is stable from run to run.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// `.string` for a value, `.null` for nil.
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    public static func optional(_ n: Double?) -> JSONValue { n.map(JSONValue.number) ?? .null }
    public static func optional(_ n: Int?) -> JSONValue { n.map { .number(Double($0)) } ?? .null }

    /// Builds nested objects from dotted keys, in the order given: "a.b" → {"a": {"b": …}}.
    public static func nested(_ pairs: [(String, JSONValue)]) -> JSONValue {
        var root: [(String, JSONValue)] = []
        for (key, value) in pairs { insert(&root, path: key.split(separator: ".").map(String.init)[...], value: value) }
        return .object(root)
    }

    private static func insert(_ object: inout [(String, JSONValue)], path: ArraySlice<String>, value: JSONValue) {
        guard let head = path.first else { return }
        if path.count == 1 {
            if let i = object.firstIndex(where: { $0.0 == head }) { object[i].1 = value } else { object.append((head, value)) }
            return
        }
        var child: [(String, JSONValue)] = []
        let index = object.firstIndex { $0.0 == head }
        if let index, case let .object(existing) = object[index].1 { child = existing }
        insert(&child, path: path.dropFirst(), value: value)
        if let index { object[index].1 = .object(child) } else { object.append((head, .object(child))) }
    }

    /// The JSON text, indented by two spaces.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        return out
    }

    private func write(to out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(n): out += Self.format(n)
        case let .string(s): Self.quote(s, into: &out)
        case let .array(items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                item.write(to: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out += "]"
        case let .object(members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                Self.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?) {
        guard let indent else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    /// Integral values print without a fraction; others in Swift's shortest round-trip form.
    static func format(_ n: Double) -> String {
        if n.isNaN || n.isInfinite { return "null" }
        if n == n.rounded(), abs(n) < 9_007_199_254_740_992 { return String(Int64(n)) }
        return "\(n)"
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
