import Foundation

/// Whether a run of words on a PDF line is a table value rather than text — what tells a line
/// of aligned cells ("政府信息公开申请  35") from a sentence cut by a wide gap. The extractor's own
/// notion, kept loose: it decides only where a line is cut into cells, never what a value is
/// (the parser reads the values).
///
/// A value is blank, a mark standing for none ("/", "—", "无"), or a number: an optional sign, a
/// digit first, then digits and what continues a number (separators, a decimal point, an exponent,
/// 十/百/千/万/亿), ending in a digit or a magnitude — with points and commas alone, a plain
/// number ("13,612", "96171.6"; not "1.2.3"); a unit ("251000元") or a remark in brackets
/// ("22（其中修订 16 件）") may follow it.
package enum NumericToken {
    static func matches(_ text: String) -> Bool {
        var s = Array(text.precomposedStringWithCompatibilityMapping.unicodeScalars.map(\.value))
        s = trimmed(s)
        if s.isEmpty { return true }
        let withoutSpaces = s.filter { $0 != 0x20 }
        if withoutSpaces.count <= 3, noValueMarks.contains(withoutSpaces) { return true }
        if s.last == 0x29, let open = s.firstIndex(of: 0x28) { s = trimmed(Array(s[..<open])) }
        if let last = s.last, last >= 0x4E00, let unit = units.first(where: { s.count >= $0.count && s.suffix($0.count).elementsEqual($0) }) {
            s = trimmed(Array(s.dropLast(unit.count)))
        }
        if s.first == 0x2B || s.first == 0x2D { s.removeFirst() }
        guard let first = s.first, isDigit(first), let last = s.last, isDigit(last) || isMagnitude(last) else { return false }
        guard s.allSatisfy({ isDigit($0) || continuesNumber($0) }) else { return false }
        // Points and commas alone make a plain number or nothing: "1.2.3" is a numbering, "12,34" a list.
        return s.contains { !isDigit($0) && $0 != 0x2E && $0 != 0x2C } || isPlainNumber(s)
    }

    /// Digits with thousands groups ("13,612") and at most one decimal point.
    private static func isPlainNumber(_ s: [UInt32]) -> Bool {
        let parts = s.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.dropFirst().allSatisfy({ !$0.isEmpty && !$0.contains(0x2C) }) else { return false }
        let groups = parts[0].split(separator: 0x2C, omittingEmptySubsequences: false)
        return groups.count == 1 || ((1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 })
    }

    private static let noValueMarks: Set<[UInt32]> = Set(
        ["/", "-", "--", "—", "——", "–", "─", "无", "空", "\\", "×"].map { $0.unicodeScalars.map(\.value) })
    private static let units: [[UInt32]] = ["万元", "元", "件", "个", "项", "次", "人", "条", "家"].map { $0.unicodeScalars.map(\.value) }

    private static func trimmed(_ s: [UInt32]) -> [UInt32] {
        let isSpace = { (v: UInt32) in v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0x3000 || v == 0xA0 }
        guard let start = s.firstIndex(where: { !isSpace($0) }), let end = s.lastIndex(where: { !isSpace($0) }) else { return [] }
        return Array(s[start...end])
    }

    private static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }

    /// 十, 百, 千, 万, 亿.
    private static func isMagnitude(_ v: UInt32) -> Bool {
        v == 0x5341 || v == 0x767E || v == 0x5343 || v == 0x4E07 || v == 0x4EBF
    }

    /// Separators, decimal point, signs, slash, apostrophes, exponent marks, magnitudes.
    private static func continuesNumber(_ v: UInt32) -> Bool {
        switch v {
        case 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x27, 0x2019, 0x45, 0x65: return true
        default: return isMagnitude(v)
        }
    }
}
