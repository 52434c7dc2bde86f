import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// CSV as RFC 4180 defines it: fields separated by commas, records ended by CRLF, a field quoted
/// when it holds a comma, a double quote, CR or LF, and quotes inside doubled.
///
/// Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`,
/// `-` or `@` (or a tab or CR before one) as a formula, so a report titled `=HYPERLINK(…)` would
/// run when the CSV is opened. Unless `raw`, such a text cell is written with a `'` before it,
/// which spreadsheets take as "text"; a cell that is a number (`-5`, `+1036`, `-0.5`) is never
/// changed.
public enum CSVText {
    /// The UTF-8 byte order mark, which makes Excel read the file as UTF-8 (Chinese intact).
    public static let byteOrderMark = "\u{FEFF}"

    /// One field, quoted when needed.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The characters that make a spreadsheet read a cell as a formula when it starts with one.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `text` with a `'` before it when a spreadsheet would run it as a formula; numbers unchanged.
    public static func neutralized(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaStarts.contains(first), !isNumber(text) else { return text }
        return "'" + text
    }

    /// A plain decimal number, signed or not: what the number columns hold.
    static func isNumber(_ text: String) -> Bool {
        var digits = text.utf8.dropFirst(text.hasPrefix("-") || text.hasPrefix("+") ? 1 : 0)
        guard let first = digits.first, first != UInt8(ascii: ".") else { return false }
        var dot = false
        while let byte = digits.popFirst() {
            if byte == UInt8(ascii: "."), !dot, !digits.isEmpty { dot = true; continue }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return false }
        }
        return true
    }

    /// One record with its CRLF; text cells neutralised unless `raw`.
    public static func record(_ fields: [String], raw: Bool = false) -> String {
        fields.map { field(raw ? $0 : neutralized($0)) }.joined(separator: ",") + "\r\n"
    }

    /// A header record and the records under it, optionally after a byte order mark; text cells
    /// neutralised unless `raw`.
    public static func document(header: [String], records: [[String]], byteOrderMark bom: Bool = false, raw: Bool = false) -> String {
        var text = bom ? byteOrderMark : ""
        text += record(header, raw: raw)
        for fields in records { text += record(fields, raw: raw) }
        return text
    }
}
