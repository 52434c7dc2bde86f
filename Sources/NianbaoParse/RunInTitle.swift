import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// A section title run into a line in other words than the template's ("…0000000 四、政府信息公开行政复议与
/// 行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况"): the section's numbering "X、" followed by text that
/// scores as one of its titles (see ``LabelMatcher``) or holds one of its keyword sets, up to a full stop.
package enum RunInTitle {
    /// How close a run-in title must come to one of the section's titles; stricter than a row label,
    /// since the title's end is guessed.
    static let threshold = 0.86
    /// At most this many "X、" are looked at in one line (a pathological line stays linear).
    static let maxStarts = 16

    /// The range of the section's title in `u` (plain scalars), if one is run in.
    static func fuzzyMatch(in u: [UInt32], section: SectionSpec) -> Range<Int>? {
        guard let numeral = numeral(section.number), u.contains(numeral) else { return nil }
        let words = prepared[section.number].flatMap { $0.variants == section.variants ? $0 : nil } ?? Words(section)
        let titles = words.titles, keywords = words.keywords
        var starts = 0
        var p = 0
        while p + 1 < u.count, starts < maxStarts {
            defer { p += 1 }
            guard u[p] == numeral, u[p + 1] == 0x3001, p == 0 || !isChineseNumeral(u[p - 1]) || u[p - 1] == numeral else { continue }
            starts += 1
            if let end = bestEnd(u, from: p, titles: titles, keywords: keywords) { return p..<end }
        }
        return nil
    }

    /// A section's titles as label keys and its keyword sets as scalars, worked out once.
    struct Words: Sendable {
        let variants: [String]
        let titles: [LCSPattern]
        let keywords: [[[UInt32]]]

        init(_ section: SectionSpec) {
            variants = section.variants
            titles = section.variants.map(LabelText.key).filter { !$0.isEmpty }.map(LCSPattern.init)
            keywords = section.keywordSets.map { $0.compactMap(PlainText.scalars) }
        }
    }

    static let prepared: [Int: Words] = Dictionary(
        ReportTemplate.anySections.map { ($0.number, Words($0)) }, uniquingKeysWith: { first, _ in first })

    /// Where the title starting at `p` ends: the window that scores best against the titles, or
    /// the shortest that holds a keyword set and ends a title (情况, 事项, 计划).
    private static func bestEnd(_ u: [UInt32], from p: Int, titles: [LCSPattern], keywords: [[[UInt32]]]) -> Int? {
        let longest = titles.map(\.scalars.count).max() ?? 0
        var best: (end: Int, score: Double)?
        var end = p + 2
        var key: [UInt32] = []
        while end < u.count, end - p <= longest + 8 {
            let v = u[end]
            if v == 0x3002 || v == 0x0A { break }  // 。
            end += 1
            guard !PlainText.isWhiteSpace(v), !LabelText.isPunctuation(v) else { continue }
            key.append(v)
            for title in titles where key.count + 3 >= title.scalars.count {
                let score = LabelMatcher.score(key, title)
                if score >= threshold, best == nil || score > best!.score { best = (end, score) }
            }
            if best == nil, endsTitle(key), keywords.contains(where: { set in set.allSatisfy { PlainText.contains(key, $0) } }) {
                return end
            }
        }
        return best?.end
    }

    /// 情况, 事项 or 计划 at the end.
    private static func endsTitle(_ key: [UInt32]) -> Bool {
        guard key.count >= 2 else { return false }
        let tail = Array(key.suffix(2))
        return tail == [0x60C5, 0x51B5] || tail == [0x4E8B, 0x9879] || tail == [0x8BA1, 0x5212]
    }

    private static func numeral(_ n: Int) -> UInt32? {
        [1: 0x4E00, 2: 0x4E8C, 3: 0x4E09, 4: 0x56DB, 5: 0x4E94, 6: 0x516D][n]
    }

    private static func isChineseNumeral(_ v: UInt32) -> Bool { LabelText.chineseDigit(v) != nil || v == 0x5341 }
}
