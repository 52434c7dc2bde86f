import Foundation

/// A value-like piece of a line: a number, a "no value" mark, or a blank cell.
struct ValueToken: Sendable {
    var raw: String
    var reading: CellValueParser.Reading
    var location: SourceLocation
    /// Cut out of running text with no space to the text around it ("规章000规范性文件"), so its digits
    /// may stand for several cells glued together.
    var glued: Bool

    var isBlank: Bool { reading == .blank }
}

/// A line cut into label text and values.
enum Segment: Sendable {
    case text(String, SourceLocation)
    case value(ValueToken)
}

/// Cuts parse lines into segments: every table cell is a value or text; text that carries numbers
/// ("行政许可 97", or a flattened "规章000规范性文件898989") is cut into text and number runs.
enum Segmenter {
    static func segments(of line: ParseLine) -> [Segment] {
        var result: [Segment] = []
        for cell in line.cells {
            let reading = CellValueParser.read(cell.text)
            if reading != .text {
                // Paragraph lines have no cells, so a blank there is nothing.
                if reading == .blank && !line.isTableRow { continue }
                result.append(.value(ValueToken(raw: cell.text, reading: reading, location: cell.location, glued: false)))
                continue
            }
            result.append(contentsOf: runs(in: cell.text, location: cell.location))
        }
        return result
    }

    private static let textAfterNumber: Set<Character> = ["年", "月", "日", "号", "%", "％", "时", "分", "岁", "万", "亿"]
    private static let unitAfterNumber = ["万元", "元"]
    private static let numberingMarks: Set<Character> = [".", "、", "．"]

    /// Cuts text into text and number runs. A digit before "." or "、" and a label is the label's
    /// numbering ("00000002.其他…" is "0000000" then "2.其他…"); a number before 年/月/日 is text.
    static func runs(in raw: String, location: SourceLocation) -> [Segment] {
        let chars = Array(raw.precomposedStringWithCompatibilityMapping)
        var segments: [Segment] = []
        var text = ""
        var i = 0
        func flushText() {
            let t = text.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { segments.append(.text(t, location)) }
            text = ""
        }
        while i < chars.count {
            // A signed change ("+12", "-6") standing on its own.
            if chars[i] == "+" || chars[i] == "-", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isNumber,
                i == 0 || chars[i - 1] == " " || chars[i - 1] == "\u{3000}"
            {
                var j = i + 1
                while j < chars.count, chars[j].isASCII, chars[j].isNumber || chars[j] == "." { j += 1 }
                if j == chars.count || chars[j] == " " || chars[j] == "\u{3000}" {
                    flushText()
                    let token = String(chars[i..<j])
                    segments.append(.value(ValueToken(raw: token, reading: CellValueParser.read(token), location: location, glued: false)))
                    i = j
                    continue
                }
            }
            guard chars[i].isASCII, chars[i].isNumber else {
                // Two or more spaces part columns in a layout-preserving extraction.
                if chars[i] == " " || chars[i] == "\u{3000}", i + 1 < chars.count, chars[i + 1] == " " || chars[i + 1] == "\u{3000}" {
                    flushText()
                    while i < chars.count, chars[i] == " " || chars[i] == "\u{3000}" { i += 1 }
                    continue
                }
                text.append(chars[i])
                i += 1
                continue
            }
            // A number run: digit groups, each with optional decimals, separated by white space.
            var tokens: [String] = []
            var j = i
            while j < chars.count, chars[j].isASCII, chars[j].isNumber {
                var token = ""
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { token.append(chars[j]); j += 1 }
                if j + 1 < chars.count, chars[j] == ".", chars[j + 1].isASCII, chars[j + 1].isNumber {
                    token.append(".")
                    j += 1
                    while j < chars.count, chars[j].isASCII, chars[j].isNumber { token.append(chars[j]); j += 1 }
                }
                tokens.append(token)
                var k = j
                while k < chars.count, chars[k] == " " || chars[k] == "\u{3000}" || chars[k] == "\t" { k += 1 }
                if k < chars.count, k > j, chars[k].isASCII, chars[k].isNumber { j = k } else { break }
            }
            let precededBySpace = i == 0 || chars[i - 1].isWhitespace
            let next: Character? = j < chars.count ? chars[j] : nil
            let runEnd = j
            var after = j
            while after < chars.count, chars[after] == " " || chars[after] == "\u{3000}" { after += 1 }
            let nextWord: Character? = after < chars.count ? chars[after] : nil
            if (i > 0 && chars[i - 1] == "第") || nextWord.map({ textAfterNumber.contains($0) }) == true {
                text.append(contentsOf: chars[i..<runEnd])
                i = runEnd
                continue
            }
            // The last digit before "." or "、" and a label is the label's numbering.
            var numbering = ""
            if let next, numberingMarks.contains(next), j + 1 < chars.count, !(chars[j + 1].isASCII && chars[j + 1].isNumber),
                let last = tokens.last, !last.contains(".")
            {
                numbering = String(last.last!)
                let rest = String(last.dropLast())
                tokens.removeLast()
                if !rest.isEmpty { tokens.append(rest) }
            }
            if tokens.isEmpty {
                text.append(contentsOf: numbering)
                i = runEnd
                continue
            }
            var end = runEnd
            if numbering.isEmpty {
                let rest = String(chars[runEnd...])
                if let unit = unitAfterNumber.first(where: { rest.hasPrefix($0) }) {
                    tokens[tokens.count - 1] += unit
                    end = runEnd + unit.count
                }
            }
            flushText()
            let followedBySpace = end >= chars.count || chars[end].isWhitespace
            let glued = !(precededBySpace && followedBySpace) || tokens.count > 1 && tokens.contains { $0.count > 1 && $0.hasPrefix("0") }
            for token in tokens {
                segments.append(.value(ValueToken(raw: token, reading: CellValueParser.read(token), location: location, glued: glued)))
            }
            text = numbering
            i = end
        }
        flushText()
        return segments
    }
}
