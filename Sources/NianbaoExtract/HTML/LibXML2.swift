import Foundation
import CLibXML2
import NianbaoDocument
import NianbaoSupport

/// The one place nianbao calls libxml2: parses an HTML page, given as a Swift string (so as valid
/// UTF-8), into an ``HTMLNode`` tree; and a part of a Word package (XML) into an ``XMLNode`` tree.
///
/// The page is decoded by ``HTMLCharset`` before it gets here and handed to libxml2 as UTF-8 with
/// that encoding named explicitly and the page's own `<meta charset>` ignored
/// (`HTML_PARSE_IGNORE_ENC`), so libxml2 never re-decodes it. libxml2's errors are routed to a
/// collector with `xmlSetStructuredErrorFunc`; an encoding error (which would make libxml2 drop or
/// garble the rest of the page) is thrown, never passed over.
///
/// Nesting: libxml2 stops a page 256 elements deep unless told `XML_PARSE_HUGE` (its HTML parser
/// has no `HTML_PARSE_HUGE` in 2.9), which it is; should it still stop (out of memory, or any
/// other limit), the page is an error, never read cut short. Copying the tree, inline elements
/// (`<font>`, `<span>`, `<b>` …: old CMS pages leave hundreds of `<font>` unclosed) deeper than
/// ``inlineDepth`` are flattened into their parent (their text is kept, in order; the blocks read
/// them as one run of text anyway); any other element deeper than ``maxDepth`` is an error.
package enum LibXML2 {
    /// Below this depth inline elements are kept as elements; deeper, their content is lifted into
    /// the nearest element kept.
    static let inlineDepth = 64
    /// The deepest element read (after flattening): a page nesting blocks deeper is refused.
    static let maxDepth = 1_000

    /// Inline elements whose markup carries nothing nianbao reads (links, `<sup>`, `<del>` … are
    /// kept whatever their depth).
    static let flattenable: Set<String> = ["font", "span", "b", "i", "u", "em", "strong", "small", "big", "tt", "nobr", "o:p", "wbr"]
    /// One error libxml2 reported while parsing.
    struct ParseError: Sendable {
        var domain: Int
        var code: Int
        var line: Int
        var message: String
    }

    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Error codes that mean libxml2 could not read the characters of the input.
    /// Error codes after which libxml2 stops reading (the rest of the page would be lost).
    private static let haltingErrorCodes: Set<Int> = [Int(XML_ERR_INTERNAL_ERROR.rawValue), Int(XML_ERR_NO_MEMORY.rawValue)]

    private static let encodingErrorCodes: Set<Int> = [
        Int(XML_ERR_INVALID_ENCODING.rawValue), Int(XML_ERR_UNSUPPORTED_ENCODING.rawValue),
        Int(XML_ERR_UNKNOWN_ENCODING.rawValue), Int(XML_I18N_CONV_FAILED.rawValue),
        Int(XML_I18N_NO_HANDLER.rawValue), Int(XML_I18N_EXCESS_HANDLER.rawValue), Int(XML_I18N_NO_NAME.rawValue),
        Int(XML_ERR_DOCUMENT_EMPTY.rawValue),
    ]

    /// Collects errors from libxml2's callback; used by one parse on one thread.
    private final class ErrorCollector {
        var errors: [ParseError] = []
    }

    /// Parses `html` (already decoded) into a tree whose root is the `html` element.
    /// - Parameter path: names the page in error messages.
    static func parse(_ html: String, path: String) throws(NianbaoError) -> HTMLNode {
        _ = initialized
        let collector = ErrorCollector()
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        // libxml2 keeps this handler per thread; it is set and reset around the synchronous parse.
        xmlSetStructuredErrorFunc(context.toOpaque()) { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) } ?? ""
            collector.errors.append(ParseError(
                domain: Int(error.pointee.domain), code: Int(error.pointee.code), line: Int(error.pointee.line),
                message: message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        guard let parser = htmlNewParserCtxt() else {
            throw .unreadableInput(path: path, reason: "libxml2 could not create an HTML parser (out of memory?)")
        }
        defer { htmlFreeParserCtxt(parser) }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NODEFDTD.rawValue
                | XML_PARSE_HUGE.rawValue)
        var utf8 = Array(html.utf8)
        if utf8.isEmpty { utf8 = Array("<html></html>".utf8) }
        let document: htmlDocPtr? = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlCtxtReadMemory(parser, chars.baseAddress, Int32(chars.count), path, "UTF-8", options)
            }
        }
        guard let document else {
            let reason = collector.errors.last.map { "libxml2: \($0.message)" } ?? "libxml2 could not parse the page"
            throw .unreadableInput(path: path, reason: reason)
        }
        defer { xmlFreeDoc(document) }
        if let failure = collector.errors.first(where: { encodingErrorCodes.contains($0.code) && $0.code != Int(XML_ERR_DOCUMENT_EMPTY.rawValue) }) {
            throw .invalidEncoding(path: path, detail: "libxml2 stopped reading at line \(failure.line): \(failure.message)")
        }
        if let halt = collector.errors.first(where: { haltingErrorCodes.contains($0.code) }) {
            throw .unreadableInput(path: path, reason: "libxml2 stopped reading at line \(halt.line) (\(halt.message)); the page is not read cut short")
        }
        guard let root = xmlDocGetRootElement(document) else {
            return HTMLNode(kind: .element("html"), line: 1)
        }
        do throws(DepthError) {
            return try copy(root, depth: 1)
        } catch {
            throw .unreadableInput(
                path: path, reason: "elements nested more than \(maxDepth) deep at line \(error.line); nianbao reads pages nested at most \(maxDepth) deep")
        }
    }

    /// A page nested deeper than ``maxDepth``.
    struct DepthError: Error {
        var line: Int
    }

    /// Copies a libxml2 node and everything below it, `depth` elements deep.
    private static func copy(_ node: xmlNodePtr, depth: Int) throws(DepthError) -> HTMLNode {
        guard depth <= maxDepth else { throw DepthError(line: Int(xmlGetLineNo(node))) }
        // libxml2 splits "o:p" (Word's namespaced tags) into a prefix and "p"; keep them apart from HTML's <p>.
        let name = elementName(node)
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let attrName = current.pointee.name {
                let key = String(cString: attrName).lowercased()
                var value = ""
                if let text = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                    value = String(cString: text)
                    nianbao_xmlFree(text)
                }
                if attributes[key] == nil { attributes[key] = value }
            }
            attribute = current.pointee.next
        }
        let children = try copyChildren(of: node, depth: depth)
        return HTMLNode(kind: .element(name), attributes: attributes, children: children, line: Int(xmlGetLineNo(node)))
    }

    /// The copied children of `node` (at `depth`); the content of deep inline elements is lifted in
    /// their place without recursion, so that a page of thousands of unclosed `<font>` costs no stack.
    private static func copyChildren(of node: xmlNodePtr, depth: Int) throws(DepthError) -> [HTMLNode] {
        var children: [HTMLNode] = []
        var resume: [xmlNodePtr] = []  // where to go on after a flattened element's content
        var child = node.pointee.children
        while true {
            guard let current = child else {
                guard let next = resume.popLast() else { break }
                child = next.pointee.next
                continue
            }
            switch current.pointee.type {
            case XML_ELEMENT_NODE where depth >= inlineDepth && flattenable.contains(elementName(current)):
                resume.append(current)
                child = current.pointee.children
                continue
            case XML_ELEMENT_NODE:
                children.append(try copy(current, depth: depth + 1))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                let text = current.pointee.content.map { String(cString: $0) } ?? ""
                if !text.isEmpty {
                    // libxml2 gives a text node the line where it ends; the block builder wants where it starts.
                    let end = Int(xmlGetLineNo(current))
                    let start = end > 0 ? max(1, end - text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }) : 0
                    children.append(HTMLNode(kind: .text(text), line: start))
                }
            default:
                break  // comments, processing instructions, DTD nodes
            }
            child = current.pointee.next
        }
        return children
    }

    /// An element's name, lowercased, with its namespace prefix ("o:p").
    private static func elementName(_ node: xmlNodePtr) -> String {
        var name = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
        if let prefix = node.pointee.ns?.pointee.prefix { name = String(cString: prefix).lowercased() + ":" + name }
        return name
    }
}

