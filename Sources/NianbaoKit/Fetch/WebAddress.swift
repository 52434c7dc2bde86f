import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// http(s) addresses as nianbao checks, fetches and records them.
///
/// - ``normalized(_:)``: the one form every robots.txt check, fetch and comparison uses (RFC 3986
///   §6.2.2): scheme and host lowercased, a default port dropped, percent-encodings of unreserved
///   characters decoded and the others' hex digits uppercased, dot segments removed (§5.2.4), the
///   fragment dropped. What is checked against robots.txt is then exactly what is requested.
/// - ``withoutUserinfo(_:)``: the address with any `user:password@` removed, for everything
///   recorded (JSON, CSV, SQLite, manifests, messages); the fetch itself may still use them.
public enum WebAddress {
    /// The normalised form of an http(s) address, or nil when it is not one that can be parsed.
    public static func normalized(_ address: String) -> String? {
        // URL parses many times faster than URLComponents (a listing may hold 40,000 links).
        let trimmed = address.first?.isWhitespace == true || address.last?.isWhitespace == true ? address.trimmingCharacters(in: .whitespaces) : address
        guard let parts = URL(string: trimmed),
            let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
            var host = parts.host(percentEncoded: true)?.lowercased(), !host.isEmpty
        else { return nil }
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        var text = scheme + "://"
        if let user = parts.user(percentEncoded: true) {
            text += percentNormalized(user) + (parts.password(percentEncoded: true).map { ":" + percentNormalized($0) } ?? "") + "@"
        }
        text += host
        if let port = parts.port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) { text += ":\(port)" }
        let path = removingDotSegments(percentNormalized(parts.path(percentEncoded: true)))
        text += path.isEmpty ? "/" : path
        if let query = parts.query(percentEncoded: true) { text += "?" + percentNormalized(query) }
        return text
    }

    /// Whether `text` is a numeric IPv4 or IPv6 address outside every loopback, private,
    /// link-local, carrier-grade NAT, multicast, reserved and documentation range (an IPv4 address
    /// inside IPv6 judged as itself): the addresses ``HTTPFetcher/Options/publicAddressesOnly``
    /// lets a request connect to. False for anything that is not a numeric address.
    public static func isPublicIPAddress(_ text: String) -> Bool {
        LibCurl.isPublicAddress(text)
    }

    /// `address` without the userinfo (`user:password@`) of its authority; anything else unchanged.
    public static func withoutUserinfo(_ address: String) -> String {
        guard let schemeEnd = address.range(of: "://") else { return address }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = address[authorityStart...].firstIndex { "/?#".contains($0) } ?? address.endIndex
        guard let at = address[authorityStart..<authorityEnd].lastIndex(of: "@") else { return address }
        return String(address[..<authorityStart]) + String(address[address.index(after: at)...])
    }

    /// Percent-encodings normalised (RFC 3986 §6.2.2.2): `%XX` of an unreserved character decoded,
    /// other `%xx` uppercased; a `%` that starts no encoding is encoded as `%25`; bytes that may not
    /// appear in a URI (non-ASCII, spaces, controls) percent-encoded.
    public static func percentNormalized(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\"") }) { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%"), i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                let decoded = high << 4 | low
                if isUnreserved(decoded) {
                    out.append(decoded)
                } else {
                    out.append(contentsOf: encoded(decoded))
                }
                i += 3
                continue
            }
            if byte == UInt8(ascii: "%") || byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") {
                out.append(contentsOf: encoded(byte))
            } else {
                out.append(byte)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986 §5.2.4 remove_dot_segments, in one pass over the segments.
    public static func removingDotSegments(_ path: String) -> String {
        guard path.contains("/.") || path.hasPrefix(".") else { return path }
        let absolute = path.hasPrefix("/")
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(absolute ? 1 : 0)
        var endsInDirectory = false
        for (index, segment) in segments.enumerated() {
            let last = index == segments.count - 1
            switch segment {
            case ".":
                endsInDirectory = last
            case "..":
                if !output.isEmpty { output.removeLast() }
                endsInDirectory = last
            default:
                output.append(segment)
                endsInDirectory = false
            }
        }
        var result = (absolute ? "/" : "") + output.joined(separator: "/")
        if endsInDirectory && !result.hasSuffix("/") { result += "/" }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
        }
    }

    private static func encoded(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
    }
}
