import NianbaoDocument
import NianbaoSupport
/// Turns the body of `word/document.xml` into blocks.
///
/// - A paragraph (`w:p`) is a heading when its style is one (``DOCXStyles``), else a paragraph; its
///   automatic number (``DOCXNumbering``) is put before its text. Runs are joined; `w:br` and
///   `w:cr` end a line ("\n"), `w:tab` is white space, a soft hyphen is nothing, `w:sym` its
///   character. White space is collapsed as the HTML extractor does.
/// - Fields keep their displayed result only (`w:fldSimple`'s runs; between `w:fldChar`
///   separate and end), never their instructions. Deleted revisions (`w:del`, `w:moveFrom`) and
///   hidden text (`w:vanish`) are left out; inserted ones kept.
/// - A text box (`w:txbxContent`) is read where it is anchored: its blocks follow the paragraph
///   that holds it (one branch of `mc:AlternateContent` only).
/// - A picture (`w:drawing`'s `a:blip r:embed`, VML's `v:imagedata r:id` in `w:pict` or
///   `w:object`) is counted (``pictureCount``) and, when ``pictures`` is set, read there too: its
///   blocks follow the paragraph that holds it, at that paragraph's line, in order with its text
///   boxes. Without ``pictures`` a picture is nothing, as before.
/// - Tables through ``DOCXTableReader``.
///
/// Locations: the "line" of a block is the number of its (first) paragraph in the document, every
/// `w:p` counted in reading order, table cells and text boxes included.
package struct DOCXBodyReader {
    var styles: DOCXStyles
    var numbering: DOCXNumbering
    /// Reads a picture: its relationship id and the line of the paragraph that holds it; nil:
    /// pictures are not read.
    var pictures: ((_ relationship: String, _ line: Int) -> [Block])?
    /// The number of the last paragraph read.
    private(set) var paragraphCount = 0
    /// How many pictures the body holds, read or not.
    private(set) var pictureCount = 0
    /// The complex fields open at this point: true once past their separator (their result).
    private var fields: [Bool] = []

    init(styles: DOCXStyles, numbering: DOCXNumbering) {
        self.styles = styles
        self.numbering = numbering
    }

    /// The blocks of a container of paragraphs and tables: the body, a cell, a text box.
    mutating func blocks(of container: XMLNode) -> [Block] {
        var blocks: [Block] = []
        for node in container.elements {
            switch node.name {
            case "w:p": blocks += paragraph(node)
            case "w:tbl": blocks += DOCXTableReader.read(node, with: &self)
            case "w:sdt": if let content = node.child("w:sdtContent") { blocks += self.blocks(of: content) }
            case "w:customXml", "w:ins", "w:moveTo", "w:smartTag": blocks += self.blocks(of: node)
            case "mc:AlternateContent": if let branch = Self.branch(of: node) { blocks += self.blocks(of: branch) }
            default: break  // w:sectPr, w:bookmarkStart, w:del, w:moveFrom …
            }
        }
        return blocks
    }

    /// The block of a paragraph (none when it has no text) and the blocks of its text boxes and
    /// pictures.
    mutating func paragraph(_ node: XMLNode) -> [Block] {
        paragraphCount += 1
        let line = paragraphCount
        let location = SourceLocation(line: line)
        let properties = node.child("w:pPr")
        let styleID = properties?.value(of: "w:pStyle")
        var collected = Inline()
        collect(node, into: &collected)
        var raw = collected.text
        if let label = numberLabel(properties, styleID: styleID) { raw = label + raw }
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map { HTMLText.collapse(String($0)) }.filter { !$0.isEmpty }
        var blocks: [Block] = []
        if !lines.isEmpty {
            var level = styles.headingLevel(styleID)
            if let outline = properties?.value(of: "w:outlineLvl").flatMap({ Int($0) }) {
                level = (0...5).contains(outline) ? outline + 1 : nil
            }
            if let level {
                blocks.append(.heading(level: level, text: lines.joined(separator: " "), location: location))
            } else {
                blocks.append(.paragraph(text: lines.joined(separator: "\n"), location: location))
            }
        }
        for item in collected.anchored {
            switch item {
            case let .textBox(box): blocks += self.blocks(of: box)
            case let .picture(relationship):
                pictureCount += 1
                blocks += pictures?(relationship, line) ?? []
            }
        }
        return blocks
    }

    /// The automatic number of a paragraph, counted; nil when it has none.
    private mutating func numberLabel(_ properties: XMLNode?, styleID: String?) -> String? {
        if let numPr = properties?.child("w:numPr") {
            let fromStyle = styles.numbering(styleID)
            guard let num = numPr.value(of: "w:numId") ?? fromStyle?.num else { return nil }
            let ilvl = numPr.value(of: "w:ilvl").flatMap { Int($0) } ?? fromStyle?.ilvl ?? 0
            return numbering.label(num: num, ilvl: ilvl)
        }
        guard let fromStyle = styles.numbering(styleID) else { return nil }
        return numbering.label(num: fromStyle.num, ilvl: fromStyle.ilvl)
    }

    /// What a paragraph's inline content reads as.
    struct Inline {
        var text = ""
        /// Its text boxes and pictures, in order.
        var anchored: [Anchored] = []
    }

    /// What a drawing anchors in a paragraph.
    enum Anchored {
        case textBox(XMLNode)
        /// A picture, by the id of its relationship to the image part.
        case picture(String)
    }

    /// Whether text met now is shown: outside fields, or in the result of every open field.
    private var showing: Bool { fields.allSatisfy { $0 } }

    private mutating func collect(_ node: XMLNode, into inline: inout Inline) {
        for child in node.elements {
            switch child.name {
            case "w:r": run(child, into: &inline)
            case "w:del", "w:moveFrom", "w:pPr", "w:rPr": break
            case "mc:AlternateContent": if let branch = Self.branch(of: child) { collect(branch, into: &inline) }
            case "w:sdt": if let content = child.child("w:sdtContent") { collect(content, into: &inline) }
            default: collect(child, into: &inline)  // w:ins, w:hyperlink, w:fldSimple, w:smartTag …
            }
        }
    }

    private mutating func run(_ node: XMLNode, into inline: inout Inline) {
        let hidden = node.child("w:rPr")?.child("w:vanish")?.isOn ?? false
        for child in node.elements {
            switch child.name {
            case "w:fldChar":
                switch child.attributes["w:fldCharType"] {
                case "begin": fields.append(false)
                case "separate": if !fields.isEmpty { fields[fields.count - 1] = true }
                case "end": _ = fields.popLast()
                default: break
                }
                continue
            case "w:drawing", "w:pict", "w:object", "mc:AlternateContent":
                inline.anchored += Self.anchored(in: child)
                continue
            default: break
            }
            guard showing, !hidden else { continue }
            switch child.name {
            case "w:t": inline.text += child.allText
            case "w:tab", "w:ptab": inline.text += "\t"
            case "w:br", "w:cr": inline.text += "\n"
            case "w:noBreakHyphen": inline.text += "-"
            case "w:sym": inline.text += Self.symbol(child)
            default: break  // w:softHyphen (invisible unless at a line end), w:instrText, w:delText, notes …
            }
        }
    }

    /// The character of a `w:sym`: its code, unless in the private use area of a symbol font.
    static func symbol(_ node: XMLNode) -> String {
        guard let code = node.attributes["w:char"].flatMap({ UInt32($0, radix: 16) }) else { return "" }
        let value = (0xF020...0xF0FF).contains(code) ? code - 0xF000 : code
        guard value >= 0x20, let scalar = Unicode.Scalar(value) else { return "" }
        let font = node.attributes["w:font"]?.lowercased() ?? ""
        // Symbol/Wingdings glyphs at ASCII codes are pictures (ticks, boxes), not letters.
        if value < 0x80 && (font.contains("symbol") || font.contains("wingding") || font.contains("webding")) { return "" }
        return String(Character(scalar))
    }

    /// The branch of `mc:AlternateContent` read: the first `mc:Choice`, else `mc:Fallback`.
    static func branch(of node: XMLNode) -> XMLNode? {
        node.child("mc:Choice") ?? node.child("mc:Fallback")
    }

    /// The text boxes and pictures in a drawing, in order, one branch of each
    /// `mc:AlternateContent` only (the other shows the same in another markup). A picture linked
    /// rather than embedded (`r:link` only) is none.
    static func anchored(in node: XMLNode) -> [Anchored] {
        switch node.name {
        case "w:txbxContent": return [.textBox(node)]
        case "mc:AlternateContent": return branch(of: node).map(anchored(in:)) ?? []
        case "a:blip": return node.attributes["r:embed"].map { [.picture($0)] } ?? []
        case "v:imagedata": return node.attributes["r:id"].map { [.picture($0)] } ?? []
        default: return node.elements.flatMap(anchored(in:))
        }
    }
}
