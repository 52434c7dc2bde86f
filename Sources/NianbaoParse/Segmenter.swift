import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// A value-like piece of a line: a number, a "no value" mark, or a blank cell.
package struct ValueToken: Sendable {
    package var raw: String
    package var reading: CellValueParser.Reading
    var location: SourceLocation
    /// Cut out of running text with no space to the text around it ("规章000规范性文件"), so its digits
    /// may stand for several cells glued together.
    package var glued: Bool

    var isBlank: Bool { reading == .blank }
}

/// A line cut into label text and values.
package enum Segment: Sendable {
    case text(String, SourceLocation)
    case value(ValueToken)
}

/// Cuts parse lines into segments: every table cell is a value or text; text that carries numbers
/// ("行政许可 97", or a flattened "规章000规范性文件898989") is cut into text and number runs.
package enum Segmenter {
    /// A line's segments (computed once, when the line is made: see ``ParseLine/segments``).
    static func segments(of line: ParseLine) -> [Segment] { line.segments }

    /// The segments of a line's cells.
    static func segments(of cells: [ParseCell], isTableRow: Bool) -> [Segment] {
        var result: [Segment] = []
        for cell in cells {
            let reading = CellValueParser.read(cell.text)
            if reading != .text {
                // Paragraph lines have no cells, so a blank there is nothing.
                if reading == .blank && !isTableRow { continue }
                // Outside a table, a run of digits with a leading zero ("000000000000000") is cells glued together.
                let glued = !isTableRow && hasLeadingZero(cell.text)
                result.append(.value(ValueToken(raw: cell.text, reading: reading, location: cell.location, glued: glued)))
                continue
            }
            result.append(contentsOf: runs(in: cell.text, location: cell.location))
        }
        return result
    }

    /// Digits alone, more than one, the first a zero: no number is printed so.
    static func hasLeadingZero(_ text: String) -> Bool {
        let trimmed = text.trimmingWhitespaces()
        return trimmed.utf8.count > 1 && trimmed.utf8.first == 0x30 && trimmed.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Cuts text into text and number runs. A digit before "." or "、" and a label is the label's
    /// numbering ("00000002.其他…" is "0000000" then "2.其他…"); a number before 年/月/日 is text.
    package static func runs(in raw: String, location: SourceLocation) -> [Segment] {
        if let scalars = PlainText.nfkcScalars(raw) {
            return runs(scalars.map { Unicode.Scalar($0)! }, location: location)
        }
        return runsGeneral(in: raw, location: location)
    }

    /// ``runs(in:location:)`` for any text, by characters.
    /// Footnote marks ("15¹", "15①") are set aside before NFKC, which would make them digits, and
    /// stay with the number they follow.
    package static func runsGeneral(in raw: String, location: SourceLocation) -> [Segment] {
        let normalised = FootnoteMarks.protect(raw).precomposedStringWithCompatibilityMapping
        // Plain text with marks: every scalar is a character of its own, so scalars will do.
        let plainWithMarks = normalised.unicodeScalars.allSatisfy { PlainText.isPlain($0.value) || FootnoteMarks.original($0.value) != nil }
        let segments = plainWithMarks
            ? runs(Array(normalised.unicodeScalars), location: location) : runs(Array(normalised), location: location)
        return segments.map { segment in
            switch segment {
            case let .text(text, location): return .text(FootnoteMarks.restore(text), location)
            case var .value(token):
                // The reading already took the stand-ins for the marks (see CellValueParser.readGeneral).
                token.raw = FootnoteMarks.restore(token.raw)
                return .value(token)
            }
        }
    }

    /// ``runs(in:location:)`` on the NFKC text's characters, or on its scalars when it is plain
    /// (where each scalar is a character, so both give the same segments).
    private static func runs<U: TextUnit>(_ chars: [U], location: SourceLocation) -> [Segment] {
        var segments: [Segment] = []
        var text: [U] = []
        var i = 0
        func flushText() {
            let t = U.trimmedString(text)
            if !t.isEmpty { segments.append(.text(t, location)) }
            text = []
        }
        func isSpace(_ c: U) -> Bool { c == " " || c == "\u{3000}" }
        while i < chars.count {
            // A signed change ("+12", "-6") standing on its own.
            if chars[i] == "+" || chars[i] == "-", i + 1 < chars.count, chars[i + 1].isASCIIDigit,
                i == 0 || isSpace(chars[i - 1])
            {
                var j = i + 1
                while j < chars.count, chars[j].isASCIIDigit || chars[j] == "." || chars[j].isFootnoteMark { j += 1 }
                if j == chars.count || isSpace(chars[j]) {
                    flushText()
                    let token = U.string(chars[i..<j])
                    segments.append(.value(ValueToken(raw: token, reading: CellValueParser.read(token), location: location, glued: false)))
                    i = j
                    continue
                }
            }
            guard chars[i].isASCIIDigit else {
                // Two or more spaces part columns in a layout-preserving extraction.
                if isSpace(chars[i]), i + 1 < chars.count, isSpace(chars[i + 1]) {
                    flushText()
                    while i < chars.count, isSpace(chars[i]) { i += 1 }
                    continue
                }
                text.append(chars[i])
                i += 1
                continue
            }
            var (tokens, j) = numberRun(chars, from: i)
            let continued = j < chars.count && continuesNumber(chars, at: j)
            if continued { j = numberLikeEnd(chars, from: j, into: &tokens[tokens.count - 1]) }
            let precededBySpace = i == 0 || chars[i - 1].isWhiteSpace
            let next: U? = j < chars.count ? chars[j] : nil
            let runEnd = j
            var after = j
            while after < chars.count, isSpace(chars[after]) { after += 1 }
            let nextWord: U? = after < chars.count ? chars[after] : nil
            // "84762.73万元" is an amount (a cell of its own in a grid), "3万" or "2024年" text.
            let amountInWan = U.hasPrefix(chars[runEnd..<min(chars.count, runEnd + 2)], "万元")
            if (i > 0 && chars[i - 1] == "第") || (!amountInWan && nextWord.map { isTextAfterNumber($0) } ?? false) {
                text.append(contentsOf: chars[i..<runEnd])
                i = runEnd
                continue
            }
            // The last digit before "." or "、" and a label is the label's numbering.
            var numbering: U?
            if !continued, let next, next == "." || next == "、" || next == "．", j + 1 < chars.count, !chars[j + 1].isASCIIDigit,
                let last = tokens.last, last.allSatisfy(\.isASCIIDigit)
            {
                numbering = last.last!
                let rest = last.dropLast()
                tokens.removeLast()
                if !rest.isEmpty { tokens.append(Array(rest)) }
            }
            if tokens.isEmpty {
                if let numbering { text.append(numbering) }
                i = runEnd
                continue
            }
            var end = runEnd
            if numbering == nil {
                let rest = chars[runEnd..<min(chars.count, runEnd + 2)]
                if let unit = ["万元", "元"].first(where: { U.hasPrefix(rest, $0) }) {
                    tokens[tokens.count - 1] += unit.map { U(character: $0) }
                    end = runEnd + unit.count
                }
            }
            flushText()
            let followedBySpace = end >= chars.count || chars[end].isWhiteSpace
            // A number is never printed with a leading zero: "0000000" standing alone is seven cells.
            let leadingZero = tokens.contains { $0.count > 1 && $0.first == "0" && $0.allSatisfy(\.isASCIIDigit) }
            let glued = !(precededBySpace && followedBySpace) || leadingZero
            for token in tokens {
                let raw = U.string(token)
                segments.append(.value(ValueToken(raw: raw, reading: CellValueParser.read(raw), location: location, glued: glued)))
            }
            text = numbering.map { [$0] } ?? []
            i = end
        }
        flushText()
        return segments
    }

    /// A number run from `start` (a digit): digit groups, each with optional decimals and footnote
    /// marks, separated by white space; a sign right after a group starts the next ("35-15" is 35
    /// and −15: a sign only ever starts a number). Returns the groups and where the run ends.
    private static func numberRun<U: TextUnit>(_ chars: [U], from start: Int) -> (tokens: [[U]], end: Int) {
        func isSpace(_ c: U) -> Bool { c == " " || c == "\u{3000}" }
        func signedDigit(_ k: Int) -> Bool { k + 1 < chars.count && (chars[k] == "+" || chars[k] == "-") && chars[k + 1].isASCIIDigit }
        var tokens: [[U]] = []
        var j = start
        while j < chars.count, chars[j].isASCIIDigit || (!tokens.isEmpty && signedDigit(j)) {
            var token: [U] = []
            if !chars[j].isASCIIDigit { token.append(chars[j]); j += 1 }
            while j < chars.count, chars[j].isASCIIDigit { token.append(chars[j]); j += 1 }
            if j + 1 < chars.count, chars[j] == ".", chars[j + 1].isASCIIDigit {
                token.append(".")
                j += 1
                while j < chars.count, chars[j].isASCIIDigit { token.append(chars[j]); j += 1 }
            }
            while j < chars.count, chars[j].isFootnoteMark { token.append(chars[j]); j += 1 }
            tokens.append(token)
            if signedDigit(j), token.last?.isASCIIDigit == true { continue }
            var k = j
            while k < chars.count, isSpace(chars[k]) || chars[k] == "\t" { k += 1 }
            if k < chars.count, k > j, chars[k].isASCIIDigit { j = k } else { break }
        }
        return (tokens, j)
    }

    /// Whether the number that ends before `k` goes on in a form that is not a plain number: an
    /// exponent ("1e5", "1.23E+05"), a fraction ("97/98"), apostrophe thousands ("1'000") or a
    /// Chinese magnitude ("3千").
    private static func continuesNumber<U: TextUnit>(_ chars: [U], at k: Int) -> Bool {
        func digit(_ i: Int) -> Bool { i < chars.count && chars[i].isASCIIDigit }
        guard k > 0, chars[k - 1].isASCIIDigit else { return false }
        let c = chars[k]
        if c == "e" || c == "E" { return digit(k + 1) || (k + 2 < chars.count && (chars[k + 1] == "+" || chars[k + 1] == "-") && digit(k + 2)) }
        if c == "/" || c == "'" || c == "\u{2019}" { return digit(k + 1) }
        return c == "千" || c == "百" || c == "十"
    }

    /// Extends `token` over the number-like text from `k` (digits and ``CellValueParser/continuesNumber(_:)``
    /// scalars, ending with a digit or a magnitude) and returns where it ends.
    private static func numberLikeEnd<U: TextUnit>(_ chars: [U], from k: Int, into token: inout [U]) -> Int {
        var end = k, j = k
        while j < chars.count, let v = chars[j].scalarValue, CellValueParser.continuesNumber(v) {
            j += 1
            if CellValueParser.isDigit(v) || CellValueParser.isMagnitude(v) { end = j }
        }
        token += chars[k..<end]
        return end
    }

    /// 年, 月, 日, … after a number make it text.
    private static func isTextAfterNumber<U: TextUnit>(_ c: U) -> Bool {
        c == "年" || c == "月" || c == "日" || c == "号" || c == "%" || c == "％" || c == "时" || c == "分" || c == "岁"
            || c == "万" || c == "亿"
    }
}

/// A unit of text ``Segmenter`` cuts: a `Character`, or a `Unicode.Scalar` of plain text, where
/// every scalar is a character of its own.
private protocol TextUnit: Equatable, ExpressibleByUnicodeScalarLiteral {
    init(character: Character)
    var isASCIIDigit: Bool { get }
    /// A footnote mark's stand-in (see ``FootnoteMarks``).
    var isFootnoteMark: Bool { get }
    /// The scalar value of a unit that is one scalar, else nil.
    var scalarValue: UInt32? { get }
    /// `Character.isWhitespace`.
    var isWhiteSpace: Bool { get }
    static func string(_ units: ArraySlice<Self>) -> String
    /// The units as a String trimmed of `CharacterSet.whitespaces`.
    static func trimmedString(_ units: [Self]) -> String
    /// Whether the text `units` begins with `prefix` (as `String.hasPrefix`).
    static func hasPrefix(_ units: ArraySlice<Self>, _ prefix: String) -> Bool
}

extension TextUnit {
    static func string(_ units: [Self]) -> String { string(units[...]) }
}

extension Character: TextUnit {
    init(character: Character) { self = character }
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isFootnoteMark: Bool { scalarValue.map { FootnoteMarks.original($0) != nil } ?? false }
    var scalarValue: UInt32? { unicodeScalars.count == 1 ? unicodeScalars.first?.value : nil }
    var isWhiteSpace: Bool { isWhitespace }
    static func string(_ units: ArraySlice<Character>) -> String { String(units) }
    static func trimmedString(_ units: [Character]) -> String { String(units).trimmingCharacters(in: .whitespaces) }
    static func hasPrefix(_ units: ArraySlice<Character>, _ prefix: String) -> Bool { String(units).hasPrefix(prefix) }
}

extension Unicode.Scalar: TextUnit {
    init(character: Character) { self = character.unicodeScalars.first! }
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    var isFootnoteMark: Bool { FootnoteMarks.original(value) != nil }
    var scalarValue: UInt32? { value }
    var isWhiteSpace: Bool { PlainText.isWhiteSpace(value) }
    static func string(_ units: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: units)
        return String(view)
    }
    static func trimmedString(_ units: [Unicode.Scalar]) -> String {
        var lower = 0, upper = units.count
        while lower < upper, PlainText.isTrimmedSpace(units[lower].value) { lower += 1 }
        while upper > lower, PlainText.isTrimmedSpace(units[upper - 1].value) { upper -= 1 }
        return string(units[lower..<upper])
    }
    static func hasPrefix(_ units: ArraySlice<Unicode.Scalar>, _ prefix: String) -> Bool {
        units.starts(with: prefix.unicodeScalars)
    }
}
