import NianbaoDocument
import NianbaoSupport
/// Turns the main content of a page into blocks: headings from `<h1>`–`<h6>`; paragraphs from
/// `<p>`, `<div>`, `<li>` and the other block elements; a `<br>` ends a line; tables through
/// ``HTMLTableReader``. Inline markup (`<span>`, `<font>`, Word's `<o:p>` …) is joined into the
/// text it splits, white space collapsed as a browser does. Struck-out text (`<del>`, `<s>`,
/// `<strike>`) is left out; digits in `<sup>` and `<sub>` become superscript and subscript digits,
/// which the parser reads as footnote marks, not as digits of the number before them.
///
/// Locations are source lines. The lines of one paragraph stay together ("\n" between them) only
/// while each starts on the line after the one before, so that a line's place is always its
/// paragraph's line plus its offset; otherwise each line is a paragraph of its own.
package struct HTMLBlockBuilder {
    private(set) var blocks: [Block] = []
    private var lines: [(text: String, line: Int)] = []
    private var current = ""
    private var currentLine = 0
    /// What an `<img>` outside tables stands for (its `src` and source line): the blocks OCR read
    /// in it, or nothing; nil to leave images out.
    private var images: (@Sendable (String, Int) -> [Block])?

    /// The blocks of `node`'s content; `images` reads the pictures in it (OCR).
    static func blocks(of node: HTMLNode, images: (@Sendable (String, Int) -> [Block])? = nil) -> [Block] {
        var builder = HTMLBlockBuilder()
        builder.images = images
        builder.walkChildren(of: node)
        builder.flushParagraph()
        return builder.blocks
    }

    /// The text of a table cell: its lines, paragraphs and nested rows, one per line.
    static func cellText(of cell: HTMLNode) -> String {
        var texts: [String] = []
        for block in blocks(of: cell) {
            switch block {
            case let .heading(_, text, _), let .paragraph(text, _): texts.append(text)
            case let .table(table): texts += table.rows.map { $0.map(\.text).filter { !$0.isEmpty }.joined(separator: " ") }
            case .furniture, .pageBreak: break
            }
        }
        return texts.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Elements whose text is struck out.
    static let struckElements: Set<String> = ["del", "s", "strike"]

    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav",
        "ol", "p", "pre", "section", "summary", "ul", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "legend",
    ]

    /// Elements a page hides: `hidden`, `display:none`, `visibility:hidden`, Word's `mso-hide:all`.
    static func isHidden(_ node: HTMLNode) -> Bool {
        if node.attributes["hidden"] != nil { return true }
        guard let style = node.attributes["style"] else { return false }
        // Word puts a style on every element, so this is done on scalars: lowercased and without
        // white space, as `style.lowercased().filter { !$0.isWhitespace }` would; a scalar
        // outside ASCII can be no part of the declarations looked for.
        var compact: [UInt8] = []
        compact.reserveCapacity(style.utf8.count)
        for scalar in style.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if byte == 0x20 || (0x09...0x0D).contains(byte) { continue }
                compact.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            } else if !scalar.properties.isWhitespace {
                compact.append(0xFF)
            }
        }
        return hiddenStyleBytes.contains { pattern in
            compact.count >= pattern.count && (0...(compact.count - pattern.count)).contains { compact[$0..<($0 + pattern.count)].elementsEqual(pattern) }
        }
    }

    /// Declarations that hide an element, lowercased, without white space.
    private static let hiddenStyleBytes = ["display:none", "visibility:hidden", "mso-hide:all"].map { Array($0.utf8) }

    private mutating func walkChildren(of node: HTMLNode) {
        for child in node.children { walk(child) }
    }

    private mutating func walk(_ node: HTMLNode) {
        switch node.kind {
        case let .text(text):
            append(text, line: node.line)
        case let .element(name):
            if HTMLNode.invisibleElements.contains(name) || Self.isHidden(node) { return }
            // Struck-out text is not what the page says now ("<del>5</del>6" is 6).
            if Self.struckElements.contains(name) { return }
            // A footnote mark stays a mark ("15<sup>1</sup>" is 15 with the note ¹, never 151).
            if name == "sup" || name == "sub" {
                append(HTMLText.raised(node.rawText, superscript: name == "sup"), line: node.line)
                return
            }
            if name == "br" {
                endLine()
                return
            }
            if name == "img", let images, let source = node.attributes["src"] {
                let read = images(source, node.line)
                if !read.isEmpty {
                    flushParagraph()
                    blocks += read
                }
                return
            }
            if name == "table" {
                flushParagraph()
                table(node)
                return
            }
            if let level = Self.headingLevel(name) {
                flushParagraph()
                let text = Self.blocks(of: node).compactMap { block -> String? in
                    if case let .paragraph(text, _) = block { return text.replacingOccurrences(of: "\n", with: " ") }
                    if case let .heading(_, text, _) = block { return text }
                    return nil
                }.joined(separator: " ")
                if !text.isEmpty { blocks.append(.heading(level: level, text: text, location: SourceLocation(line: node.line))) }
                return
            }
            if Self.blockElements.contains(name) {
                flushParagraph()
                walkChildren(of: node)
                flushParagraph()
                return
            }
            walkChildren(of: node)
        }
    }

    private mutating func table(_ node: HTMLNode) {
        switch HTMLTableReader.read(node) {
        case let .data(table):
            blocks.append(.table(table))
        case let .layout(captions, rows):
            for caption in captions { walk(caption) }
            flushParagraph()
            for row in rows {
                for cell in row {
                    walkChildren(of: cell)
                    flushParagraph()
                }
            }
        }
    }

    static func headingLevel(_ name: String) -> Int? {
        guard name.count == 2, name.first == "h", let digit = name.last?.wholeNumberValue, (1...6).contains(digit) else { return nil }
        return digit
    }

    /// Adds inline text; the current line starts where its first visible character is.
    private mutating func append(_ raw: String, line: Int) {
        let text = HTMLText.removeConditionalMarkers(raw)
        if current.allSatisfy(HTMLText.isCollapsible), let firstVisible = text.firstIndex(where: { !HTMLText.isCollapsible($0) }) {
            let breaks = text[..<firstVisible].filter { $0 == "\n" }.count
            currentLine = line > 0 ? line + breaks : 0
        }
        current += text
    }

    private mutating func endLine() {
        let text = HTMLText.collapse(current)
        if !text.isEmpty { lines.append((text, currentLine)) }
        current = ""
    }

    private mutating func flushParagraph() {
        endLine()
        guard !lines.isEmpty else { return }
        var group: [(text: String, line: Int)] = []
        func emit() {
            guard let first = group.first else { return }
            blocks.append(.paragraph(
                text: group.map(\.text).joined(separator: "\n"), location: SourceLocation(line: first.line > 0 ? first.line : nil)))
            group = []
        }
        for entry in lines {
            if let last = group.last, !(last.line > 0 && entry.line == last.line + 1) { emit() }
            group.append(entry)
        }
        emit()
        lines = []
    }
}
