import Foundation

/// A `data:` address (RFC 2397), as a CMS or a WeChat article embeds a pasted screenshot in the
/// page itself: `data:image/png;base64,iVBORw0…`. Only what a picture needs is read: the media
/// type, and the bytes, base64 (whitespace inside ignored) or percent-encoded.
package struct DataURI: Equatable, Sendable {
    /// The media type as written, lowercased, without parameters ("image/png"); empty when none.
    package let mediaType: String
    /// The decoded bytes.
    package let bytes: [UInt8]

    /// Whether `source` is a `data:` address (any case, leading spaces allowed).
    package static func isDataURI(_ source: String) -> Bool {
        source.drop(while: \.isWhitespace).prefix(5).lowercased() == "data:"
    }

    /// The address `source` decoded; nil when it is no `data:` address, has no comma, its payload
    /// does not decode, or it would decode to more than `maxBytes` (checked before decoding).
    package init?(_ source: String, maxBytes: Int) {
        let trimmed = source.drop(while: \.isWhitespace)
        guard Self.isDataURI(String(trimmed.prefix(5))), let comma = trimmed.firstIndex(of: ",") else { return nil }
        let header = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 5)..<comma].lowercased()
        let parameters = header.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let payload = trimmed[trimmed.index(after: comma)...]
        // Base64 holds 3 bytes in 4 characters; percent-encoding at least 1 in 3.
        let isBase64 = parameters.dropFirst().contains("base64")
        guard payload.utf8.count / (isBase64 ? 4 : 3) * 3 <= maxBytes else { return nil }
        let decoded = isBase64 ? Self.base64(payload) : Self.percentDecoded(payload)
        guard let decoded, decoded.count <= maxBytes else { return nil }
        mediaType = parameters.first ?? ""
        bytes = decoded
    }

    /// A short name for diagnostics: "data:image/png (12,345 bytes)", never the payload.
    package var name: String { "data:\(mediaType.isEmpty ? "" : mediaType) (\(bytes.count) bytes)" }

    static func base64(_ payload: Substring) -> [UInt8]? {
        // Percent-escaped base64 ("%2B" for "+") is seen in pages that escaped the address whole.
        let text = payload.contains("%") ? (String(payload).removingPercentEncoding ?? String(payload)) : String(payload)
        return Data(base64Encoded: text, options: .ignoreUnknownCharacters).map { [UInt8]($0) }
    }

    static func percentDecoded(_ payload: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(payload.utf8.count)
        var iterator = payload.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { out.append(byte); continue }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
