import Foundation

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

    private static let punctuation: Set<Unicode.Scalar> = Set(
        "()（）[]【】〔〕《》〈〉<>“”‘’\"'「」『』、，,.。．：:；;！!？?-—–－_·•/／\\|*#…~～".unicodeScalars)

    /// NFKC with white space removed; keeps punctuation and numbering.
    public static func compact(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        let source = text.unicodeScalars.allSatisfy { $0.isASCII || ($0.value >= 0x4E00 && $0.value <= 0x9FFF) }
            ? text : text.precomposedStringWithCompatibilityMapping
        for scalar in source.unicodeScalars
        where !scalar.properties.isWhitespace && scalar != "\u{200B}" && scalar != "\u{FEFF}" {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// The comparable core of a label.
    public static func normalize(_ text: String) -> String {
        var s = Substring(compact(text))
        while let (_, rest) = splitNumbering(s) { s = rest }
        var scalars = String.UnicodeScalarView()
        for scalar in s.unicodeScalars where !punctuation.contains(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    /// The normalised label as scalar values, the form label comparisons work on.
    public static func key(_ text: String) -> [UInt32] {
        normalize(text).unicodeScalars.map(\.value)
    }

    /// The numbering a label starts with, if any.
    public static func numbering(of text: String) -> Numbering? {
        splitNumbering(Substring(compact(text)))?.0
    }

    static func splitNumbering(_ s: Substring) -> (Numbering, Substring)? {
        guard let first = s.first else { return nil }
        if first == "(" {
            let inner = s.dropFirst().prefix { $0 != ")" }
            let after = s.dropFirst(inner.count + 1)
            guard after.first == ")", let n = chineseNumber(inner) ?? Int(inner), inner.count <= 3 else { return nil }
            return (.parenthesized(n), after.dropFirst())
        }
        let chinese = s.prefix { chineseDigits.keys.contains($0) || $0 == "十" }
        if !chinese.isEmpty, chinese.count <= 3, let n = chineseNumber(chinese) {
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

    static let chineseDigits: [Character: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// 一 … 九十九 as an integer.
    static func chineseNumber<S: StringProtocol>(_ s: S) -> Int? {
        let chars = Array(s)
        guard !chars.isEmpty else { return nil }
        if let ten = chars.firstIndex(of: "十") {
            let tens = ten == 0 ? 1 : (chars.count > 0 ? chineseDigits[chars[0]] : nil)
            let ones = ten == chars.count - 1 ? 0 : chineseDigits[chars[chars.count - 1]]
            guard let t = tens, let o = ones, ten <= 1, chars.count - ten <= 2 else { return nil }
            return t * 10 + o
        }
        guard chars.count == 1 else { return nil }
        return chineseDigits[chars[0]]
    }
}
