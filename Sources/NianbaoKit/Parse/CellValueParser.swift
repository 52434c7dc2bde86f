import Foundation

/// Reads the text of one table cell as a value.
///
/// Integers, decimals (fees in 万元: "96171.6"), signed changes ("+1036", "-5"), amounts with a unit
/// ("251000元"), thousands separators ("13,612") and a trailing remark ("22（其中修订 16 件）" → 22 with
/// the remark kept). Blank, "/", "—", "－", "无" are read as no value.
public enum CellValueParser {
    public enum Reading: Equatable, Sendable {
        case blank
        /// A mark that stands for "no value" ("/", "—", "无").
        case nullMarker
        case number(Double, note: String?)
        /// Not a value: a label or other text.
        case text
    }

    private static let nullMarkers: Set<String> = ["/", "-", "--", "—", "——", "–", "─", "无", "空", "/ /", "\\", "×"]
    private static let units = ["万元", "元", "件", "个", "项", "次", "人", "条", "家"]

    public static func read(_ raw: String) -> Reading {
        var s = raw.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.isEmpty { return .blank }
        if nullMarkers.contains(s.replacingOccurrences(of: " ", with: "")) { return .nullMarker }
        var note: String?
        if s.hasSuffix(")"), let open = s.firstIndex(of: "(") {
            note = String(s[s.index(after: open)..<s.index(before: s.endIndex)]).trimmingCharacters(in: .whitespaces)
            s = s[..<open].trimmingCharacters(in: .whitespaces)
        }
        for unit in units where s.hasSuffix(unit) {
            s = String(s.dropLast(unit.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        guard let value = number(s) else { return .text }
        return .number(value, note: note)
    }

    /// A plain number: optional sign, digits with optional thousands groups, optional decimals.
    static func number(_ s: String) -> Double? {
        var body = Substring(s)
        var sign = 1.0
        if body.first == "+" { body = body.dropFirst() } else if body.first == "-" { sign = -1; body = body.dropFirst() }
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let integer = parts[0]
        let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let digits = groups.joined()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        let text = parts.count == 2 ? "\(digits).\(parts[1])" : digits
        return Double(text).map { $0 * sign }
    }
}
