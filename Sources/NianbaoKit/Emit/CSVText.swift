/// CSV as RFC 4180 defines it: fields separated by commas, records ended by CRLF, a field quoted
/// when it holds a comma, a double quote, CR or LF, and quotes inside doubled.
public enum CSVText {
    /// The UTF-8 byte order mark, which makes Excel read the file as UTF-8 (Chinese intact).
    public static let byteOrderMark = "\u{FEFF}"

    /// One field, quoted when needed.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record with its CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A header record and the records under it, optionally after a byte order mark.
    public static func document(header: [String], records: [[String]], byteOrderMark bom: Bool = false) -> String {
        var text = bom ? byteOrderMark : ""
        text += record(header)
        for fields in records { text += record(fields) }
        return text
    }
}
