/// Finds the six section titles among the parse lines.
enum SectionFinder {
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
