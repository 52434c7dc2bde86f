import Foundation
import NianbaoDocument
import NianbaoSupport

/// How the pictures in a Word document's body are read by OCR (a table pasted as a screenshot).
package struct DOCXPictureOCR: Sendable {
    /// The largest picture read, in bytes (the input's own size limit).
    package var maxBytes: Int
    /// Seconds the OCR of one picture may take.
    package var pageTimeout: Double
    /// The most pictures read in one document, in body order (a report with dozens of photos
    /// of its year's work costs at most this many OCR runs); those after are left out.
    package var maxPictures: Int

    package init(maxBytes: Int, pageTimeout: Double, maxPictures: Int = 20) {
        self.maxBytes = maxBytes
        self.pageTimeout = pageTimeout
        self.maxPictures = maxPictures
    }
}

/// Reads the pictures of a Word document by OCR, in place, as ``HTMLImageOCR`` reads a page's:
/// each picture is one page image (``ImageExtractor``) whose blocks take the line of the
/// paragraph that holds it, keeping their boxes and OCR provenance, page breaks dropped.
///
/// A picture is found through the main part's relationships (`word/_rels/document.xml.rels`): an
/// image relationship whose target is a part of the package. A target outside the package (a
/// `TargetMode="External"` link, an address, a path climbing above the package's root) is never
/// followed, nor is a part the package does not have. A part larger than ``DOCXPictureOCR/maxBytes``
/// or than the package's limits (``DOCXPackage``), one that is not PNG, JPEG or TIFF (EMF, WMF…),
/// one under ``HTMLImageOCR/minimumSide`` pixels a side, one larger than OCR reads (checked from
/// its header, before decoding) and one that cannot be decoded are left out: nothing is read of
/// them, as Word would show nothing of them to read.
package final class DOCXPictures {
    private var package: DOCXPackage
    /// Relationship id → the part it names in the package.
    private let parts: [String: String]
    private let options: DOCXPictureOCR
    /// Names the input (the pictures are named "input#part").
    private let path: String
    /// The pictures read so far (at most ``DOCXPictureOCR/maxPictures``).
    private var read = 0

    /// The pictures of the package whose main part is `main`, its relationships read from
    /// `relationships` (nil when it has none).
    init(package: DOCXPackage, main: String, relationships: XMLNode?, options: DOCXPictureOCR, path: String) {
        self.package = package
        self.options = options
        self.path = path
        let folder = main.split(separator: "/").dropLast().joined(separator: "/")
        var parts: [String: String] = [:]
        for relationship in relationships?.children("rel:Relationship") ?? [] {
            guard let id = relationship.attributes["Id"], (relationship.attributes["Type"] ?? "").hasSuffix("/image"),
                relationship.attributes["TargetMode"]?.lowercased() != "external",
                let target = relationship.attributes["Target"], let part = Self.part(target, from: folder)
            else { continue }
            parts[id] = part
        }
        self.parts = parts
    }

    /// The name of the relationships part of `main` ("word/document.xml" →
    /// "word/_rels/document.xml.rels").
    static func relationshipsPart(of main: String) -> String {
        var folder = main.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name = folder.removeLast()
        return (folder + ["_rels", name + ".rels"]).joined(separator: "/")
    }

    /// The part a relationship's target names, from the folder of the part that holds it; nil for
    /// an address or a path that leaves the package.
    static func part(_ target: String, from folder: String) -> String? {
        let decoded = (target.removingPercentEncoding ?? target).replacingOccurrences(of: "\\", with: "/")
        guard !decoded.isEmpty, !decoded.contains(":") else { return nil }
        var segments = decoded.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
        for segment in decoded.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(String(segment))
            }
        }
        return segments.isEmpty ? nil : segments.joined(separator: "/")
    }

    /// The blocks of the picture of relationship `id`, at `line`; none when it is not read.
    func blocks(_ id: String, line: Int) -> [Block] {
        guard read < options.maxPictures, let bytes = picture(id), let name = parts[id] else { return [] }
        read += 1
        let info = SourceInfo(file: path + "#" + name, format: .image, sha256: "")
        guard let document = try? ImageExtractor().extract(pages: [(bytes, info.file)], source: info, pageTimeout: options.pageTimeout) else {
            return []
        }
        return document.blocks.compactMap { HTMLImageOCR.placed($0, line: line) }
    }

    /// The bytes of the picture of relationship `id`, when they are an image OCR may read.
    private func picture(_ id: String) -> [UInt8]? {
        guard let name = parts[id], package.size(of: name).map({ $0 <= UInt64(max(options.maxBytes, 0)) }) == true,
            let bytes = try? package.read(name), ImageExtractor.isTablePicture(bytes, maxBytes: options.maxBytes)
        else { return nil }
        return bytes
    }
}
