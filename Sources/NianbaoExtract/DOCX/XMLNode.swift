import NianbaoDocument
import NianbaoSupport
/// One element (or run of character data) of an XML part of a Word package, copied out of libxml2
/// (``LibXML2/parseXML(_:part:path:)``). Names carry a fixed prefix for the namespaces nianbao
/// reads ("w:p", "w:val", "mc:Choice"), whatever prefix the file bound them to.
package struct XMLNode: Sendable {
    /// The qualified name; empty for character data.
    var name: String
    var attributes: [String: String]
    var children: [XMLNode]
    /// Character data (only when `name` is empty).
    var text: String?

    init(name: String, attributes: [String: String] = [:], children: [XMLNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = nil
    }

    init(text: String) {
        self.name = ""
        self.attributes = [:]
        self.children = []
        self.text = text
    }

    /// The first child element named `name`.
    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// Every child element named `name`.
    func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The child elements, character data left out.
    var elements: [XMLNode] { children.filter { !$0.name.isEmpty } }

    /// The `w:val` attribute of the child element `name` ("w:pStyle" → its style id).
    func value(of name: String) -> String? { child(name)?.attributes["w:val"] }

    /// All character data below this node, joined.
    var allText: String {
        if let text { return text }
        return children.map(\.allText).joined()
    }

    /// Whether a WordprocessingML on/off property (`<w:b/>`, `<w:vanish w:val="0"/>`) is on.
    var isOn: Bool {
        guard let value = attributes["w:val"]?.lowercased() else { return true }
        return !["0", "false", "off", "none"].contains(value)
    }

    /// Whether the bytes declare a DOCTYPE before their first element (in UTF-8, or ASCII-compatible
    /// encodings; UTF-16 parts are checked again after parsing).
    static func declaresDoctype(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!DOCTYPE".utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else { i += 1; continue }
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") { return false }  // the root element
            if bytes.count - i >= marker.count && bytes[i..<(i + marker.count)].elementsEqual(marker) { return true }
            i += 1
        }
        return false
    }
}
