import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// The files of a scrape's output folder: downloads under files/, conversions under one folder per
/// output format. Names are stable per address, so a re-run finds its files again.
struct DownloadStore: Sendable {
    let directory: String

    /// files/<hash of the address>-<its last path part>, with an extension the content type implies.
    func fileName(for url: String, contentType: String?) -> String {
        let hash = String(SHA256.hex(Array(url.utf8)).prefix(12))
        var last = URL(string: url)?.lastPathComponent ?? ""
        last = String(last.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" }.prefix(80))
        if last == "/" || last.isEmpty { last = "index" }
        if DocumentLink.fileExtension(ofURL: "x/" + last) == nil {
            let type = contentType?.lowercased() ?? ""
            last += type.contains("pdf") ? ".pdf" : type.contains("html") ? ".html" : type.contains("wordprocessingml") ? ".docx" : type.contains("msword") ? ".doc" : ""
        }
        return "files/\(hash)-\(last)"
    }

    func path(_ relative: String) -> String { (directory as NSString).appendingPathComponent(relative) }

    /// The bytes of a file recorded with `sha256`, or nil when it is missing or changed.
    func validBytes(_ relative: String, sha256: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path(relative)) else { return nil }
        let bytes = Array(data)
        return SHA256.hex(bytes) == sha256 ? bytes : nil
    }

    /// Writes a file whole: a temporary file beside it, renamed over it. A failure leaves the old file.
    func write(_ bytes: [UInt8], to relative: String) throws(NianbaoError) {
        let target = path(relative)
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .unwritableOutput(path: target, reason: "cannot create the folder \(folder)")
        }
        try AtomicFile.write(bytes: bytes, to: target)
    }
}
