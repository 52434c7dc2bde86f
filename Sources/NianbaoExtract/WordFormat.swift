import NianbaoDocument
import NianbaoSupport
/// Word files told apart by their content, not their name: sites serve ".doc" files that are
/// really DOCX, HTML or RTF, and links whose address names no format at all.
package extension InputFormat {
    /// A ZIP archive's local file header.
    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    /// An OLE2 compound file (Word 97–2003 .doc, WPS, and encrypted Office files of any kind).
    static let ole2Magic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// The format of a file named .docx, .doc, .wps or .rtf, by its content: a ZIP is DOCX, an OLE2
    /// file DOC (WPS when so named), `{\rtf` RTF, and a PDF or HTML page what it is. Anything else
    /// goes to LibreOffice as the extension says (it reads older formats too), or to the DOCX reader,
    /// which says what is wrong.
    static func sniffWord(_ bytes: [UInt8], extension ext: String) -> InputFormat {
        if let container = sniffWordContainer(bytes) { return container == .doc && (ext == "wps" || ext == "wpt") ? .wps : container }
        if bytes.starts(with: Array("%PDF".utf8)) { return .pdf }
        if bytes.starts(with: zipMagic) { return .docx }
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        if head.contains("<html") || head.contains("<!doctype html") || head.contains("<body") { return .html }
        switch ext {
        case "docx", "docm", "dotx": return .docx
        case "rtf": return .rtf
        case "wps", "wpt": return .wps
        default: return .doc
        }
    }

    /// DOCX (a ZIP holding word/document.xml), DOC (an OLE2 compound file) or RTF, by content.
    static func sniffWordContainer(_ bytes: [UInt8]) -> InputFormat? {
        if bytes.starts(with: ole2Magic) { return .doc }
        if bytes.starts(with: Array("{\\rtf".utf8)) { return .rtf }
        if bytes.starts(with: zipMagic) && contains(bytes, Array("word/".utf8)) { return .docx }
        return nil
    }

    /// Whether an OLE2 compound file holds an `EncryptionInfo` stream: an Office file encrypted with
    /// a password (an encrypted DOCX is such a file too). Directory entry names are UTF-16LE.
    static func isEncryptedOLE2(_ bytes: [UInt8]) -> Bool {
        guard bytes.starts(with: ole2Magic) else { return false }
        let name: [UInt8] = "EncryptionInfo".utf8.flatMap { byte -> [UInt8] in [byte, 0] }
        return contains(bytes, name)
    }

    static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first, bytes.count >= pattern.count else { return false }
        var i = 0
        let last = bytes.count - pattern.count
        while i <= last {
            if bytes[i] == first && bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return true }
            i += 1
        }
        return false
    }
}
