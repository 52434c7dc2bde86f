import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Escaping for text and attribute values in HTML.
public enum HTMLEscape {
    /// Text content: `&`, `<` and `>` escaped.
    public static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A double-quoted attribute value: also `"` escaped.
    public static func attribute(_ s: String) -> String {
        text(s).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
