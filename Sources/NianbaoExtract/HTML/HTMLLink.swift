import Foundation
import NianbaoDocument
import NianbaoSupport

/// A link on a page: where it goes (resolved against the page's URL) and what it says.
public struct HTMLLink: Hashable, Sendable {
    /// The target, absolute when the page's URL is known.
    public var url: String
    /// The link's visible text, white space collapsed.
    public var text: String
    /// The `title` attribute, which CMS listings use for the full title of a cut-short text.
    public var title: String?
    /// The source line of the `<a>`.
    public var line: Int

    public init(url: String, text: String, title: String? = nil, line: Int) {
        self.url = url
        self.text = text
        self.title = title
        self.line = line
    }

    /// The kinds of document a report is attached as.
    public enum AttachmentKind: String, Sendable, CaseIterable {
        case pdf, doc, docx, wps, rtf, xls, xlsx, ofd, zip, rar
    }

    /// The attachment kind the link's target names by its extension (or, failing that, its text
    /// does, as in "2023年年报.pdf"), or nil for a page.
    public var attachmentKind: AttachmentKind? {
        if let ext = DocumentLink.fileExtension(ofURL: url), let kind = AttachmentKind(rawValue: ext) { return kind }
        for label in [text, title ?? ""] {
            guard let dot = label.lastIndex(of: ".") else { continue }
            let ext = label[label.index(after: dot)...].trimmingCharacters(in: .whitespaces).lowercased()
            if let kind = AttachmentKind(rawValue: ext) { return kind }
        }
        return nil
    }

    /// `href` resolved against `base`; nil for javascript:, mailto: and in-page links.
    public static func resolve(_ href: String, against base: String?) -> String? {
        let trimmed = href.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = trimmed.lowercased()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !lower.hasPrefix("javascript:"), !lower.hasPrefix("mailto:"),
            !lower.hasPrefix("tel:"), !lower.hasPrefix("data:")
        else { return nil }
        let encoded = URL(string: trimmed) != nil ? trimmed : (trimmed.addingPercentEncoding(withAllowedCharacters: urlAllowed) ?? trimmed)
        guard let base, let baseURL = URL(string: base) else { return encoded }
        guard let url = URL(string: encoded, relativeTo: baseURL) else { return nil }
        var absolute = url.absoluteString
        if let hash = absolute.firstIndex(of: "#") { absolute = String(absolute[..<hash]) }
        return absolute
    }

    private static let urlAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.insert(charactersIn: "#%")
        return set
    }()
}
