import Foundation
import NianbaoDocument
import NianbaoSupport

/// Reads what a page says about its article: title, publication date, source URL and publisher,
/// from the meta tags CMSs write (ArticleTitle, PubDate, ContentSource, og:…), the `<title>`,
/// headings, and the info bar printed around the article ("发布日期：…", "来源：…").
package enum HTMLMetadataReader {
    struct Found {
        var metadata = DocumentMetadata()
        /// The source line of the element the title came from.
        var titleLine: Int?
    }

    static let titleKeys = ["articletitle", "og:title", "dc.title"]
    static let dateKeys = ["pubdate", "publishdate", "article:published_time", "dc.date", "firstpublishedtime", "publishtime", "dc.date.created"]
    static let publisherKeys = ["contentsource", "source", "dc.publisher", "sitename"]
    static let urlKeys = ["og:url", "url"]

    /// - Parameters:
    ///   - visibleLines: the page's visible text, one line each, for the info bar.
    ///   - url: the address the page was fetched from, if it was.
    static func read(root: HTMLNode, visibleLines: [String], url: String?) -> Found {
        var found = Found()
        var metas: [String: (content: String, line: Int)] = [:]
        var canonical: String?
        var pageTitle: (String, Int)?
        var headings: [(String, Int)] = []
        func walk(_ node: HTMLNode) {
            guard let name = node.name else { return }
            switch name {
            case "meta":
                if let key = (node.attributes["name"] ?? node.attributes["property"] ?? node.attributes["itemprop"])?.lowercased(),
                    let content = node.attributes["content"].map(HTMLText.collapse), !content.isEmpty, metas[key] == nil
                {
                    metas[key] = (content, node.line)
                }
            case "link":
                if node.attributes["rel"]?.lowercased() == "canonical", let href = node.attributes["href"] { canonical = href }
            case "title":
                if pageTitle == nil { pageTitle = (HTMLText.collapse(node.rawTextIncludingTitle), node.line) }
            case "h1", "h2", "h3":
                let text = HTMLText.collapse(node.rawText)
                if !text.isEmpty { headings.append((text, node.line)) }
            default: break
            }
            if HTMLNode.invisibleElements.contains(name) && name != "head" { return }
            for child in node.children { walk(child) }
        }
        walk(root)

        // The title: the first candidate that names a report, else the first there is.
        var candidates: [(String, Int)] = titleKeys.compactMap { key in metas[key].map { ($0.content, $0.line) } }
        if let (title, line) = pageTitle { candidates += titleParts(title).map { ($0, line) } }
        candidates += headings
        let namesReport = { (text: String) in text.contains("报告") || text.contains("年报") }
        if let best = candidates.first(where: { namesReport($0.0) }) ?? candidates.first {
            found.metadata.title = best.0
            found.titleLine = best.1 > 0 ? best.1 : nil
        }

        found.metadata.published = dateKeys.lazy.compactMap { metas[$0]?.content }.first ?? infoBar(visibleLines, labels: ["发布日期", "发布时间", "发文日期", "成文日期"], value: datePattern)
        found.metadata.publisher = publisherKeys.lazy.compactMap { metas[$0]?.content }.first
            ?? infoBar(visibleLines, labels: ["来源", "信息来源", "发布机构", "发布单位"], value: #"[^\s|｜:：]{2,30}"#)
        let stated = canonical ?? urlKeys.lazy.compactMap { metas[$0]?.content }.first
        found.metadata.sourceURL = stated.flatMap { HTMLLink.resolve($0, against: url) } ?? url
        return found
    }

    static let datePattern = #"(?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"#

    /// The value after "LABEL：" on a short line of the page's info bar.
    static func infoBar(_ lines: [String], labels: [String], value: String) -> String? {
        let pattern = "(?:" + labels.joined(separator: "|") + #")\s*[:：]\s*("# + value + ")"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        for line in lines where line.count <= 200 {
            if let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                let range = Range(match.range(at: 1), in: line)
            {
                return String(line[range]).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// "2023年XX政府信息公开工作年度报告_XX市人民政府" → its parts, the report's first.
    static func titleParts(_ title: String) -> [String] {
        let parts = title.components(separatedBy: CharacterSet(charactersIn: "_|｜")).flatMap { $0.components(separatedBy: " - ") }
            .flatMap { $0.components(separatedBy: " — ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return parts.isEmpty ? [title] : parts
    }
}

package extension HTMLNode {
    /// The text of a `<title>` (whose content ``rawText`` leaves out).
    var rawTextIncludingTitle: String {
        children.compactMap(\.textValue).joined()
    }
}
