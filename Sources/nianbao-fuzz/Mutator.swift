import NianbaoKit

/// Mutations of seed files: byte and bit flips, truncations, splices of two seeds, deleted,
/// duplicated and moved chunks, inserted tokens that matter to the extractors and the parser
/// (table markup, PDF operators, digits, the template's labels), changed digits, values in forms
/// that are not plain numbers (footnote marks, exponents, fractions, huge integers) and long glued
/// runs of digits.
struct Mutator {
    /// Tokens worth inserting: structure the extractors react to and labels the parser looks for.
    static let tokens: [[UInt8]] = [
        "<table>", "</table>", "<tr>", "</tr>", "<td rowspan=\"999\">", "<td colspan=\"0\">", "<td>", "</td>", "<br>", "<p>",
        "<meta charset=\"gbk\">", "<!--", "<![CDATA[", "&#x0;", "&nbsp;", "\t", "\n", "\r", "|", "---|", "\u{0}",
        "stream\n", "endstream", "endobj", " 0 obj", "/MediaBox [0 0 99999 99999]", "/Count 99999", "BT", "ET", "Tj", "TJ",
        " re f", " m ", " l S", "q", "Q", " cm", "xref", "trailer", "%%EOF",
        "0", "1", "9", "99999999999999999999", "-", "+", ".", "（", "）", "、", "—", "－", "/", "无", "万元",
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "行政处罚", "行政许可", "（七）总计", "本年新收政府信息公开申请数量",
        "自然人", "法人或其他组织", "合计", "尚未审结", "2024年政府信息公开工作年度报告", "2025年1月24日", "第3页", "-3-",
    ].map { Array($0.utf8) }

    /// Values printed in forms the parser must read whole or refuse, never cut short: footnote
    /// marks (superscript, circled, HTML `<sup>`, struck-out `<del>`), exponents, fractions,
    /// magnitudes, apostrophe thousands, signs inside glued runs, and numbers beyond 2^53 or a Double.
    static let valueForms: [[UInt8]] = [
        "¹", "²³", "⁴", "①", "⑳", "⑴", "⒈", "❶", "<sup>1</sup>", "<sup>(2)</sup>", "<sub>3</sub>", "<del>5</del>", "<s>7</s>",
        "<strike>9</strike>", "e5", "E+05", ".23E+05", "e-3", "/98", "/1", "千", "百", "'000", "’500", "-15", "+3", "-1-2",
        "9007199254740993", "-9007199254740993", "18446744073709551617", "1234567890.1234567", String(repeating: "9", count: 400),
    ].map { Array($0.utf8) }

    var rng: SplitMix64

    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &rng) }

    /// A mutation of `base`, sometimes spliced with `other`; one to four steps. For `text` (not a
    /// PDF) changed bytes are mostly printable ASCII, so that most inputs still decode and reach the parser.
    mutating func mutate(_ base: [UInt8], other: [UInt8], text: Bool) -> (bytes: [UInt8], steps: [String]) {
        var bytes = base
        var steps: [String] = []
        for _ in 0..<int(1..<5) {
            let step = int(0..<12)
            if bytes.isEmpty { bytes = Array(other.prefix(int(0..<(other.count + 1)))) }
            let n = bytes.count
            switch step {
            case 0:
                let ascii = text && int(0..<4) != 0
                for _ in 0..<int(1..<17) where n > 0 { bytes[int(0..<n)] = ascii ? UInt8(int(0x09..<0x7F)) : UInt8.random(in: 0...255, using: &rng) }
                steps.append("bytes")
            case 1:
                // In text, flips of the low bits of ASCII bytes only (a byte of a Chinese character flipped is an encoding error).
                for _ in 0..<int(1..<9) where n > 0 {
                    let i = int(0..<n)
                    if !text || bytes[i] < 0x80 { bytes[i] ^= 1 << UInt8(int(0..<(text ? 6 : 8))) }
                }
                steps.append("bits")
            case 2:
                bytes = Array(bytes.prefix(int(0..<(n + 1))))
                steps.append("truncate")
            case 3:
                let cut = int(0..<(n + 1)), from = int(0..<(other.count + 1))
                bytes = Array(bytes[..<cut]) + other[from...]
                steps.append("splice")
            case 4 where n > 0:
                let start = int(0..<n), length = int(1..<(min(4096, n - start) + 1))
                bytes.removeSubrange(start..<(start + length))
                steps.append("delete")
            case 5 where n > 0:
                let start = int(0..<n), length = int(1..<(min(4096, n - start) + 1))
                let chunk = bytes[start..<(start + length)]
                bytes.insert(contentsOf: Array(repeating: chunk, count: int(1..<4)).joined(), at: int(0..<(n + 1)))
                steps.append("duplicate")
            case 6, 7:
                let token = Self.tokens[int(0..<Self.tokens.count)]
                bytes.insert(contentsOf: token, at: int(0..<(n + 1)))
                steps.append("token")
            case 8:
                // A digit changed or a run of digits replaced: numbers the parser must place or refuse.
                let digits = bytes.indices.filter { (0x30...0x39).contains(bytes[$0]) }
                if let i = digits.isEmpty ? nil : digits[int(0..<digits.count)] {
                    bytes[i] = UInt8(0x30 + int(0..<10))
                    if int(0..<4) == 0 { bytes.insert(contentsOf: Array(String(int(0..<1_000_000)).utf8), at: i) }
                }
                steps.append("digits")
            case 9:
                // A value form right after a digit (where it joins a number) or anywhere.
                let form = Self.valueForms[int(0..<Self.valueForms.count)]
                bytes.insert(contentsOf: form, at: afterDigit(bytes) ?? int(0..<(n + 1)))
                steps.append("value-form")
            case 10:
                // A long glued run of digits (sometimes with signs), up to 200,000 characters.
                let length = [16, 200, 5_000, 200_000][int(0..<4)]
                var run: [UInt8] = []
                run.reserveCapacity(length)
                let signed = int(0..<3) == 0
                for k in 0..<length { run.append(signed && k % 7 == 6 ? UInt8(ascii: "-") : UInt8(0x30 + int(0..<10))) }
                bytes.insert(contentsOf: run, at: afterDigit(bytes) ?? int(0..<(n + 1)))
                steps.append("glued-run")
            default:
                // A line moved elsewhere.
                let breaks = bytes.indices.filter { bytes[$0] == 0x0A }
                if breaks.count >= 3 {
                    let a = int(0..<(breaks.count - 1))
                    let line = Array(bytes[(breaks[a] + 1)...breaks[a + 1]])
                    bytes.removeSubrange((breaks[a] + 1)...breaks[a + 1])
                    bytes.insert(contentsOf: line, at: min(bytes.count, breaks[int(0..<breaks.count)]))
                }
                steps.append("move-line")
            }
        }
        return (bytes, steps)
    }

    /// A place just after a random digit, or nil when there is none.
    mutating func afterDigit(_ bytes: [UInt8]) -> Int? {
        let digits = bytes.indices.filter { (0x30...0x39).contains(bytes[$0]) }
        return digits.isEmpty ? nil : digits[int(0..<digits.count)] + 1
    }
}
