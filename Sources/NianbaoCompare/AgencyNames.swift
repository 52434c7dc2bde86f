import Foundation
import NianbaoDocument
import NianbaoEmit
import NianbaoSupport
import NianbaoTemplate

/// Which reports are of one body, by the agency names their titles print (`nianbao compare --db`).
///
/// A name is first normalised (``normalise(_:)``): full and half width made one (NFKC), white space
/// dropped, 人民政府 removed and the suffixes 办公室 / 办公厅 / 政府 / 政府办 stripped (a
/// government's office publishes the government's report), 街道办事处 written 街道. Two names are
/// then one body when they are equal, or when one is the other with the leading units dropped at a
/// unit boundary (淮安市洪泽区 and 洪泽区; 江苏省淮安市洪泽区 and 淮安市洪泽区): the dropped part ends
/// in a level word (省 市 州 盟 县 区 旗) and the shorter name begins with a unit of its own (a name
/// of at least two characters and a level word; 教育局 alone is no unit, so never matched to a
/// county's 教育局). A shorter name that several longer ones end with (洪泽区 beside 淮安市洪泽区 and
/// 某市洪泽区) is ambiguous: reported and kept apart, never merged. Names that differ otherwise — a
/// level word (洪泽县 and 洪泽区, 某某乡 and 某某镇, 某某街道 and 某某镇) or two prefixes (淮安市洪泽区 and
/// 宿迁市洪泽区) — are different bodies, unless an alias file (``Aliases``) says they are one.
public enum AgencyNames {
    /// The words that end an administrative unit's name, where a prefix may be dropped.
    static let prefixLevels: Set<Character> = ["省", "市", "州", "盟", "县", "区", "旗"]
    /// The words that end the name of a unit a shorter name may begin with.
    static let unitLevels: Set<Character> = ["省", "市", "州", "盟", "县", "区", "旗", "镇", "乡"]
    /// Words of department names that hold a level word without being a unit (城乡建设, 市场监督…).
    static let notUnits = ["城乡", "城市", "乡村", "乡镇", "社区", "小区", "县域", "区域", "市场", "镇街", "市政", "州际"]

    /// The name with the variations of one body's name taken out.
    public static func normalise(_ name: String) -> String {
        var s = name.precomposedStringWithCompatibilityMapping
        s.removeAll { $0.isWhitespace || "·・•\"'“”‘’".contains($0) }
        s = s.replacingOccurrences(of: "人民政府", with: "").replacingOccurrences(of: "街道办事处", with: "街道")
        var stripped = true
        while stripped {
            stripped = false
            for suffix in ["办公室", "办公厅", "政府办", "政府"] where s.hasSuffix(suffix) && s.count > suffix.count + 1 {
                s.removeLast(suffix.count)
                stripped = true
            }
        }
        return s
    }

    /// Whether `name` begins with an administrative unit: a name of two to nine characters and a
    /// level word that is not part of a department's name.
    static func beginsWithUnit(_ name: String) -> Bool {
        let chars = Array(name)
        if let street = name.range(of: "街道"), name.distance(from: name.startIndex, to: street.lowerBound) >= 2 { return true }
        for i in chars.indices where i >= 2 && unitLevels.contains(chars[i]) {
            guard i <= 9 else { return false }
            let before = String(chars[(i - 1)...i]), after = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
            return !notUnits.contains(before) && !notUnits.contains(after)
        }
        return false
    }

    /// Whether `shorter` is `longer` with leading units dropped (both normalised).
    public static func isTail(_ shorter: String, of longer: String) -> Bool {
        guard longer.count > shorter.count + 1, longer.hasSuffix(shorter), beginsWithUnit(shorter) else { return false }
        let prefix = longer.dropLast(shorter.count)
        guard let last = prefix.last, prefixLevels.contains(last) else { return false }
        let end = String(prefix.suffix(2))
        return !notUnits.contains(end)
    }

    /// Names of one body an alias file declares: each line `名称 = 名称 = …` (the first is the
    /// body's name; names are normalised like report names), `#` starts a comment.
    public struct Aliases: Sendable {
        /// Normalised name → the normalised first name of its line.
        public var canonical: [String: String] = [:]

        public init() {}

        public init(text: String, path: String) throws(NianbaoError) {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                guard !content.allSatisfy(\.isWhitespace) else { continue }
                let names = content.split(separator: "=").map { AgencyNames.normalise(String($0)) }
                guard names.count >= 2, !names.contains(where: \.isEmpty) else {
                    throw .unreadableInput(path: path, reason: "line \(number + 1): an alias line is 名称 = 名称 [= …]")
                }
                for name in names {
                    if let other = canonical[name], other != names[0] {
                        throw .unreadableInput(path: path, reason: "line \(number + 1): \(name) is already an alias of \(other)")
                    }
                    canonical[name] = names[0]
                }
            }
        }
    }

    /// The bodies of a set of agency names.
    public struct Grouping: Sendable, Equatable {
        /// Each name given → the normalised name of its body.
        public var body: [String: String]
        /// Names several bodies' names end with, each with those bodies (sorted): kept apart.
        public var ambiguous: [String: [String]]
    }

    /// Groups `names` into bodies (see ``AgencyNames``).
    public static func group(_ names: [String], aliases: Aliases = Aliases()) -> Grouping {
        let keyOf = Dictionary(names.map { ($0, aliases.canonical[normalise($0)] ?? normalise($0)) }, uniquingKeysWith: { a, _ in a })
        let keys = Set(keyOf.values)
        // Each name under every tail it could drop its leading units to (a level word ends them).
        var byTail: [String: [String]] = [:]
        for key in keys {
            let chars = Array(key)
            for i in chars.indices.dropLast(2) where prefixLevels.contains(chars[i]) {
                byTail[String(chars[(i + 1)...]), default: []].append(key)
            }
        }
        func longerNames(_ key: String) -> [String] { (byTail[key] ?? []).filter { isTail(key, of: $0) } }
        var bodyOf: [String: String] = [:], ambiguous: [String: [String]] = [:]
        for key in keys {
            let longer = longerNames(key)
            let maximal = longer.filter { longerNames($0).isEmpty }
            // A longer name that is itself ambiguous has no single body either.
            let bodies = Set(maximal)
            if bodies.count == 1, let only = bodies.first, longer.allSatisfy({ isTail($0, of: only) || $0 == only }) {
                bodyOf[key] = only
            } else {
                bodyOf[key] = key
                if !bodies.isEmpty { ambiguous[key] = bodies.sorted() }
            }
        }
        return Grouping(body: keyOf.mapValues { bodyOf[$0] ?? $0 }, ambiguous: ambiguous)
    }
}
