import Foundation
import NianbaoDocument
import NianbaoSupport

/// Reads the pictures of an HTML page by OCR, in place: each picture is read as one page image
/// (``OCRPage``) and its blocks take the `<img>`'s source line, keeping their boxes and OCR
/// provenance. A local page's `<img>` whose `src` is a relative path names a PNG, JPEG or TIFF
/// file beside the page; a fetched page's pictures were fetched before (``fetched``, keyed by
/// `src` as written). A picture embedded in the page as a `data:` address (``DataURI``) is read
/// from the address itself, in either kind of page. Pictures smaller than a table could be (icons,
/// rules), addresses of a local page (http:) and absolute paths, files that are not images or
/// larger than the page's size limit, and images that cannot be decoded are left out, as a
/// browser shows nothing of them to read; at most `maxPictures` (20) are read a page.
package struct HTMLImageOCR: Sendable {
    /// The folder the page is in (a local page).
    let folder: String
    /// The pictures of a fetched page, by `src` as written; nil for a local page.
    let fetched: [String: [UInt8]]?
    /// The largest picture file read, in bytes (the page's own size limit).
    let maxBytes: Int
    /// Seconds the OCR of one picture may take.
    let pageTimeout: Double
    /// The pictures still to be read: at most `maxPictures` a page, in page order.
    let budget: PictureBudget

    /// The smallest picture read, in pixels a side (a table of one row and two columns).
    static let minimumSide = 120

    /// nil when the page (its `path`, its `url` when fetched, its `bytes`) is not a local file or
    /// has no `<img` (a page without pictures is not read a second time).
    package init?(path: String, url: String?, bytes: [UInt8], maxBytes: Int, pageTimeout: Double, maxPictures: Int = 20) {
        guard url == nil, path != "-", !path.contains("://"), Self.mentionsImage(bytes) else { return nil }
        folder = (path as NSString).deletingLastPathComponent
        fetched = nil
        self.maxBytes = maxBytes
        self.pageTimeout = pageTimeout
        budget = PictureBudget(maxPictures)
    }

    /// The pictures of a fetched page, fetched already: their bytes by `src` as written. Nil when
    /// there are none.
    package init?(fetched pictures: [String: [UInt8]], maxBytes: Int, pageTimeout: Double, maxPictures: Int = 20) {
        guard !pictures.isEmpty else { return nil }
        folder = ""
        fetched = pictures
        self.maxBytes = maxBytes
        self.pageTimeout = pageTimeout
        budget = PictureBudget(maxPictures)
    }

    /// The pictures of the page's main content (its `<img>`s' `src` as written, and their lines),
    /// in the order they appear: those ``blocks(_:_:)`` would be asked for.
    package static func pictures(
        of bytes: [UInt8], charset: String?, url: String?, source: SourceInfo
    ) -> [(source: String, line: Int)] {
        let seen = PictureList()
        _ = try? HTMLExtractor().extract(bytes, charset: charset, url: url, source: source, images: { picture, line in
            seen.append(picture, line)
            return []
        })
        return seen.items
    }

    /// Whether the bytes hold "<img" in any case (ASCII, so in UTF-8 and GB18030 alike).
    package static func mentionsImage(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for i in 0...(bytes.count - 4) where bytes[i] == 0x3C {
            if bytes[i + 1] | 0x20 == 0x69, bytes[i + 2] | 0x20 == 0x6D, bytes[i + 3] | 0x20 == 0x67 { return true }
        }
        return false
    }

    /// The blocks of the picture `source` (an `<img>`'s `src`) at `line` of the page.
    package func blocks(_ source: String, _ line: Int) -> [Block] {
        guard let (path, bytes) = picture(source), ImageExtractor.isTablePicture(bytes, maxBytes: maxBytes), budget.take() else { return [] }
        let info = SourceInfo(file: path, format: .image, sha256: "")
        guard let document = try? ImageExtractor().extract(pages: [(bytes, path)], source: info, pageTimeout: pageTimeout) else { return [] }
        return document.blocks.compactMap { Self.placed($0, line: line) }
    }

    /// The name and bytes of the picture `source`: the one its `data:` address holds, the fetched
    /// one, or the file beside the page.
    func picture(_ source: String) -> (String, [UInt8])? {
        if DataURI.isDataURI(source) {
            return DataURI(source, maxBytes: maxBytes).map { ($0.name, $0.bytes) }
        }
        if let fetched { return fetched[source].map { (source, $0) } }
        guard let path = file(source), let bytes = try? DocumentReader.bytes(of: path, maxBytes: maxBytes) else { return nil }
        return (path, bytes)
    }

    /// The file a relative `src` names (percent-escapes decoded, query and fragment dropped).
    func file(_ source: String) -> String? {
        var relative = source.trimmingCharacters(in: .whitespacesAndNewlines)
        if let cut = relative.firstIndex(where: { $0 == "?" || $0 == "#" }) { relative = String(relative[..<cut]) }
        relative = relative.removingPercentEncoding ?? relative
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains(":") else { return nil }
        return (folder as NSString).appendingPathComponent(relative)
    }

    /// A block of the picture at the `<img>`'s line: no page (an HTML page has none), the box and
    /// OCR provenance kept; page breaks dropped.
    static func placed(_ block: Block, line: Int) -> Block? {
        func at(_ l: SourceLocation) -> SourceLocation { SourceLocation(page: nil, line: line, box: l.box, ocr: l.ocr) }
        switch block {
        case let .heading(level, text, location): return .heading(level: level, text: text, location: at(location))
        case let .paragraph(text, location): return .paragraph(text: text, location: at(location))
        case let .furniture(text, location): return .furniture(text: text, location: at(location))
        case .pageBreak: return nil
        case var .table(table):
            table.location = at(table.location)
            table.rows = table.rows.map { $0.map { cell in var cell = cell; cell.location = at(cell.location); return cell } }
            return .table(table)
        }
    }
}

/// How many more pictures a page may have read (a saved page with dozens of photos costs at most
/// this many OCR runs); shared by the extractor's (Sendable) callbacks.
final class PictureBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int

    init(_ count: Int) { left = max(0, count) }

    /// Whether one more picture may be read (and counts it).
    func take() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard left > 0 else { return false }
        left -= 1
        return true
    }
}

/// The pictures an extraction asked for, gathered from the extractor's (Sendable) callback.
private final class PictureList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(source: String, line: Int)] = []

    func append(_ source: String, _ line: Int) {
        lock.lock()
        defer { lock.unlock() }
        list.append((source, line))
    }

    var items: [(source: String, line: Int)] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
