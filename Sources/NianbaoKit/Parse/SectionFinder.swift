/// Finds the six section titles among the parse lines.
enum SectionFinder {
    struct Found: Sendable {
        var number: Int
        var line: Int
        var title: String
    }

    /// The sections found, in order; each one after the one before it.
    static func find(in lines: [ParseLine], sections: [SectionSpec]) -> [Found] {
        var found: [Found] = []
        var start = 0
        var remaining = sections
        while !remaining.isEmpty, start < lines.count {
            var best: (section: Int, line: Int)?
            for (k, section) in remaining.enumerated() {
                guard let line = (start..<lines.count).first(where: { isTitle(lines[$0], of: section) }) else { continue }
                if best == nil || line < best!.line { best = (k, line) }
            }
            guard let hit = best else { break }
            let section = remaining[hit.section]
            found.append(Found(number: section.number, line: hit.line, title: cleanTitle(lines[hit.line].text)))
            remaining.removeFirst(hit.section + 1)
            start = hit.line + 1
        }
        return found
    }

    /// A short line, numbered "X、" or marked as a heading, whose words are the section's.
    static func isTitle(_ line: ParseLine, of section: SectionSpec) -> Bool {
        guard line.cells.count == 1 || line.cells.filter({ !$0.text.isEmpty }).count == 1 else { return false }
        let compact = LabelText.compact(line.text)
        guard compact.count <= 40, !compact.dropLast().contains("。") else { return false }
        let isHeading: Bool = { if case .heading = line.origin { return true } else { return false } }()
        guard isHeading || { if case .chinese = LabelText.numbering(of: compact) { return true } else { return false } }() else {
            return false
        }
        if case let .chinese(n) = LabelText.numbering(of: compact), n > 6 { return false }
        return section.keywordSets.contains { words in words.allSatisfy { compact.contains($0) } }
    }

    static func cleanTitle(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        while t.hasPrefix("#") { t.removeFirst() }
        return t.trimmingCharacters(in: .whitespaces)
    }
}
