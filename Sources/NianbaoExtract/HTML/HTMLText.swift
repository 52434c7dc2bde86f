import Foundation
import NianbaoDocument
import NianbaoSupport

/// Turns the raw text of HTML inline content into what a reader sees.
package enum HTMLText {
    /// White space HTML collapses, with the no-break space of `&nbsp;` (which Word and CMS
    /// editors use for indents and empty cells) counted as white space too.
    static func isCollapsible(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" || c == "\u{A0}"
    }

    /// ``isCollapsible(_:)-(Character)`` for one scalar (white space is one scalar each).
    static func isCollapsible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0: return true
        default: return false
        }
    }

    /// Collapses runs of white space to one space and trims the ends. A run that holds a line
    /// break between two Chinese characters is dropped (as CSS does for East Asian text): an
    /// editor's line wrap inside "本年新收\n政府信息公开申请数量" is not a space.
    static func collapse(_ raw: String) -> String {
        var result = ""
        var pending: (hasBreak: Bool, seen: Bool) = (false, false)
        var previous: Character?
        for c in raw {
            if isCollapsible(c) {
                pending.seen = true
                if c == "\n" || c == "\r" { pending.hasBreak = true }
                continue
            }
            if pending.seen, let before = previous {
                if !(pending.hasBreak && isWide(before) && isWide(c)) { result.append(" ") }
            }
            pending = (false, false)
            result.append(c)
            previous = c
        }
        return result.trimmingCharacters(in: CharacterSet(charactersIn: " \u{3000}"))
    }

    /// CJK ideographs, kana, full-width forms and CJK punctuation.
    static func isWide(_ c: Character) -> Bool {
        guard let scalar = c.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x2FFFD:
            return true
        default:
            return false
        }
    }

    /// The text of a `<sup>` (or `<sub>`) with its digits, signs and parentheses as superscript (or
    /// subscript) characters, so that a footnote mark printed after a number stays a mark.
    static func raised(_ text: String, superscript: Bool) -> String {
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            view.append(raisedScalar(scalar, superscript: superscript))
        }
        return String(view)
    }

    private static func raisedScalar(_ s: Unicode.Scalar, superscript: Bool) -> Unicode.Scalar {
        let offset: UInt32
        switch s {
        case "0"..."9": offset = s.value - 0x30
        case "+": offset = 0x0A
        case "-": offset = 0x0B
        case "=": offset = 0x0C
        case "(": offset = 0x0D
        case ")": offset = 0x0E
        default: return s
        }
        if superscript {
            switch s {
            case "1": return "\u{B9}"
            case "2": return "\u{B2}"
            case "3": return "\u{B3}"
            default: break
            }
        }
        return Unicode.Scalar((superscript ? 0x2070 : 0x2080) + offset) ?? s
    }

    /// Removes Word's down-level conditional markers ("<![if !supportLists]>", "<![endif]>"), which
    /// libxml2 leaves as text; the list numbers between them are kept.
    static func removeConditionalMarkers(_ text: String) -> String {
        guard text.contains("<![") else { return text }
        return text.replacingOccurrences(of: #"<!\[(?:if[^\]]*|endif)\]>"#, with: "", options: .regularExpression)
    }
}
