import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// Normalisation of printed labels so that variants of one label compare equal:
/// NFKC (full width, Kangxi radicals such as ⾏ for 行), no white space, no quotes or punctuation,
/// and without the list numbering ("一、", "（一）", "(一)", "1.", "1、", "1．").
public enum LabelText {
    /// The numbering a label starts with.
    public enum Numbering: Equatable, Sendable {
        /// "一、" — a top-level item.
        case chinese(Int)
        /// "（一）" / "(一)".
        case parenthesized(Int)
        /// "1." / "1、" / "1．".
        case arabic(Int)
    }

    private static let punctuationMarks = "()（）[]【】〔〕《》〈〉<>“”‘’\"'「」『』、，,.。．：:；;！!？?-—–－_·•/／\\|*#…~～"
    private static let punctuation: Set<Unicode.Scalar> = Set(punctuationMarks.unicodeScalars)

    /// NFKC with white space removed; keeps punctuation and numbering.
    public static func compact(_ text: String) -> String {
        if let scalars = compactScalars(text) { return PlainText.string(scalars) }
        return compactGeneral(text)
    }

    /// ``compact(_:)`` for any text, with Foundation.
    package static func compactGeneral(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        let source = text.unicodeScalars.allSatisfy { $0.isASCII || ($0.value >= 0x4E00 && $0.value <= 0x9FFF) }
            ? text : text.precomposedStringWithCompatibilityMapping
        for scalar in source.unicodeScalars
        where !scalar.properties.isWhitespace && scalar != "\u{200B}" && scalar != "\u{FEFF}" {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// ``compact(_:)`` as scalar values, for plain text (see ``PlainText``); nil for other text.
    package static func compactScalars(_ text: String) -> [UInt32]? {
        guard var scalars = PlainText.nfkcScalars(text) else { return nil }
        scalars.removeAll(where: PlainText.isWhiteSpace)
        return scalars
    }

    /// ``normalize(_:)`` as scalar values, for plain text; nil for other text. Its result is plain.
    package static func normalizedScalars(_ text: String) -> [UInt32]? {
        guard let compact = compactScalars(text) else { return nil }
        var start = 0
        while let (_, next) = splitNumbering(compact, from: start) { start = next }
        var result: [UInt32] = []
        result.reserveCapacity(compact.count - start)
        for v in compact[start...] where !isPunctuation(v) { result.append(v) }
        return result
    }

    /// The comparable core of a label.
    public static func normalize(_ text: String) -> String {
        if let scalars = normalizedScalars(text) { return PlainText.string(scalars) }
        return normalizeGeneral(text)
    }

    /// ``normalize(_:)`` for any text, with Foundation.
    package static func normalizeGeneral(_ text: String) -> String {
        var s = Substring(compactGeneral(text))
        while let (_, rest) = splitNumbering(s) { s = rest }
        var scalars = String.UnicodeScalarView()
        for scalar in s.unicodeScalars where !punctuation.contains(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    /// The normalised label as scalar values, the form label comparisons work on.
    public static func key(_ text: String) -> [UInt32] {
        normalizedScalars(text) ?? normalize(text).unicodeScalars.map(\.value)
    }

    /// The numbering a label starts with, if any.
    public static func numbering(of text: String) -> Numbering? {
        if let scalars = compactScalars(text) { return splitNumbering(scalars, from: 0)?.0 }
        return splitNumbering(Substring(compactGeneral(text)))?.0
    }

    /// Whether a scalar value is one of the punctuation marks ``normalize(_:)`` drops.
    @inline(__always)
    package static func isPunctuation(_ v: UInt32) -> Bool {
        if v < 0x80 { return v < 64 ? asciiPunctuation.low & (1 << UInt64(v)) != 0 : asciiPunctuation.high & (1 << UInt64(v - 64)) != 0 }
        return otherPunctuation.contains(v)  // a dozen or so values
    }

    private static let asciiPunctuation: (low: UInt64, high: UInt64) = punctuationMarks.unicodeScalars.reduce((0, 0)) { bits, scalar in
        let v = UInt64(scalar.value)
        guard v < 0x80 else { return bits }
        return v < 64 ? (bits.0 | 1 << v, bits.1) : (bits.0, bits.1 | 1 << (v - 64))
    }
    private static let otherPunctuation: [UInt32] = punctuationMarks.unicodeScalars.map(\.value).filter { $0 >= 0x80 }

    /// ``splitNumbering(_:)`` on the scalar values of plain compact text from `start`: the
    /// numbering and where the rest begins.
    package static func splitNumbering(_ s: [UInt32], from start: Int) -> (Numbering, Int)? {
        guard start < s.count else { return nil }
        func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }
        if s[start] == 0x28 {  // "("
            var close = start + 1
            while close < s.count, s[close] != 0x29 { close += 1 }
            let inner = s[(start + 1)..<min(close, s.count)]
            guard close < s.count, inner.count <= 3 else { return nil }
            let text = PlainText.string(inner)
            guard let n = chineseNumber(text) ?? Int(text) else { return nil }
            return (.parenthesized(n), close + 1)
        }
        // "(七)" whose opening bracket a scan lost or misread ("七)", "人七)", "〈七)").
        for from in start...min(start + 1, s.count - 1) {
            var end = from
            while end < s.count, s[end] == 0x5341 || chineseDigit(s[end]) != nil { end += 1 }
            if end > from, end - from <= 3, end < s.count, s[end] == 0x29, let n = chineseNumber(PlainText.string(s[from..<end])) {
                return (.parenthesized(n), end + 1)
            }
        }
        var end = start
        while end < s.count, s[end] == 0x5341 || chineseDigit(s[end]) != nil { end += 1 }  // 十
        if end > start, end - start <= 3, let n = chineseNumber(PlainText.string(s[start..<end])) ?? doubledNumeral(s[start..<end]) {
            if end < s.count, s[end] == 0x3001 { return (.chinese(n), end + 1) }  // "、"
        }
        end = start
        while end < s.count, isDigit(s[end]) { end += 1 }
        if end > start, end - start <= 2, let n = Int(PlainText.string(s[start..<end])) {
            if end < s.count, s[end] == 0x2E || s[end] == 0x3001 || s[end] == 0x2C {  // "." "、" ","
                // "1.5" is a number, not a numbering.
                if end + 1 < s.count, isDigit(s[end + 1]) { return nil }
                return (.arabic(n), end + 1)
            }
        }
        return nil
    }

    static func splitNumbering(_ s: Substring) -> (Numbering, Substring)? {
        guard let first = s.first else { return nil }
        if first == "(" {
            let inner = s.dropFirst().prefix { $0 != ")" }
            let after = s.dropFirst(inner.count + 1)
            guard after.first == ")", let n = chineseNumber(inner) ?? Int(inner), inner.count <= 3 else { return nil }
            return (.parenthesized(n), after.dropFirst())
        }
        // "(七)" whose opening bracket a scan lost or misread ("七)", "人七)", "〈七)").
        for rest in [s, s.dropFirst()] {
            let numeral = rest.prefix { chineseDigit($0) != nil || $0 == "十" }
            let after = rest.dropFirst(numeral.count)
            if !numeral.isEmpty, numeral.count <= 3, after.first == ")", let n = chineseNumber(numeral) {
                return (.parenthesized(n), after.dropFirst())
            }
        }
        let chinese = s.prefix { chineseDigit($0) != nil || $0 == "十" }
        if !chinese.isEmpty, chinese.count <= 3, let n = chineseNumber(chinese) ?? doubledNumeral(chinese.unicodeScalars.map(\.value)[...]) {
            let after = s.dropFirst(chinese.count)
            if after.first == "、" { return (.chinese(n), after.dropFirst()) }
        }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 2, let n = Int(digits) {
            let after = s.dropFirst(digits.count)
            if let mark = after.first, mark == "." || mark == "、" || mark == "," {
                // "1.5" is a number, not a numbering.
                if let next = after.dropFirst().first, next.isASCII && next.isNumber { return nil }
                return (.arabic(n), after.dropFirst())
            }
        }
        return nil
    }

    /// A numeral printed twice by a flattened page ("三三、本年度办理结果", the group's number run into
    /// itself): the numeral once. Numbers are written 三十三, never 三三, so this is no number.
    static func doubledNumeral(_ s: ArraySlice<UInt32>) -> Int? {
        guard s.count == 2, s.first == s.last, let v = s.first, v != 0x5341 else { return nil }
        return chineseDigit(v)
    }

    /// 〇 零 一 … 九 as a digit. (A switch, not a dictionary: no hashing of characters.)
    static func chineseDigit(_ c: Character) -> Int? {
        switch c {
        case "〇", "零": return 0
        case "一": return 1
        case "二": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    /// ``chineseDigit(_:)-(Character)`` of a scalar value.
    package static func chineseDigit(_ v: UInt32) -> Int? {
        switch v {
        case 0x3007, 0x96F6: return 0
        case 0x4E00: return 1
        case 0x4E8C: return 2
        case 0x4E09: return 3
        case 0x56DB: return 4
        case 0x4E94: return 5
        case 0x516D: return 6
        case 0x4E03: return 7
        case 0x516B: return 8
        case 0x4E5D: return 9
        default: return nil
        }
    }

    /// 一 … 九十九 as an integer.
    static func chineseNumber<S: StringProtocol>(_ s: S) -> Int? {
        let chars = Array(s)
        guard !chars.isEmpty else { return nil }
        if let ten = chars.firstIndex(of: "十") {
            let tens = ten == 0 ? 1 : (chars.count > 0 ? chineseDigit(chars[0]) : nil)
            let ones = ten == chars.count - 1 ? 0 : chineseDigit(chars[chars.count - 1])
            guard let t = tens, let o = ones, ten <= 1, chars.count - ten <= 2 else { return nil }
            return t * 10 + o
        }
        guard chars.count == 1 else { return nil }
        return chineseDigit(chars[0])
    }
}
