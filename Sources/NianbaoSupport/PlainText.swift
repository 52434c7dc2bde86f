/// Exact fast paths for "plain" text: printable ASCII, tab and line feed, CJK ideographs, CJK and
/// full-width punctuation, general punctuation and box drawing — what the reports are made of.
///
/// A plain scalar is a `Character` of its own whatever stands around it, lies in the Basic
/// Multilingual Plane and has no canonical decomposition; so on plain text comparisons by
/// `Character`, by scalar and by Foundation (`NSString`, which matches canonically equivalent
/// clusters) all agree, and NFKC maps it scalar by scalar (``appendNFKC(_:to:)``). The hot paths of
/// the parser work on plain text as arrays of scalar values and leave any other text to the general
/// (Foundation, `Character`) code, which gives the same results more slowly.
package enum PlainText {
    /// Whether `v` is a plain scalar.
    @inline(__always)
    package static func isPlain(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 0x20 && v != 0x7F || v == 0x09 || v == 0x0A }
        if v >= 0x4E00 { return v <= 0x9FFF || (v >= 0xFF01 && v <= 0xFF5E) }
        if v >= 0x3000 { return v <= 0x3029 || (v >= 0x3030 && v <= 0x303F) || v >= 0x3400 && v <= 0x4DBF }
        if v >= 0x2010 { return v <= 0x2027 && v != 0x2017 || (v >= 0x2500 && v <= 0x257F) }
        return v == 0xB7 || v == 0xD7
    }

    /// Appends the NFKC form of a plain scalar (plain scalars again): full-width forms and the
    /// ideographic space become ASCII, "…" three full stops, a few CJK symbols their ideographs.
    @inline(__always)
    package static func appendNFKC(_ v: UInt32, to out: inout [UInt32]) {
        switch v {
        case 0xFF01...0xFF5E: out.append(v - 0xFEE0)
        case 0x3000: out.append(0x20)
        case 0x2011: out.append(0x2010)
        case 0x2024: out.append(0x2E)
        case 0x2025: out.append(0x2E); out.append(0x2E)
        case 0x2026: out.append(0x2E); out.append(0x2E); out.append(0x2E)
        case 0x3036: out.append(0x3012)
        case 0x3038: out.append(0x5341)
        case 0x3039: out.append(0x5344)
        case 0x303A: out.append(0x5345)
        default: out.append(v)
        }
    }

    /// The scalar values of `text` when it is plain, else nil.
    package static func scalars<S: StringProtocol>(_ text: S) -> [UInt32]? {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard isPlain(scalar.value) else { return nil }
            out.append(scalar.value)
        }
        return out
    }

    /// The NFKC form of `text` as scalar values when it is plain (what
    /// `precomposedStringWithCompatibilityMapping` gives), else nil.
    package static func nfkcScalars<S: StringProtocol>(_ text: S) -> [UInt32]? {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard isPlain(scalar.value) else { return nil }
            appendNFKC(scalar.value, to: &out)
        }
        return out
    }

    /// Unicode White_Space (`Character.isWhitespace`, `Unicode.Scalar.Properties.isWhitespace`).
    @inline(__always)
    package static func isWhiteSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Foundation's `CharacterSet.whitespaces` (general category Zs, tab, and U+200B).
    @inline(__always)
    package static func isTrimmedSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Foundation's `CharacterSet.whitespacesAndNewlines`.
    @inline(__always)
    package static func isTrimmedSpaceOrNewline(_ v: UInt32) -> Bool {
        switch v {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return isTrimmedSpace(v)
        }
    }

    /// The bounds of `scalars` without leading and trailing scalars that `drop` accepts.
    @inline(__always)
    package static func trimmedBounds(_ scalars: ArraySlice<UInt32>, dropping drop: (UInt32) -> Bool) -> Range<Int> {
        var lower = scalars.startIndex, upper = scalars.endIndex
        while lower < upper, drop(scalars[lower]) { lower += 1 }
        while upper > lower, drop(scalars[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation.
    package static func trimmingSpaces(_ text: String) -> String {
        let scalars = text.unicodeScalars
        var lower = scalars.startIndex, upper = scalars.endIndex
        while lower < upper, isTrimmedSpace(scalars[lower].value) { lower = scalars.index(after: lower) }
        while upper > lower {
            let before = scalars.index(before: upper)
            guard isTrimmedSpace(scalars[before].value) else { break }
            upper = before
        }
        if lower == scalars.startIndex && upper == scalars.endIndex { return text }
        return String(scalars[lower..<upper])
    }

    /// A String of scalar values (valid scalars, as taken from a String).
    package static func string<C: Collection>(_ scalars: C) -> String where C.Element == UInt32 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 3)
        for v in scalars { appendUTF8(v, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func appendUTF8(_ v: UInt32, to bytes: inout [UInt8]) {
        if v < 0x80 {
            bytes.append(UInt8(v))
        } else if v < 0x800 {
            bytes.append(UInt8(0xC0 | v >> 6)); bytes.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            bytes.append(UInt8(0xE0 | v >> 12)); bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
        } else {
            bytes.append(UInt8(0xF0 | v >> 18)); bytes.append(UInt8(0x80 | v >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// The first index at or after `start` where `needle` occurs in `haystack` (a non-empty needle).
    static func index(of needle: [UInt32], in haystack: [UInt32], from start: Int = 0) -> Int? {
        let n = needle.count
        guard n > 0, haystack.count - start >= n else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - n
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < n, haystack[i + k] == needle[k] { k += 1 }
                if k == n { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether `haystack` contains `needle` (false for an empty needle, as Foundation has it).
    @inline(__always)
    package static func contains(_ haystack: [UInt32], _ needle: [UInt32]) -> Bool {
        index(of: needle, in: haystack) != nil
    }

    /// Replaces every occurrence of `needle`, left to right and not overlapping, with
    /// `replacement` (Foundation's `replacingOccurrences(of:with:)`).
    package static func replaceAll(_ needle: [UInt32], with replacement: [UInt32], in haystack: inout [UInt32]) {
        guard var found = index(of: needle, in: haystack) else { return }
        var result: [UInt32] = []
        result.reserveCapacity(haystack.count)
        var position = 0
        while true {
            result.append(contentsOf: haystack[position..<found])
            result.append(contentsOf: replacement)
            position = found + needle.count
            guard let next = index(of: needle, in: haystack, from: position) else { break }
            found = next
        }
        result.append(contentsOf: haystack[position...])
        haystack = result
    }
}

package extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` without Foundation: the same scalars are trimmed
    /// (see ``PlainText/isTrimmedSpace(_:)``), for any text.
    package func trimmingWhitespaces() -> String {
        PlainText.trimmingSpaces(String(self))
    }
}

package extension PlainText {
    /// The longest start of `text` (whole characters) of at most `utf8Bytes` UTF-8 bytes: file
    /// names are limited to 255 bytes, not characters (output names, temporary names).
    static func prefix(_ text: String, utf8Bytes limit: Int) -> String {
        var kept = ""
        var used = 0
        for character in text {
            let size = String(character).utf8.count
            if used + size > limit { break }
            kept.append(character)
            used += size
        }
        return kept
    }
}
