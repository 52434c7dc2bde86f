import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Finds, on a listing page, the links to annual reports and to the listing's other pages.
public enum ReportLinks {
    /// A link that names an annual report, with the year it names.
    public struct Found: Hashable, Sendable {
        public var link: HTMLLink
        public var year: Int
        /// The link's title attribute or text, whichever says more.
        public var label: String
    }

    /// Words one of which a report link's text or title holds, besides a year.
    public static let reportWords = ["年度报告", "信息公开年报", "信息公开工作年报", "公开工作年报"]
    /// Words of links that talk about reports without being one (the template, a notice).
    static let excludedWords = ["格式", "通知", "模板", "范本"]

    /// The report links of a page, each address once (normalised: ``WebAddress/normalized(_:)``),
    /// in page order.
    public static func reports(in links: [HTMLLink]) -> [Found] {
        var seen = Set<String>()
        var found: [Found] = []
        for var link in links {
            let label = [link.title ?? "", link.text].max { $0.count < $1.count } ?? link.text
            let compact = label.filter { !$0.isWhitespace }
            guard reportWords.contains(where: compact.contains), !excludedWords.contains(where: compact.contains),
                let year = year(in: compact)
            else { continue }
            link.url = WebAddress.normalized(link.url) ?? link.url
            guard seen.insert(link.url).inserted else { continue }
            found.append(Found(link: link, year: year, label: compact))
        }
        return found
    }

    /// The report year a label names: a four-digit year before 年, else the first plausible one.
    static func year(in label: String) -> Int? {
        let text = label.precomposedStringWithCompatibilityMapping
        for pattern in [#"((?:19|20)\d{2})\s*年"#, #"(?<!\d)((?:19|20)\d{2})(?!\d)"#] {
            if let range = text.range(of: pattern, options: .regularExpression) {
                let digits = text[range].filter(\.isNumber)
                if let year = Int(digits.prefix(4)) { return year }
            }
        }
        let chinese: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        if let range = text.range(of: "[〇零一二三四五六七八九]{4}年", options: .regularExpression) {
            return text[range].dropLast().reduce(0) { $0 * 10 + (chinese[$1] ?? 0) }
        }
        return nil
    }

    /// The listing's other pages: "下一页"/"尾页"/numbered links on the same site and in the same
    /// folder, and the pages a TRS `createPageHTML(total, current, "index", "html")` call writes;
    /// normalised, each once, in page order. Linear in the links.
    public static func pagination(of page: HTMLPage, links: [HTMLLink]) -> [String] {
        guard let current = page.url, let base = URL(string: current) else { return [] }
        let folder = base.deletingLastPathComponent().absoluteString
        var pages: [String] = []
        let words: Set<String> = ["下一页", "下页", "后页", "尾页", "末页", "最后一页", "next", "›", "»", ">", ">>", "next›", "next»"]
        for link in links {
            let text = link.text.filter { !$0.isWhitespace }.lowercased()
            let isPager = words.contains(text) || (!text.isEmpty && text.count <= 3 && text.allSatisfy(\.isNumber))
                || (text.hasPrefix("[") && text.hasSuffix("]") && text.dropFirst().dropLast().allSatisfy(\.isNumber) && text.count > 2)
            guard isPager, let url = URL(string: link.url), url.host == base.host, link.url.hasPrefix(folder) else { continue }
            pages.append(link.url)
        }
        for script in page.scripts {
            let pattern = #"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']"#
            guard let regex = try? NSRegularExpression(pattern: pattern),
                let m = regex.firstMatch(in: script, range: NSRange(script.startIndex..., in: script))
            else { continue }
            func group(_ n: Int) -> String { Range(m.range(at: n), in: script).map { String(script[$0]) } ?? "" }
            guard let total = Int(group(1)) else { continue }
            let prefix = group(3), ext = group(4)
            for n in 0..<min(total, 1000) {
                let name = n == 0 ? "\(prefix).\(ext)" : "\(prefix)_\(n).\(ext)"
                if let url = URL(string: name, relativeTo: base)?.absoluteString { pages.append(url) }
            }
        }
        var seen: Set<String> = [WebAddress.normalized(current) ?? current]
        return pages.map { WebAddress.normalized($0) ?? $0 }.filter { seen.insert($0).inserted }
    }
}
