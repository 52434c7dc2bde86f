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
        if let scalars = PlainText.nfkcScalars(raw) { return read(plain: scalars) }
        return readGeneral(raw)
    }

    /// ``read(_:)`` for any text, with Foundation.
    static func readGeneral(_ raw: String) -> Reading {
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

    private static let nullMarkerScalars: [[UInt32]] = nullMarkers.map { $0.unicodeScalars.map(\.value) }
    private static let unitScalars: [[UInt32]] = units.map { $0.unicodeScalars.map(\.value) }

    /// ``read(_:)`` for plain text (see ``PlainText``), given as its NFKC scalar values: the same
    /// steps on scalars, which are its characters.
    static func read(plain nfkc: [UInt32]) -> Reading {
        var s = nfkc[PlainText.trimmedBounds(nfkc[...], dropping: PlainText.isTrimmedSpaceOrNewline)]
        if s.isEmpty { return .blank }
        if s.lazy.filter({ $0 != 0x20 }).count <= 3 {
            let withoutSpaces = s.filter { $0 != 0x20 }
            if nullMarkerScalars.contains(where: { $0 == withoutSpaces }) { return .nullMarker }
        }
        var note: String?
        if s.last == 0x29, let open = s.firstIndex(of: 0x28) {  // "…(…)"
            note = PlainText.string(s[PlainText.trimmedBounds(s[(open + 1)..<(s.endIndex - 1)], dropping: PlainText.isTrimmedSpace)])
            s = s[PlainText.trimmedBounds(s[..<open], dropping: PlainText.isTrimmedSpace)]
        }
        for unit in unitScalars where s.count >= unit.count && s.suffix(unit.count).elementsEqual(unit) {
            s = s[PlainText.trimmedBounds(s.dropLast(unit.count), dropping: PlainText.isTrimmedSpace)]
            break
        }
        guard let value = number(plain: s) else { return .text }
        return .number(value, note: note)
    }

    /// ``number(_:)`` on scalar values.
    static func number(plain s: ArraySlice<UInt32>) -> Double? {
        var body = s
        var sign = 1.0
        if body.first == 0x2B { body = body.dropFirst() } else if body.first == 0x2D { sign = -1; body = body.dropFirst() }
        func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }
        guard let first = body.first, isDigit(first) else { return nil }
        let parts = body.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let groups = parts[0].split(separator: 0x2C, omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        var text: [UInt32] = []
        for group in groups { text += group }
        guard !text.isEmpty, text.allSatisfy(isDigit) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(isDigit) else { return nil }
            text.append(0x2E)
            text += parts[1]
        }
        return Double(PlainText.string(text)).map { $0 * sign }
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
