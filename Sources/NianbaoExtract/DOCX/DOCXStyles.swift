import NianbaoDocument
import NianbaoSupport
/// The paragraph styles of `word/styles.xml` that matter to reading: which are headings (by
/// name: "heading 1"–"heading 9", "标题 1"…, "Title"/"标题", or an outline level), and which
/// carry automatic numbering of their own (`w:numPr` in the style).
package struct DOCXStyles {
    struct Style {
        var name = ""
        var basedOn: String?
        var outlineLevel: Int?
        var numbering: (num: String?, ilvl: Int?)?
    }

    private var styles: [String: Style] = [:]
    /// The style of paragraphs that name none.
    private(set) var defaultParagraphStyle: String?

    init() {}

    init(_ root: XMLNode) {
        for node in root.children("w:style") where node.attributes["w:type"] == "paragraph" {
            guard let id = node.attributes["w:styleId"] else { continue }
            var style = Style()
            style.name = node.value(of: "w:name") ?? id
            style.basedOn = node.value(of: "w:basedOn")
            let properties = node.child("w:pPr")
            style.outlineLevel = properties?.value(of: "w:outlineLvl").flatMap { Int($0) }
            if let numPr = properties?.child("w:numPr") {
                style.numbering = (numPr.value(of: "w:numId"), numPr.value(of: "w:ilvl").flatMap { Int($0) })
            }
            styles[id] = style
            if node.attributes["w:default"].map({ ["1", "true", "on"].contains($0) }) == true { defaultParagraphStyle = id }
        }
    }

    /// The heading level (1 the top) of paragraphs in style `id`, or nil for body text.
    func headingLevel(_ id: String?) -> Int? {
        var current = id ?? defaultParagraphStyle
        var seen: Set<String> = []
        while let styleID = current, let style = styles[styleID], seen.insert(styleID).inserted {
            if let level = Self.headingLevel(named: style.name) { return level }
            if let outline = style.outlineLevel, (0...5).contains(outline) { return outline + 1 }
            current = style.basedOn
        }
        // A style id with no definition, named as Word's built-in ones are ("Heading1").
        return id.flatMap(Self.headingLevel(named:))
    }

    /// "heading 2", "Heading2", "标题 2" → 2; "Title", "标题" → 1.
    static func headingLevel(named name: String) -> Int? {
        let compact = name.lowercased().filter { !$0.isWhitespace }
        if compact == "title" || compact == "标题" { return 1 }
        for prefix in ["heading", "标题"] where compact.hasPrefix(prefix) {
            let rest = compact.dropFirst(prefix.count)
            if rest.count == 1, let digit = rest.first?.wholeNumberValue, (1...9).contains(digit) { return min(digit, 6) }
        }
        return nil
    }

    /// The numbering a style gives its paragraphs (its own or one it is based on).
    func numbering(_ id: String?) -> (num: String, ilvl: Int)? {
        var current = id ?? defaultParagraphStyle
        var seen: Set<String> = []
        var ilvl: Int?
        while let styleID = current, let style = styles[styleID], seen.insert(styleID).inserted {
            if let found = style.numbering {
                ilvl = ilvl ?? found.ilvl
                if let num = found.num { return (num, ilvl ?? 0) }
            }
            current = style.basedOn
        }
        return nil
    }
}
