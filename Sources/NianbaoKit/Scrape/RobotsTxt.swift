import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// A site's robots.txt (RFC 9309): the rules of the group for nianbao's product token, or of the
/// `*` group; the longest matching rule decides, Allow winning a tie; `*` and a final `$` in paths.
/// Rules and paths are compared in one percent-encoded form (``WebAddress/percentNormalized(_:)``).
public struct RobotsTxt: Sendable {
    struct Rule: Sendable {
        var allow: Bool
        var pattern: String
    }

    private var groups: [(agents: [String], rules: [Rule])] = []
    private var everything: Bool?

    /// Everything allowed (no robots.txt: a 4xx answer).
    public static let allowAll = RobotsTxt(everything: true)
    /// Nothing allowed (robots.txt unreachable: a 5xx answer or no answer, as the RFC asks).
    public static let disallowAll = RobotsTxt(everything: false)

    private init(everything: Bool) {
        self.everything = everything
    }

    public init(_ text: String) {
        var current: (agents: [String], rules: [Rule])?
        var lastWasAgent = false
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "user-agent":
                if !lastWasAgent, let group = current { groups.append(group); current = nil }
                if current == nil { current = ([], []) }
                current!.agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                guard current != nil, !value.isEmpty else { continue }
                current!.rules.append(Rule(allow: field == "allow", pattern: WebAddress.percentNormalized(value)))
            default:
                lastWasAgent = false
            }
        }
        if let group = current { groups.append(group) }
    }

    /// Whether `token` (a product token such as "nianbao") may fetch `path` (path and query).
    public func allows(_ path: String, userAgent token: String = "nianbao") -> Bool {
        if let everything { return everything }
        let token = token.lowercased()
        var rules = groups.filter { $0.agents.contains { $0 != "*" && token.hasPrefix($0) } }.flatMap(\.rules)
        if rules.isEmpty && !groups.contains(where: { $0.agents.contains { $0 != "*" && token.hasPrefix($0) } }) {
            rules = groups.filter { $0.agents.contains("*") }.flatMap(\.rules)
        }
        var best: Rule?
        for rule in rules where Self.matches(rule.pattern, path) {
            if best == nil || rule.pattern.count > best!.pattern.count || rule.pattern.count == best!.pattern.count && rule.allow {
                best = rule
            }
        }
        return best?.allow ?? true
    }

    /// The path and query of a URL, as robots.txt rules are written ("/" for none), of its
    /// normalised form (``WebAddress/normalized(_:)``: dot segments removed, percent-encodings
    /// normalised, as the rules' own are), so that `/dot/../private/z.html` is `/private/z.html`.
    public static func target(of url: String) -> String {
        guard let components = URLComponents(string: WebAddress.normalized(url) ?? url) else { return "/" }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return components.percentEncodedQuery.map { path + "?" + $0 } ?? path
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        var body = pattern
        let anchored = body.hasSuffix("$")
        if anchored { body.removeLast() }
        let regex = "^" + body.split(separator: "*", omittingEmptySubsequences: false).map { NSRegularExpression.escapedPattern(for: String($0)) }
            .joined(separator: ".*") + (anchored ? "$" : "")
        return path.range(of: regex, options: .regularExpression) != nil
    }
}
