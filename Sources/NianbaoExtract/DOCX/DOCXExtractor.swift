import Foundation
import NianbaoDocument
import NianbaoSupport

/// Reads Word documents (DOCX, Office Open XML) into a ``Document``: the package through
/// ``DOCXPackage``, its XML parts through libxml2, the body through ``DOCXBodyReader`` with the
/// styles (headings) and numbering definitions of the package. `docProps/core.xml`'s title and
/// modification (or creation) date fill ``DocumentMetadata``, a fallback for the report's own.
/// The pictures in the body are counted, and read by OCR in place when ``pictures`` is set
/// (``DOCXPictures``). It knows nothing of the report template.
public struct DOCXExtractor: Sendable {
    /// How the body's pictures are read by OCR; nil: they are not read.
    package var pictures: DOCXPictureOCR?

    public init() {}

    package init(pictures: DOCXPictureOCR?) {
        self.pictures = pictures
    }

    public func extract(_ bytes: [UInt8], source: SourceInfo) throws(NianbaoError) -> Document {
        try read(bytes, source: source).document
    }

    /// The document, and how many pictures its body holds (read or not).
    package func read(_ bytes: [UInt8], source: SourceInfo) throws(NianbaoError) -> (document: Document, pictures: Int) {
        let path = source.file
        var package = try DOCXPackage(bytes: bytes, path: path)
        let main = try mainPart(&package)
        guard let documentBytes = try package.read(main) else {
            throw .unsupportedFormat(path: path, detail: "a ZIP archive without word/document.xml, not a Word document")
        }
        let folder = main.split(separator: "/").dropLast().joined(separator: "/")
        func part(_ name: String) throws(NianbaoError) -> XMLNode? {
            let full = folder.isEmpty ? name : folder + "/" + name
            guard let bytes = try package.read(full), !bytes.isEmpty else { return nil }
            return try LibXML2.parseXML(bytes, part: full, path: path)
        }
        let root = try LibXML2.parseXML(documentBytes, part: main, path: path)
        guard root.name == "w:document", let body = root.child("w:body") else {
            throw .unsupportedFormat(path: path, detail: "\(main) is not a WordprocessingML document")
        }
        let styles = try part("styles.xml").map(DOCXStyles.init) ?? DOCXStyles()
        let numbering = try part("numbering.xml").map(DOCXNumbering.init) ?? DOCXNumbering()
        let metadata = try coreProperties(&package, path: path)
        var reader = DOCXBodyReader(styles: styles, numbering: numbering)
        if let pictures {
            let name = DOCXPictures.relationshipsPart(of: main)
            let relationships = (try? package.read(name)).flatMap { try? LibXML2.parseXML($0, part: name, path: path) }
            let media = DOCXPictures(package: package, main: main, relationships: relationships, options: pictures, path: path)
            reader.pictures = { id, line in media.blocks(id, line: line) }
        }
        let blocks = reader.blocks(of: body)
        return (Document(source: source, metadata: metadata, blocks: blocks), reader.pictureCount)
    }

    /// The main document part: the package relationship of type officeDocument, else
    /// word/document.xml.
    private func mainPart(_ package: inout DOCXPackage) throws(NianbaoError) -> String {
        let fallback = "word/document.xml"
        guard let bytes = try? package.read("_rels/.rels"), let rels = try? LibXML2.parseXML(bytes, part: "_rels/.rels", path: "") else {
            return fallback
        }
        let target = rels.children("rel:Relationship").first { ($0.attributes["Type"] ?? "").hasSuffix("/officeDocument") }?.attributes["Target"]
        guard var name = target, !name.contains("://") else { return fallback }
        while name.hasPrefix("/") { name.removeFirst() }
        return package.contains(name) ? name : fallback
    }

    /// Title and date from docProps/core.xml, when it is there and readable.
    private func coreProperties(_ package: inout DOCXPackage, path: String) throws(NianbaoError) -> DocumentMetadata {
        guard let bytes = try package.read("docProps/core.xml"),
            let root = try? LibXML2.parseXML(bytes, part: "docProps/core.xml", path: path)
        else { return DocumentMetadata() }
        func value(_ name: String) -> String? {
            let text = root.child(name)?.allText.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        return DocumentMetadata(title: value("dc:title"), published: value("dcterms:modified") ?? value("dcterms:created"))
    }
}
