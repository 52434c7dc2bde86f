import NianbaoDocument
import NianbaoSupport
/// Finds the main content of a full CMS page: the report, without the navigation, breadcrumbs,
/// sidebars and footers around it.
///
/// First the page's own hints: the containers that government CMSs (TRS, 博思/UCAP, 我爱/Hanweb, …)
/// put an article body in (`#zoom`, `#UCAP-CONTENT`, `.TRS_Editor`, `.article-content`,
/// `.bt-content` …). A hint is taken when it holds a fair share of the page's text, a table or a
/// link. Otherwise, structurally: boilerplate (`nav`, `header`, `footer`, `aside`, and elements
/// whose id or class says nav, menu, footer, breadcrumb, share … when short or mostly links) is
/// set aside, then from `<body>` down, the one child that holds nearly all the text not in links
/// is entered, until the text is spread over several children.
package enum HTMLContentLocator {
    struct Content {
        var node: HTMLNode
        /// How it was found: "hint #zoom", "structure", …, for debugging.
        var method: String
    }

    /// Hints in order of preference: ids, then classes, lowercased.
    static let idHints = ["zoom", "ucap-content", "fontzoom", "js_content", "artibody", "article_content", "news_content", "content_body"]
    static let classHints = [
        "trs_editor", "trs_ueditor", "article-content", "article_content", "bt-content", "pages_content", "view_content",
        "news_content", "article-body", "xxgk_content",
    ]

    static func locate(in root: HTMLNode) -> Content {
        let body = root.first { $0.name == "body" } ?? root
        let cleaned = prune(body)
        let structural = descend(cleaned)
        let structuralText = measure(structural).ownText
        for hint in idHints {
            if let node = cleaned.first(where: { $0.attributes["id"]?.lowercased() == hint }), acceptable(node, structuralText) {
                return Content(node: node, method: "hint #\(hint)")
            }
        }
        for hint in classHints {
            if let node = cleaned.first(where: { $0.idAndClasses.contains(hint) && $0.attributes["id"]?.lowercased() != hint }),
                acceptable(node, structuralText)
            {
                return Content(node: node, method: "hint .\(hint)")
            }
        }
        if let node = cleaned.first(where: { $0.name == "article" || $0.attributes["itemprop"]?.lowercased() == "articlebody" }),
            acceptable(node, structuralText)
        {
            return Content(node: node, method: "hint <article>")
        }
        return Content(node: structural, method: "structure")
    }

    /// A hint holds at least a fifth of the text the structure points to, or a table, or a link.
    static func acceptable(_ node: HTMLNode, _ structuralText: Int) -> Bool {
        let m = measure(node)
        if m.ownText * 5 >= structuralText && m.ownText > 0 { return true }
        return node.first { $0.name == "table" || $0.name == "a" } != nil && m.ownText + m.linkText > 0
    }

    /// Text measures: characters (white space left out) outside and inside links.
    struct Measure {
        var ownText = 0
        var linkText = 0
        var total: Int { ownText + linkText }
    }

    static func measure(_ node: HTMLNode, inLink: Bool = false) -> Measure {
        var m = Measure()
        switch node.kind {
        case let .text(text):
            // Counted by scalar: as fast in a debug build as in a release one, and the same count
            // as by character for the text of a report (no combining marks).
            let n = text.unicodeScalars.reduce(0) { HTMLText.isCollapsible($1) || $1 == "\u{3000}" ? $0 : $0 + 1 }
            if inLink { m.linkText = n } else { m.ownText = n }
        case let .element(name):
            if HTMLNode.invisibleElements.contains(name) || HTMLBlockBuilder.isHidden(node) { return m }
            for child in node.children {
                let c = measure(child, inLink: inLink || name == "a")
                m.ownText += c.ownText
                m.linkText += c.linkText
            }
        }
        return m
    }

    /// From `node` down: enter the child that holds nearly all of the text not in links.
    static func descend(_ node: HTMLNode) -> HTMLNode {
        var current = node
        for _ in 0..<200 {
            let total = measure(current).ownText
            guard total > 0,
                let child = current.children.first(where: { $0.name != nil && measure($0).ownText * 100 >= total * 85 }),
                let name = child.name
            else { break }
            // The container around a single paragraph, heading or data table is the content.
            if name == "p" || HTMLBlockBuilder.headingLevel(name) != nil { break }
            if name == "table", case .data = HTMLTableReader.read(child) { break }
            current = child
        }
        return current
    }

    static let boilerplateTags: Set<String> = ["nav", "header", "footer", "aside", "menu"]
    static let boilerplateWords: Set<String> = [
        "nav", "navbar", "menu", "footer", "foot", "header", "sidebar", "side", "aside", "breadcrumb", "breadcrumbs", "crumb",
        "crumbs", "position", "location", "share", "copyright", "links", "friendlink", "related", "search", "login", "toolbar",
        "print", "topbar", "banner", "bottom", "dqwz", "weizhi", "tools", "gotop", "fontsize", "skip",
    ]

    /// The page without boilerplate and hidden elements.
    static func prune(_ node: HTMLNode) -> HTMLNode {
        pruned(node).node
    }

    /// `node` without its hidden and boilerplate descendants, and the ``measure(_:inLink:)`` of
    /// `node` as it was: measured bottom-up in the same walk, so that deciding whether each
    /// element is boilerplate does not measure its subtree again.
    private static func pruned(_ node: HTMLNode) -> (node: HTMLNode, measure: Measure) {
        guard case let .element(name) = node.kind else { return (node, measure(node)) }
        var copy = node
        var whole = Measure()
        copy.children = node.children.compactMap { child -> HTMLNode? in
            if let childName = child.name, HTMLNode.invisibleElements.contains(childName) || HTMLBlockBuilder.isHidden(child) { return nil }
            let (kept, m) = pruned(child)
            // Inside a link, all text is link text.
            whole.ownText += name == "a" ? 0 : m.ownText
            whole.linkText += name == "a" ? m.total : m.linkText
            if child.name != nil, isBoilerplate(child, text: m) { return nil }
            return kept
        }
        return (copy, whole)
    }

    /// Whether `node`, whose text measures `text`, is navigation, a footer or the like.
    static func isBoilerplate(_ node: HTMLNode, text: Measure) -> Bool {
        let tokens = node.idAndClasses.flatMap { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init) }
        let named = boilerplateTags.contains(node.name ?? "")
            || tokens.contains { boilerplateWords.contains($0) || $0.hasSuffix("nav") || $0.hasSuffix("menu") || $0.hasPrefix("breadcrumb") }
        if named {
            // A report is long; a footer, a menu or a breadcrumb trail is short or mostly links.
            return text.ownText < 400 || text.linkText * 2 > text.total
        }
        // "当前位置：首页 > 政务公开 > …" without a telling class.
        guard text.total < 200 else { return false }
        let raw = HTMLText.collapse(node.rawText)
        return (raw.hasPrefix("当前位置") || raw.hasPrefix("您当前的位置") || raw.hasPrefix("您的位置") || raw.hasPrefix("您现在的位置"))
    }
}
