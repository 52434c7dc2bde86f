/// The formats nianbao recognises in its input.
public enum InputFormat: String, Sendable, CaseIterable {
    case txt, md, pdf, html
    /// Word: DOCX read natively; DOC, WPS and RTF converted to DOCX by LibreOffice first.
    case docx, doc, wps, rtf

    /// The format named by a file's extension, or sniffed from its first bytes when the extension says nothing.
    public static func detect(path: String, bytes: [UInt8]) throws(NianbaoError) -> InputFormat {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if path.contains("://") {
            // A URL: its path's last part, without query or fragment; a bare host names no file.
            name = HTMLLink.fileExtension(ofURL: path).map { "file.\($0)" } ?? ""
        }
        // The part after the last dot; none for "...", "name." or a name without a dot.
        let ext = name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]).lowercased() } ?? ""
        switch ext {
        case "txt", "text": return .txt
        case "md", "markdown": return .md
        case "pdf": return .pdf
        case "html", "htm", "shtml", "xhtml": return .html
        case "docx", "doc", "wps", "rtf", "docm", "dot", "dotx", "wpt": return sniffWord(bytes, extension: ext)
        case "":
            return sniff(bytes)
        default:
            if ["xls", "xlsx", "odt", "ofd", "zip"].contains(ext) {
                throw .unsupportedFormat(path: path, detail: ".\(ext) files are not read; save the report as PDF, HTML or text")
            }
            return sniff(bytes)
        }
    }

    static func sniff(_ bytes: [UInt8]) -> InputFormat {
        if bytes.starts(with: Array("%PDF".utf8)) { return .pdf }
        if let word = sniffWordContainer(bytes) { return word }
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        if head.contains("<html") || head.contains("<!doctype html") || head.contains("<body") { return .html }
        return .txt
    }
}
