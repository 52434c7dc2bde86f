import NianbaoDocument
import NianbaoSupport
/// One node of a parsed HTML page, copied out of libxml2 into a value the rest of the HTML
/// extractor reads without touching C.
package struct HTMLNode: Sendable {
    enum Kind: Sendable, Equatable {
        /// An element; its name lowercased as libxml2 gives it ("p", "td", "o:p").
        case element(String)
        /// Character data, entities already replaced ("&nbsp;" is U+00A0).
        case text(String)
    }

    var kind: Kind
    var attributes: [String: String]
    var children: [HTMLNode]
    /// 1-based line of the node in the HTML source (libxml2's xmlGetLineNo); 0 when unknown.
    var line: Int

    init(kind: Kind, attributes: [String: String] = [:], children: [HTMLNode] = [], line: Int) {
        self.kind = kind
        self.attributes = attributes
        self.children = children
        self.line = line
    }

    /// The element's name, or nil for text.
    var name: String? {
        if case let .element(name) = kind { return name }
        return nil
    }

    /// The text of a text node, or nil for an element.
    var textValue: String? {
        if case let .text(text) = kind { return text }
        return nil
    }

    func attribute(_ name: String) -> String? { attributes[name] }

    /// The id and class attribute words, lowercased, for matching page hints.
    var idAndClasses: [String] {
        var words: [String] = []
        if let id = attributes["id"] { words.append(id.lowercased()) }
        if let classes = attributes["class"] {
            words += classes.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        }
        return words
    }

    /// Every element below this node (not this node itself), in document order.
    func descendants(where predicate: (HTMLNode) -> Bool) -> [HTMLNode] {
        var result: [HTMLNode] = []
        func walk(_ node: HTMLNode) {
            for child in node.children {
                if child.name != nil, predicate(child) { result.append(child) }
                walk(child)
            }
        }
        walk(self)
        return result
    }

    /// The first element, this node or below, in document order, that satisfies `predicate`.
    func first(where predicate: (HTMLNode) -> Bool) -> HTMLNode? {
        if name != nil, predicate(self) { return self }
        for child in children {
            if let found = child.first(where: predicate) { return found }
        }
        return nil
    }

    /// All text below this node as the source holds it, script and style left out.
    var rawText: String {
        switch kind {
        case let .text(text): return text
        case let .element(name):
            if HTMLNode.invisibleElements.contains(name) { return "" }
            return children.map(\.rawText).joined()
        }
    }

    /// Elements whose content is never page text.
    static let invisibleElements: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "embed", "svg",
        "select", "option", "button", "input", "textarea", "canvas", "map", "xml",
    ]
}