// MARK: - XML (the parts of a DOCX package)

package extension LibXML2 {
    /// Namespaces whose elements and attributes get a fixed prefix whatever the file calls them
    /// ("w:p" is a WordprocessingML paragraph in a file that binds it to "ns0:" or to no prefix).
    private static let knownNamespaces: [String: String] = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
        "http://purl.oclc.org/ooxml/wordprocessingml/main": "w",
        "http://schemas.openxmlformats.org/markup-compatibility/2006": "mc",
        "http://schemas.openxmlformats.org/package/2006/relationships": "rel",
        "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "cp",
        "http://purl.org/dc/elements/1.1/": "dc",
        "http://purl.org/dc/terms/": "dcterms",
        "urn:schemas-microsoft-com:vml": "v",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingShape": "wps",
        "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
        "http://purl.oclc.org/ooxml/drawingml/main": "a",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
        "http://purl.oclc.org/ooxml/officeDocument/relationships": "r",
    ]

    /// Parses an XML part of a Word package into a tree. Strict: a part that is not well-formed XML
    /// is an error, never read in part. A DOCTYPE is refused before libxml2 sees the bytes (a Word
    /// part never has one); entities are not substituted, no DTD is loaded and nothing is fetched
    /// (`XML_PARSE_NONET`), so the part cannot make nianbao read a file or the network.
    /// - Parameters:
    ///   - part: the part's name in the package ("word/document.xml"), for messages.
    ///   - path: names the input in errors.
    static func parseXML(_ bytes: [UInt8], part: String, path: String) throws(NianbaoError) -> XMLNode {
        _ = initialized
        if XMLNode.declaresDoctype(bytes) {
            throw .unreadableInput(path: path, reason: "\(part) declares a DOCTYPE, which a Word document never has; it is not read")
        }
        let collector = ErrorCollector()
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        xmlSetStructuredErrorFunc(context.toOpaque()) { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) } ?? ""
            collector.errors.append(ParseError(
                domain: Int(error.pointee.domain), code: Int(error.pointee.code), line: Int(error.pointee.line),
                message: message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        guard let parser = xmlNewParserCtxt() else {
            throw .unreadableInput(path: path, reason: "libxml2 could not create an XML parser (out of memory?)")
        }
        defer { xmlFreeParserCtxt(parser) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(parser, chars.baseAddress, Int32(clamping: chars.count), part, nil, options)
            }
        }
        guard let document else {
            let reason = collector.errors.first.map { "line \($0.line): \($0.message)" } ?? "libxml2 could not parse it"
            throw .unreadableInput(path: path, reason: "\(part) is not well-formed XML (\(reason))")
        }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            throw .unreadableInput(path: path, reason: "\(part) declares a DOCTYPE, which a Word document never has; it is not read")
        }
        if let error = collector.errors.first(where: { $0.code != 0 }), parser.pointee.wellFormed == 0 {
            throw .unreadableInput(path: path, reason: "\(part) is not well-formed XML (line \(error.line): \(error.message))")
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw .unreadableInput(path: path, reason: "\(part) has no root element")
        }
        return copyXML(root)
    }

    /// The element's or attribute's name with its namespace's fixed prefix ("w:tbl").
    private static func qualifiedName(_ name: UnsafePointer<xmlChar>?, _ ns: xmlNsPtr?) -> String {
        let local = name.map { String(cString: $0) } ?? ""
        guard let ns else { return local }
        if let href = ns.pointee.href.map({ String(cString: $0) }), let prefix = knownNamespaces[href] {
            return prefix + ":" + local
        }
        if let prefix = ns.pointee.prefix { return String(cString: prefix) + ":" + local }
        return local
    }

    /// Copies an XML element and everything below it; character data is kept as it is.
    private static func copyXML(_ node: xmlNodePtr) -> XMLNode {
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let key = qualifiedName(current.pointee.name, current.pointee.ns)
            if let text = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                attributes[key] = String(cString: text)
                nianbao_xmlFree(text)
            } else {
                attributes[key] = ""
            }
            attribute = current.pointee.next
        }
        var children: [XMLNode] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(copyXML(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content, content.pointee != 0 {
                    children.append(XMLNode(text: String(cString: content)))
                }
            default:
                break  // comments, processing instructions, entity references (never substituted)
            }
            child = current.pointee.next
        }
        return XMLNode(name: qualifiedName(node.pointee.name, node.pointee.ns), attributes: attributes, children: children)
    }
}
