import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// How output formats other than JSON print a cell's number.
public enum NumberText {
    /// The canonical text of a number: integers without a fraction ("316441", "-5"), other values
    /// in the shortest form that reads back as the same number ("96171.6"); "" for nil and for
    /// what is no number (NaN, ±∞): every writer has one "no value", never the text "null" or "inf".
    public static func canonical(_ number: Double?) -> String {
        guard let number = JSONValue.finite(number) else { return "" }
        return JSONValue.format(number)
    }

    /// A cell's number as the report printed it where that is a plain decimal ("12.50" stays
    /// "12.50"), otherwise ``canonical(_:)``: integers without decimals, signs and units dropped
    /// ("+1036" → "1036", "251000元" → "251000"); "" for a null cell.
    public static func asPrinted(_ cell: CellValue) -> String {
        guard let number = JSONValue.finite(cell.number) else { return "" }
        if number != number.rounded(), let raw = cell.raw?.trimmingCharacters(in: .whitespaces),
            isPlainDecimal(raw), Double(raw) == number
        {
            return raw
        }
        return canonical(number)
    }

    static func isPlainDecimal(_ text: String) -> Bool {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
