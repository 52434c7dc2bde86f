import Foundation
import NianbaoSupport
/// A link the source has (an HTML page's `<a href>` in its main content): where it goes and what
/// it says. Fetching and scraping choose a page's attachment from these.
public struct DocumentLink: Codable, Hashable, Sendable {
    /// The target, absolute when the source's address is known.
    public var url: String
    /// The link's visible text, white space collapsed.
    public var text: String
    /// The `title` attribute (CMS listings put the full title of a cut-short text there).
    public var title: String?

    public init(url: String, text: String, title: String? = nil) {
        self.url = url
        self.text = text
        self.title = title
    }

    /// The lower-cased extension the link's target names, or failing that its text or title does
    /// (as in "2023年年报.pdf"), when it is one of `known`.
    public func fileExtension(among known: Set<String>) -> String? {
        if let ext = Self.fileExtension(ofURL: url), known.contains(ext) { return ext }
        for label in [text, title ?? ""] {
            guard let dot = label.lastIndex(of: ".") else { continue }
            let ext = label[label.index(after: dot)...].trimmingCharacters(in: .whitespaces).lowercased()
            if known.contains(ext) { return ext }
        }
        return nil
    }

    /// The lowercased extension of a URL's path, query and fragment left out.
    public static func fileExtension(ofURL url: String) -> String? {
        var path = Substring(url)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        if let scheme = path.range(of: "://") { path = path[scheme.upperBound...] }
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let name = path[path.index(after: slash)...]
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }
}
