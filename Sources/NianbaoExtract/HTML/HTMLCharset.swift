import Foundation
import NianbaoDocument
import NianbaoSupport

/// Finds the character encoding of an HTML page and decodes it to a String.
///
/// Order of evidence: a byte-order mark; the charset of the HTTP Content-Type; the page's
/// `<meta charset>` or `<meta http-equiv="Content-Type">`; then sniffing (valid UTF-8 is UTF-8,
/// anything else GB18030). GB2312, GBK and CP936 are read as GB18030, their superset. Latin-1,
/// Windows-1252 and ASCII labels are not taken at their word (a Chinese report is never in them;
/// such a label is a server default) and the bytes are sniffed instead.
///
/// A declared encoding that does not read the bytes without errors gives way to the next piece of
/// evidence that does (a mislabelled page); when none reads them whole, decoding fails with the
/// offset of the first bad byte. Text is never cut short or filled with replacement characters.
public enum HTMLCharset {
    /// The encodings nianbao decodes pages from.
    public enum Encoding: String, Sendable, CaseIterable {
        case utf8 = "UTF-8"
        case utf16LE = "UTF-16LE"
        case utf16BE = "UTF-16BE"
        case gb18030 = "GB18030"
    }

    /// Where the encoding used came from.
    public enum Evidence: String, Sendable {
        case byteOrderMark = "byte-order mark"
        case http = "HTTP Content-Type"
        case meta = "meta charset"
        case sniffed = "sniffed"
    }

    /// A decoded page.
    public struct Decoded: Sendable {
        public var text: String
        public var encoding: Encoding
        public var evidence: Evidence
    }

    /// Decodes `bytes`.
    /// - Parameters:
    ///   - declared: the charset the HTTP Content-Type named, if any (a label such as "gbk").
    ///   - path: names the page in errors.
    public static func decode(_ bytes: [UInt8], declared: String?, path: String) throws(NianbaoError) -> Decoded {
        if let (encoding, bomLength) = byteOrderMark(bytes) {
            let body = Array(bytes.dropFirst(bomLength))
            guard let text = decode(body, as: encoding) else {
                throw .invalidEncoding(path: path, detail: "the page starts with a \(encoding.rawValue) byte-order mark but \(firstError(body, as: encoding))")
            }
            return Decoded(text: text, encoding: encoding, evidence: .byteOrderMark)
        }
        var candidates: [(Encoding, Evidence, String)] = []
        if let label = declared, let encoding = encoding(forLabel: label) {
            candidates.append((encoding, .http, label))
        }
        if let label = metaCharset(in: bytes), let encoding = encoding(forLabel: label) {
            candidates.append((encoding, .meta, label))
        }
        candidates.append((.utf8, .sniffed, "UTF-8"))
        candidates.append((.gb18030, .sniffed, "GB18030"))
        for (encoding, evidence, _) in candidates {
            if let text = decode(bytes, as: encoding) {
                return Decoded(text: text, encoding: encoding, evidence: evidence)
            }
        }
        let (first, evidence, label) = candidates[0]
        let said = evidence == .sniffed ? "it is neither UTF-8 nor GB18030/GBK" : "the \(evidence.rawValue) says \(label), but \(firstError(bytes, as: first))"
        throw .invalidEncoding(path: path, detail: "\(said); no other encoding reads it whole either")
    }

    /// The charset parameter of a Content-Type header value ("text/html; charset=GBK" → "GBK").
    public static func charset(fromContentType value: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: #"charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)"#, options: .caseInsensitive),
            let match = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)),
            let range = Range(match.range(at: 1), in: value)
        else { return nil }
        return String(value[range])
    }

    /// The charset a `<meta>` tag in the first 4 KB declares, read as ASCII (as browsers pre-scan).
    static func metaCharset(in bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self)
        guard let tagPattern = try? NSRegularExpression(pattern: #"<meta\b[^>]*>"#, options: .caseInsensitive) else { return nil }
        for match in tagPattern.matches(in: head, range: NSRange(head.startIndex..., in: head)) {
            guard let range = Range(match.range, in: head) else { continue }
            if let label = charset(fromContentType: String(head[range])) { return label }
        }
        return nil
    }

    /// The encoding a charset label names, or nil for labels nianbao does not take at their word.
    public static func encoding(forLabel label: String) -> Encoding? {
        switch label.trimmingCharacters(in: .whitespaces).lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return .utf8
        case "gb2312", "gbk", "cp936", "ms936", "windows-936", "x-gbk", "gb_2312", "gb_2312-80", "csgb2312", "chinese",
            "iso-ir-58", "csiso58gb231280", "euc-cn", "gb18030", "x-euc-cn":
            return .gb18030
        case "utf-16le", "utf-16", "unicode", "ucs-2": return .utf16LE
        case "utf-16be": return .utf16BE
        default: return nil
        }
    }

    static func byteOrderMark(_ bytes: [UInt8]) -> (Encoding, Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// The bytes as text, or nil when they are not entirely valid in `encoding`.
    static func decode(_ bytes: [UInt8], as encoding: Encoding) -> String? {
        switch encoding {
        case .utf8:
            return String(validating: bytes, as: UTF8.self)
        case .utf16LE, .utf16BE:
            guard bytes.count % 2 == 0 else { return nil }
            let units = stride(from: 0, to: bytes.count, by: 2).map { i -> UInt16 in
                encoding == .utf16LE ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
            }
            return String(validating: units, as: UTF16.self)
        case .gb18030:
            guard let text = String(data: Data(bytes), encoding: TextDecoding.gb18030) else { return nil }
            // Foundation may put U+FFFD for a bad sequence; GB18030 spells a real U+FFFD 84 31 A4 37.
            if text.contains("\u{FFFD}"), !containsEncodedReplacement(bytes) { return nil }
            return text
        }
    }

    static func containsEncodedReplacement(_ bytes: [UInt8]) -> Bool {
        let needle: [UInt8] = [0x84, 0x31, 0xA4, 0x37]
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// "the byte at offset N (0xXX) is not valid" for a message, found by bisecting on the decoder.
    static func firstError(_ bytes: [UInt8], as encoding: Encoding) -> String {
        if encoding == .utf8 {
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            var offset = 0
            while true {
                switch decoder.decode(&iterator) {
                case let .scalarValue(scalar): offset += UTF8.width(scalar)
                case .emptyInput: return "the bytes are not valid \(encoding.rawValue)"
                case .error:
                    let byte = offset < bytes.count ? String(format: " (0x%02X)", bytes[offset]) : ""
                    return "the byte at offset \(offset)\(byte) is not valid \(encoding.rawValue)"
                }
            }
        }
        if encoding == .gb18030, let offset = firstInvalidGB18030(bytes) {
            return "the byte at offset \(offset)" + String(format: " (0x%02X)", bytes[offset]) + " starts no valid GB18030 character"
        }
        return "the bytes are not valid \(encoding.rawValue)"
    }

    /// The offset of the first byte that starts no well-formed GB18030 sequence (one byte 00–7F; two
    /// bytes 81–FE, 40–7E|80–FE; four bytes 81–FE, 30–39, 81–FE, 30–39).
    static func firstInvalidGB18030(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            guard (0x81...0xFE).contains(b), i + 1 < bytes.count else { return i }
            let second = bytes[i + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) { i += 2; continue }
            if (0x30...0x39).contains(second), i + 3 < bytes.count, (0x81...0xFE).contains(bytes[i + 2]), (0x30...0x39).contains(bytes[i + 3]) {
                i += 4
                continue
            }
            return i
        }
        return nil
    }
}
