import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Finds the six section titles among the parse lines.
package enum SectionFinder {
    struct Found: Sendable {
        var number: Int
        var line: Int
        var title: String
    }

    /// The sections found, in order; each one after the one before it.
    static func find(in lines: [ParseLine], sections: [SectionSpec]) -> [Found] {
        // Which sections each line could be the title of, worked out once per line.
        let keywordScalars = sections.map { $0.keywordSets.map { $0.compactMap(PlainText.scalars) } }
        let keywordsArePlain = zip(sections, keywordScalars).allSatisfy { section, sets in
            zip(section.keywordSets, sets).allSatisfy { $0.count == $1.count }
        }
        let matches: [[Int]] = lines.map { line in
            if keywordsArePlain, let compact = plainTitleText(line) {
                guard let compact else { return [] }
                return sections.indices.filter { i in
                    keywordScalars[i].contains { words in words.allSatisfy { PlainText.contains(compact, $0) } }
                }
            }
            guard let compact = titleText(line) else { return [] }
            return sections.indices.filter { isTitle(compact, of: sections[$0]) }
        }
        let fuzzy = fuzzyMatches(lines, sections: sections, exact: matches)
        let hits: [[Int]] = zip(matches, fuzzy).map { $0.isEmpty ? $1 : $0 }
        var found = inOrder(hits, sections: sections, lines: lines)
        let longest = longestChain(hits)
        if longest.count > found.count {
            found = longest.map { Found(number: sections[$0.section].number, line: $0.line, title: cleanTitle(lines[$0.line].text)) }
        }
        return found
    }

    /// The sections found one after another, each the earliest after the one before.
    static func inOrder(_ matches: [[Int]], sections: [SectionSpec], lines: [ParseLine]) -> [Found] {
        var found: [Found] = []
        var start = 0
        var remaining = Array(sections.indices)
        while !remaining.isEmpty, start < lines.count {
            var best: (section: Int, line: Int)?
            for (k, section) in remaining.enumerated() {
                guard let line = (start..<lines.count).first(where: { matches[$0].contains(section) }) else { continue }
                if best == nil || line < best!.line { best = (k, line) }
            }
            guard let hit = best else { break }
            let section = sections[remaining[hit.section]]
            found.append(Found(number: section.number, line: hit.line, title: cleanTitle(lines[hit.line].text)))
            remaining.removeFirst(hit.section + 1)
            start = hit.line + 1
        }
        return found
    }

    /// The longest run of titles in order of both line and section (a title of a later section
    /// printed early, "四、…" in the text of section 一, must not hide sections 二 and 三); among
    /// runs as long, the one with the earliest lines.
    static func longestChain(_ matches: [[Int]]) -> [(section: Int, line: Int)] {
        let hits = matches.enumerated().flatMap { line, sections in sections.map { (section: $0, line: line) } }
        // Quadratic in the title lines: a page of thousands of them keeps the first reading.
        guard !hits.isEmpty, hits.count <= 600 else { return [] }
        var length = [Int](repeating: 1, count: hits.count), previous = [Int](repeating: -1, count: hits.count)
        for i in hits.indices {
            for j in 0..<i where hits[j].line < hits[i].line && hits[j].section < hits[i].section && length[j] + 1 > length[i] {
                length[i] = length[j] + 1
                previous[i] = j
            }
        }
        guard let best = length.max(), var i = length.firstIndex(of: best) else { return [] }
        var chain: [(section: Int, line: Int)] = []
        while i >= 0 { chain.append(hits[i]); i = previous[i] }
        return chain.reversed()
    }

    /// Sections a numbered title line names in other words than the template's: "四、政府信息公开行政法复议、
    /// 行政诉讼情况" (a typo). The line's number must be the section's, and its words must score as a
    /// row label would against one of the section's titles.
    static func fuzzyMatches(_ lines: [ParseLine], sections: [SectionSpec], exact: [[Int]]) -> [[Int]] {
        let titles = sections.map { $0.variants.map(LabelText.key).filter { !$0.isEmpty }.map(LCSPattern.init) }
        return lines.indices.map { index in
            guard exact[index].isEmpty, let compact = titleText(lines[index]),
                case let .chinese(number)? = LabelText.numbering(of: compact)
            else { return [] }
            let key = LabelText.key(compact)
            guard key.count >= 4 else { return [] }
            let scores = titles.map { patterns in patterns.map { LabelMatcher.score(key, $0) }.max() ?? 0 }
            guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), sections[best].number == number,
                scores[best] >= LabelMatcher.threshold
            else { return [] }
            return [best]
        }
    }

    /// The compact text of a line that may be a section title: short, one cell, numbered "X、"
    /// (一 to 六) or marked as a heading.
    static func titleText(_ line: ParseLine) -> String? {
        guard line.cells.count == 1 || line.cells.filter({ !$0.text.isEmpty }).count == 1 else { return nil }
        guard line.text.count <= 80 else { return nil }
        let compact = LabelText.compact(line.text)
        guard compact.count <= 40, !compact.dropLast().contains("。") else { return nil }
        let isHeading: Bool = { if case .heading = line.origin { return true } else { return false } }()
        switch LabelText.numbering(of: compact) {
        case let .chinese(n): return n <= 6 ? compact : nil
        default: return isHeading ? compact : nil
        }
    }

    /// ``titleText(_:)`` as scalar values when the line is plain text (nil when it is not): the
    /// compact text, or nil when the line is no title.
    static func plainTitleText(_ line: ParseLine) -> [UInt32]?? {
        guard line.cells.count == 1 || line.cells.filter({ !$0.text.isEmpty }).count == 1 else { return .some(nil) }
        guard line.text.utf8.count <= 80 || line.text.count <= 80 else { return .some(nil) }
        guard let compact = LabelText.compactScalars(line.text) else { return nil }
        guard compact.count <= 40, !compact.dropLast().contains(0x3002) else { return .some(nil) }  // "。"
        let isHeading: Bool = { if case .heading = line.origin { return true } else { return false } }()
        switch LabelText.splitNumbering(compact, from: 0)?.0 {
        case let .chinese(n): return n <= 6 ? compact : .some(nil)
        default: return isHeading ? compact : .some(nil)
        }
    }

    /// Whether a title line's text holds every word of one of the section's word sets.
    static func isTitle(_ compact: String, of section: SectionSpec) -> Bool {
        section.keywordSets.contains { words in words.allSatisfy { compact.contains($0) } }
    }

    static func cleanTitle(_ text: String) -> String {
        var t = text.trimmingWhitespaces()
        while t.hasPrefix("#") { t.removeFirst() }
        return t.trimmingWhitespaces()
    }
}
