import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// The DOC, WPS and RTF inputs of a batch converted to DOCX before the batch starts, several files
/// to one LibreOffice start (starting LibreOffice costs about 1.5 s; converting one more file in a
/// running one about 0.35 s).
///
/// An optimisation only: an input LibreOffice did not convert here (a damaged file, a group that
/// ran out of time) is converted on its own in its worker as usual, which gives its own error or
/// time-out. The DOCX files stay in a private temporary folder until ``remove()``.
public final class OfficeConversions: Sendable {
    /// Files converted in one LibreOffice start.
    public static let groupSize = 8

    /// Source path → the DOCX LibreOffice made of it.
    public let converted: [String: String]
    private let folder: URL?

    private init(converted: [String: String], folder: URL?) {
        self.converted = converted
        self.folder = folder
    }

    /// No conversions (a batch with fewer than two such inputs, or without LibreOffice).
    public static let none = OfficeConversions(converted: [:], folder: nil)

    /// Converts the local inputs among `sources` that LibreOffice reads (by content: DOC, WPS and
    /// RTF, not encrypted), when there are at least two; `timeout` is per file.
    public static func prepare(_ sources: [String], maxBytes: Int, timeout: Double) -> OfficeConversions {
        let candidates = sources.filter { needsLibreOffice($0, maxBytes: maxBytes) }
        guard candidates.count >= 2, LibreOffice.executable != nil else { return .none }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-office-batch-\(UUID().uuidString)")
        var converted: [String: String] = [:]
        for start in stride(from: 0, to: candidates.count, by: groupSize) {
            let group = Array(candidates[start..<min(start + groupSize, candidates.count)])
            let made = LibreOffice.convertGroup(group, into: folder.appendingPathComponent("docx"), numberedFrom: start, timeout: timeout)
            converted.merge(made) { first, _ in first }
        }
        return OfficeConversions(converted: converted, folder: folder)
    }

    /// Removes the DOCX files.
    public func remove() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// Whether the file at `path` is one LibreOffice converts (see ``InputFormat/sniffWord``).
    public static func needsLibreOffice(_ path: String, maxBytes: Int) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ["doc", "dot", "wps", "wpt", "rtf"].contains(ext),
              let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size <= UInt64(max(0, maxBytes)) else { return false }
        try? handle.seek(toOffset: 0)
        guard let data = try? handle.readToEnd() else { return false }
        let bytes = [UInt8](data)
        guard !InputFormat.isEncryptedOLE2(bytes) else { return false }
        return [.doc, .wps, .rtf].contains(InputFormat.sniffWord(bytes, extension: ext))
    }
}
