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
        let matches: [[Int]] = lines.map { line in
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

    /// Whether a title line's text holds every word of one of the section's word sets.
    static func isTitle(_ compact: String, of section: SectionSpec) -> Bool {
        section.keywordSets.contains { words in words.allSatisfy { compact.contains($0) } }
    }

    static func cleanTitle(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        while t.hasPrefix("#") { t.removeFirst() }
        return t.trimmingCharacters(in: .whitespaces)
    }
}
