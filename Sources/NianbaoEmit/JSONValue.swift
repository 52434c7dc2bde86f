import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
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
    public static func optional(_ n: Double?) -> JSONValue { finite(n).map(JSONValue.number) ?? .null }

    /// The number when it is finite; nil for nil, NaN and ±∞ (which no writer prints as a value).
    public static func finite(_ n: Double?) -> Double? { n.flatMap { $0.isFinite ? $0 : nil } }
    public static func optional(_ n: Int?) -> JSONValue { n.map { .number(Double($0)) } ?? .null }

    /// Builds nested objects from paths of member names, in the order given: ["a", "b"] → {"a": {"b": …}}.
    public static func nested(_ pairs: [([String], JSONValue)]) -> JSONValue {
        var root: [(String, JSONValue)] = []
        for (path, value) in pairs { insert(&root, path: path[...], value: value) }
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
        if let index, case let .object(existing) = object[index].1 {
            child = existing
            object[index].1 = .null  // so that `child` is the only reference and grows in place
        }
        insert(&child, path: path.dropFirst(), value: value)
        if let index { object[index].1 = .object(child) } else { object.append((head, .object(child))) }
    }

    /// The JSON text, indented by two spaces.
    public func serialized(pretty: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out, indent: pretty ? 0 : nil)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the UTF-8 text; `indent` is the depth when pretty, nil for one line.
    private func write(to out: inout [UInt8], indent: Int?) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .number(n): out.append(contentsOf: Self.format(n).utf8)
        case let .string(s): Self.quote(s, into: &out)
        case let .array(items):
            guard !items.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent.map { $0 + 1 })
                item.write(to: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            guard !members.isEmpty else { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent.map { $0 + 1 })
                Self.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                value.write(to: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<(2 * indent) { out.append(UInt8(ascii: " ")) }
    }

    /// Integral values print without a fraction; others in Swift's shortest round-trip form.
    package static func format(_ n: Double) -> String {
        if n.isNaN || n.isInfinite { return "null" }
        if n == n.rounded(), abs(n) <= 9_007_199_254_740_992 { return String(Int64(n)) }
        return "\(n)"
    }

    /// Writes `s` as a JSON string in UTF-8, byte by byte: quote, backslash and control characters
    /// escaped (every byte of a multi-byte sequence is 0x80 or above, so only ASCII ever is).
    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
