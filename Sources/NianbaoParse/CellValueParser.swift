import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// Reads the text of one table cell as a value.
///
/// Integers, decimals (fees in 万元: "96171.6"), signed changes ("+1036", "-5"), amounts with a unit
/// ("251000元"), thousands separators ("13,612"), a trailing remark ("22（其中修订 16 件）" → 22 with
/// the remark kept) and trailing footnote marks ("15¹", "15①" → 15 with the mark as the note).
/// Blank, "/", "—", "－", "无" are read as no value. A cell is a value only when its whole text
/// reads as one: text that looks like a number but is not a plain one ("1.23E+05", "97/98", "3千",
/// "1'000"), and a number with more digits than a Double keeps exactly, is ``Reading/unreadable(_:)``.
public enum CellValueParser {
    public enum Reading: Equatable, Sendable {
        case blank
        /// A mark that stands for "no value" ("/", "—", "无").
        case nullMarker
        case number(Double, note: String?)
        /// Looks like a number but cannot be read as one with confidence; the reason says why.
        case unreadable(String)
        /// Not a value: a label or other text.
        case text
    }

    /// The largest integer every Double above it may not hold exactly: 2^53.
    public static let largestExactInteger = CellValue.largestExactInteger
    /// Decimals with more significant digits than this may not come back from a Double as printed.
    public static let maxDecimalDigits = 15

    /// The longest text, in UTF-8 bytes, read as one value when it is not plain text.
    package static let longestValueText = 1_024

    private static let nullMarkers: Set<String> = ["/", "-", "--", "—", "——", "–", "─", "无", "空", "/ /", "\\", "×"]
    private static let units = ["万元", "元", "件", "个", "项", "次", "人", "条", "家"]

    public static func read(_ raw: String) -> Reading {
        if let scalars = PlainText.nfkcScalars(raw) { return read(plain: scalars) }
        return readGeneral(raw)
    }

    /// ``read(_:)`` for any text. Trailing footnote marks are the note of the number before them,
    /// read on its own; other marks are set aside before NFKC (which would make "¹" and "①" the
    /// digit 1), so that a number with a mark inside it is no number.
    package static func readGeneral(_ raw: String) -> Reading {
        // No value, with its unit and note, is this long: such a cell is text, and is cut into
        // runs by the segmenter (normalising a megabyte here, twice, was half the cost of a line).
        guard raw.utf8.count <= longestValueText else { return .text }
        if let (body, marks) = FootnoteMarks.splitTrailing(raw) {
            switch read(body) {
            case let .number(value, note): return .number(value, note: note.map { "\(marks) \($0)" } ?? marks)
            case .blank: return .text
            case let other: return other
            }
        }
        let normalised = FootnoteMarks.protect(raw).precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        return read(plain: normalised.unicodeScalars.map(\.value))
    }

    private static let nullMarkerScalars: [[UInt32]] = nullMarkers.map { $0.unicodeScalars.map(\.value) }
    private static let unitScalars: [[UInt32]] = units.map { $0.unicodeScalars.map(\.value) }

    /// ``read(_:)`` for NFKC text given as scalar values (plain text's scalars are its characters).
    static func read(plain nfkc: [UInt32]) -> Reading {
        var s = nfkc[PlainText.trimmedBounds(nfkc[...], dropping: PlainText.isTrimmedSpaceOrNewline)]
        if s.isEmpty { return .blank }
        if s.count <= 16, let value = smallInteger(s) { return .number(value, note: nil) }
        if s.lazy.filter({ $0 != 0x20 }).count <= 3 {
            let withoutSpaces = s.filter { $0 != 0x20 }
            if nullMarkerScalars.contains(where: { $0 == withoutSpaces }) { return .nullMarker }
        }
        var note: String?
        if s.last == 0x29, let open = s.firstIndex(of: 0x28) {  // "…(…)"
            note = PlainText.string(s[PlainText.trimmedBounds(s[(open + 1)..<(s.endIndex - 1)], dropping: PlainText.isTrimmedSpace)])
            s = s[PlainText.trimmedBounds(s[..<open], dropping: PlainText.isTrimmedSpace)]
        }
        for unit in unitScalars where (s.last ?? 0) >= 0x4E00 && s.count >= unit.count && s.suffix(unit.count).elementsEqual(unit) {
            s = s[PlainText.trimmedBounds(s.dropLast(unit.count), dropping: PlainText.isTrimmedSpace)]
            break
        }
        switch parse(s) {
        case let .exact(value): return .number(value, note: note)
        case let .inexact(reason): return .unreadable(reason)
        case nil: return looksNumeric(s) ? .unreadable("is not a plain number") : .text
        }
    }

    enum Parsed: Equatable {
        case exact(Double)
        /// A plain number a Double cannot hold exactly.
        case inexact(String)
    }

    /// A plain number: optional sign, digits with optional thousands groups, optional decimals;
    /// nil when the text is not one.
    static func parse(_ s: ArraySlice<UInt32>) -> Parsed? {
        var body = s
        var sign = 1.0
        if body.first == 0x2B { body = body.dropFirst() } else if body.first == 0x2D { sign = -1; body = body.dropFirst() }
        guard let first = body.first, isDigit(first) else { return nil }
        let parts = body.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let groups = parts[0].split(separator: 0x2C, omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        var integer: [UInt32] = []
        for group in groups { integer += group }
        guard !integer.isEmpty, integer.allSatisfy(isDigit) else { return nil }
        var fraction: ArraySlice<UInt32> = []
        if parts.count == 2 {
            fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(isDigit) else { return nil }
        }
        let significant = integer.drop { $0 == 0x30 }
        if fraction.isEmpty {
            guard significant.count <= 16, let magnitude = UInt64(PlainText.string(significant.isEmpty ? [0x30] : Array(significant))),
                magnitude <= largestExactInteger
            else { return .inexact("has more digits than can be kept exactly (integers up to \(largestExactInteger))") }
            return .exact(Double(magnitude) * sign)
        }
        let digits = significant.isEmpty ? Array(fraction.drop { $0 == 0x30 }) : Array(significant) + fraction
        guard digits.count <= maxDecimalDigits else {
            return .inexact("has more digits than can be kept exactly (decimals up to \(maxDecimalDigits) significant digits)")
        }
        guard let value = Double(PlainText.string(integer + [0x2E] + fraction)), value.isFinite else {
            return .inexact("is out of range")
        }
        return .exact(value * sign)
    }

    @inline(__always)
    static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }

