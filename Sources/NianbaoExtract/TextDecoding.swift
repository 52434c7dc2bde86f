import Foundation
import NianbaoDocument
import NianbaoSupport

/// Turns the bytes of a text source into a String: UTF-8 (with or without BOM), UTF-16 with BOM,
/// or GB18030 (which covers GBK and GB2312).
public enum TextDecoding {
    /// The encoding a source was read with.
    public enum Encoding: String, Sendable { case utf8, utf16, gb18030 }

    /// Foundation's GB18030 on Linux (kCFStringEncodingGB_18030_2000 as an NSStringEncoding).
    package static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Decodes `bytes`, or returns nil when no supported encoding reads them without errors.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: Encoding)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return String(validating: bytes.dropFirst(3), as: UTF8.self).map { ($0, .utf8) }
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            return String(data: Data(bytes.dropFirst(2)), encoding: encoding).map { ($0, .utf16) }
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        if let text = String(data: Data(bytes), encoding: gb18030), !text.contains("\u{FFFD}") {
            return (text, .gb18030)
        }
        return nil
    }
}
