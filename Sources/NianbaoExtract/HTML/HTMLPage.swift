import NianbaoDocument
import NianbaoSupport
/// A parsed HTML page: its element tree, the encoding it was read in, what it says about itself,
/// its links, and the report in it as a ``Document``.
public struct HTMLPage: Sendable {
    let root: HTMLNode
    /// The encoding the page was decoded from and why.
    public let encoding: HTMLCharset.Encoding
    public let encodingEvidence: HTMLCharset.Evidence
    /// The address the page came from, if it was fetched; links are resolved against it.
    public let url: String?

    /// Decodes and parses a page.
    /// - Parameters:
    ///   - charset: the charset of the HTTP Content-Type, if the page was fetched and it named one.
    ///   - url: the page's address, if fetched.
    ///   - path: names the page in errors (the file path or the URL).
    public init(bytes: [UInt8], charset: String?, url: String?, path: String) throws(NianbaoError) {
        let decoded = try HTMLCharset.decode(bytes, declared: charset, path: path)
        root = try LibXML2.parse(Self.prepare(decoded.text), path: path)
        encoding = decoded.encoding
        encodingEvidence = decoded.evidence
        self.url = url
    }

    /// Line ends made "\n" (so libxml2's line numbers are an editor's) and namespaced tag names
    /// such as Word's `<o:p>` renamed `<o-p>`: libxml2 would drop the prefix and take it for a `<p>`.
    static func prepare(_ text: String) -> String {
        var t = text
        if t.contains("\r") { t = t.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        if t.contains(":") {
            t = t.replacingOccurrences(of: #"<(/?)([A-Za-z][A-Za-z0-9]*):([A-Za-z])"#, with: "<$1$2-$3", options: .regularExpression)
        }
        return t
    }

    /// Every link on the page in document order, resolved against `<base href>` or the page's URL.
    public var links: [HTMLLink] {
        let baseHref = root.first { $0.name == "base" }?.attributes["href"]
        let base = baseHref.flatMap { HTMLLink.resolve($0, against: url) } ?? url
        return root.descendants { $0.name == "a" || $0.name == "area" }.compactMap { anchor in
            guard let href = anchor.attributes["href"], let target = HTMLLink.resolve(href, against: base) else { return nil }
            let title = anchor.attributes["title"].map(HTMLText.collapse).flatMap { $0.isEmpty ? nil : $0 }
            return HTMLLink(url: target, text: HTMLText.collapse(anchor.rawText), title: title, line: anchor.line)
        }
    }

    /// The links of the main content (the article), or of the whole page when the content has none.
    public var contentLinks: [HTMLLink] {
        let content = HTMLContentLocator.locate(in: root).node
        let inContent = Set(content.descendants { $0.name == "a" }.map(\.line))
        let all = links
        let found = all.filter { inContent.contains($0.line) }
        return found.isEmpty ? all : found
    }

    /// The raw text of `<script>` elements, where some CMSs write their pagination.
    public var scripts: [String] {
        root.descendants { $0.name == "script" }.map { $0.children.compactMap(\.textValue).joined() }
    }

    /// The report in the page: its title (when the content does not start with it) and main content.
    /// `images` reads the pictures of the main content (``HTMLBlockBuilder/blocks(of:images:)``).
    public func document(source: SourceInfo, images: (@Sendable (String, Int) -> [Block])? = nil) -> Document {
        let body = root.first { $0.name == "body" } ?? root
        let visibleLines = HTMLBlockBuilder.blocks(of: body).flatMap { block -> [String] in
            switch block {
            case let .heading(_, text, _), let .paragraph(text, _): return text.split(separator: "\n").map(String.init)
            case let .table(table): return table.rows.map { $0.map(\.text).joined(separator: " ") }
            case .furniture, .pageBreak: return []
            }
        }
        let found = HTMLMetadataReader.read(root: root, visibleLines: visibleLines, url: url)
        let content = HTMLContentLocator.locate(in: root)
        var blocks = HTMLBlockBuilder.blocks(of: content.node, images: images)
        if let title = found.metadata.title {
            let compactTitle = title.filter { !$0.isWhitespace }
            let opening = blocks.prefix(6).compactMap { block -> String? in
                switch block {
                case let .heading(_, text, _), let .paragraph(text, _): return text.filter { !$0.isWhitespace }
                default: return nil
                }
            }
            // The content starts with the title when one of its first lines is the title (or a part of
            // it, wrapped), not merely a sentence that names it.
            let startsWithTitle = opening.contains { line in
                line.contains(compactTitle) && line.count <= compactTitle.count + 12 || compactTitle.contains(line) && line.count >= 8
            }
            if !startsWithTitle {
                blocks.insert(.heading(level: 1, text: title, location: SourceLocation(line: found.titleLine)), at: 0)
            }
        }
        let links = contentLinks.map { DocumentLink(url: $0.url, text: $0.text, title: $0.title) }
        return Document(source: source, metadata: found.metadata, blocks: blocks, links: links)
    }
}
