/// A small RFC 4180 reader, independent of the writer: records of fields, quoted fields with
/// doubled quotes, commas and line breaks inside quotes, CRLF (or LF) between records.
enum CSVReader {
    enum Failure: Error, CustomStringConvertible {
        case quoteInsideUnquotedField(record: Int)
        case textAfterClosingQuote(record: Int)
        case unterminatedQuote

        var description: String {
            switch self {
            case let .quoteInsideUnquotedField(record): return "record \(record): a quote inside an unquoted field"
            case let .textAfterClosingQuote(record): return "record \(record): text after a closing quote"
            case .unterminatedQuote: return "a quoted field is not closed"
            }
        }
    }

    /// The records of `text`; a leading byte order mark is not part of the first field.
    static func records(_ text: String) throws -> [[String]] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var i = 0
        var quoted = false, afterQuote = false
        func endField() {
            record.append(String(field))
            field = String.UnicodeScalarView()
            quoted = false
            afterQuote = false
        }
        while i < scalars.count {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 2
                        continue
                    }
                    quoted = false
                    afterQuote = true
                } else {
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case ",":
                endField()
            case "\r", "\n":
                endField()
                records.append(record)
                record = []
                if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
            case "\"":
                guard field.isEmpty, !afterQuote else { throw Failure.quoteInsideUnquotedField(record: records.count + 1) }
                quoted = true
            default:
                if afterQuote { throw Failure.textAfterClosingQuote(record: records.count + 1) }
                field.append(c)
            }
            i += 1
        }
        if quoted { throw Failure.unterminatedQuote }
        if !field.isEmpty || !record.isEmpty || afterQuote {
            endField()
            records.append(record)
        }
        return records
    }

    /// The records as dictionaries keyed by the header record's fields.
    static func table(_ text: String) throws -> (header: [String], rows: [[String: String]]) {
        let all = try records(text)
        guard let header = all.first else { return ([], []) }
        return (header, all.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }
}