    /// The value of up to 15 plain digits after an optional sign (the commonest cell, read without
    /// the general steps).
    @inline(__always)
    private static func smallInteger(_ s: ArraySlice<UInt32>) -> Double? {
        var value: Int64 = 0
        var sign: Int64 = 1
        var digits = 0
        for (offset, v) in s.enumerated() {
            if offset == 0, v == 0x2B || v == 0x2D {
                sign = v == 0x2D ? -1 : 1
                continue
            }
            guard isDigit(v) else { return nil }
            value = value * 10 + Int64(v - 0x30)
            digits += 1
        }
        return digits > 0 && digits <= 15 ? Double(sign * value) : nil
    }

    /// Scalars that may continue a number in print without being part of a plain one: exponents
    /// ("1e5"), fractions ("97/98"), apostrophe thousands ("1'000"), inner signs ("35-15") and
    /// Chinese magnitudes ("3千").
    static func continuesNumber(_ v: UInt32) -> Bool {
        switch v {
        case 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x27, 0x2019, 0x45, 0x65, 0x5341, 0x767E, 0x5343, 0x4E07, 0x4EBF: return true
        default: return isDigit(v)
        }
    }

    /// Text made only of digits and the scalars that continue a number, starting with a digit (after
    /// an optional sign), ending with a digit or a magnitude, and holding more than points and
    /// commas: a number printed in a form that is not a plain one.
    static func looksNumeric(_ s: ArraySlice<UInt32>) -> Bool {
        var body = s
        if body.first == 0x2B || body.first == 0x2D { body = body.dropFirst() }
        guard let first = body.first, isDigit(first), let last = body.last else { return false }
        guard isDigit(last) || isMagnitude(last) else { return false }
        // Points and commas alone are not enough: "1.2.3" is a numbering, "12,34" a list.
        return body.allSatisfy(continuesNumber) && body.contains { !isDigit($0) && $0 != 0x2E && $0 != 0x2C }
    }

    /// 十, 百, 千, 万, 亿.
    static func isMagnitude(_ v: UInt32) -> Bool {
        v == 0x5341 || v == 0x767E || v == 0x5343 || v == 0x4E07 || v == 0x4EBF
    }

    /// The value of a plain number (see ``parse(_:)``), when a Double holds it exactly.
    package static func number(_ s: String) -> Double? {
        guard case let .exact(value) = parse(s.unicodeScalars.map(\.value)[...]) else { return nil }
        return value
    }
}

/// Footnote marks printed after a number: superscript and subscript digits and signs, and the
/// enclosed numbers (①, ⑴, ⒈, ❶, ➀, ㉑). NFKC makes them digits, so they are set aside before it.
package enum FootnoteMarks {
    static func isMark(_ v: UInt32) -> Bool {
        switch v {
        case 0xB2, 0xB3, 0xB9, 0x2070...0x207E, 0x2080...0x208E, 0x2460...0x24FF, 0x2776...0x2793, 0x3251...0x325F, 0x32B1...0x32BF:
            return true
        default:
            return false
        }
    }

    /// Private-use stand-ins (plane 15) that NFKC leaves alone, one per mark.
    private static let base: UInt32 = 0xF0000

    /// The text before the footnote marks (or their stand-ins) that end `text`, and the marks as
    /// printed; nil when it does not end with one.
    static func splitTrailing(_ text: String) -> (body: String, marks: String)? {
        let scalars = Array(text.unicodeScalars)
        var end = scalars.count
        while end > 0, PlainText.isTrimmedSpaceOrNewline(scalars[end - 1].value) { end -= 1 }
        var start = end
        while start > 0, isMark(scalars[start - 1].value) || original(scalars[start - 1].value) != nil { start -= 1 }
        guard start < end else { return nil }
        var body = String.UnicodeScalarView(), marks = String.UnicodeScalarView()
        body.append(contentsOf: scalars[..<start])
        for scalar in scalars[start..<end] { marks.append(original(scalar.value).flatMap(Unicode.Scalar.init) ?? scalar) }
        return (String(body), String(marks))
    }

    /// `text` with every footnote mark replaced by its stand-in; the text itself when it has none.
    static func protect(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isMark($0.value) }) else { return text }
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            view.append(isMark(scalar.value) ? Unicode.Scalar(base + scalar.value) ?? scalar : scalar)
        }
        return String(view)
    }

    /// The mark a stand-in stands for, or nil.
    static func original(_ v: UInt32) -> UInt32? {
        v >= base && v < base + 0x10000 && isMark(v - base) ? v - base : nil
    }

    /// `text` with stand-ins put back as the marks they stand for.
    static func restore(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { original($0.value) != nil }) else { return text }
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            view.append(original(scalar.value).flatMap(Unicode.Scalar.init) ?? scalar)
        }
        return String(view)
    }
}
