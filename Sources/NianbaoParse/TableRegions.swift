import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Where each of the three tables lies among the parse lines: from its section title to the next
/// table, with label-based fallbacks when a title is missing (a truncated table 3 runs into the
/// value row of table 4; a report may lack the title of section 四).
package struct TableRegions {
    let lines: [ParseLine]
    /// The line ranges of tables 二, 三 and 四.
    private(set) var activeDisclosure = 0..<0, applications = 0..<0, reviewLitigation = 0..<0
    /// Sections whose title was missing, so their table's region was found another way.
    private(set) var missing: [(Int, String)] = []

    /// Each table's row labels as ``LabelText/key(_:)`` scalars, to find a table run into prose.
    private let rowLabels: [TableID: [[UInt32]]]

    init(lines: [ParseLine], sections: [SectionFinder.Found], template: ReportTemplate) {
        self.lines = lines
        rowLabels = Dictionary(uniqueKeysWithValues: template.tables.map { table in
            (table.id, table.rows.map { LabelText.key($0.label) }.filter { $0.count >= 2 })
        })
        func start(_ number: Int) -> Int? { sections.first { $0.number == number }?.line }
        let end = lines.count
        let after5 = start(5) ?? start(6) ?? end

        func firstLine(_ table: TableID) -> Int? {
            let sets = template.table(table).startMarkers
            return lines.indices.first { Self.contains(lines[$0], sets) }
        }
        let t3Start = start(3) ?? firstLine(.applications) ?? end
        let t2Start = start(2) ?? firstLine(.activeDisclosure).map { min($0, t3Start) } ?? t3Start
        var t3End = start(4) ?? after5
        if start(4) == nil, t3Start < end {
            // Table 4's header or value row ends table 3 when section 四 has no title.
            let upper = min(t3End, end)
            let table4 = template.reviewLitigation
            if let row = (t3Start..<max(t3Start, upper)).first(where: { Self.startsTable(lines[$0], table4) }) { t3End = row }
            missing.append((4, "section 四 has no title; table 4 was looked for after table 3"))
        }
        let t4End = after5
        activeDisclosure = t2Start..<max(t2Start, t3Start)
        applications = t3Start..<max(t3Start, t3End)
        reviewLitigation = t3End..<max(t3End, t4End)
        if start(2) == nil { missing.append((2, "section 二 has no title; table 2 was looked for by its labels")) }
        if start(3) == nil { missing.append((3, "section 三 has no title; table 3 was looked for by its labels")) }
    }

    func candidates(_ table: TableID) -> [RowCandidate] {
        RowCandidate.candidates(in: lines, range: range(table), rowLabels: rowLabels[table] ?? [])
    }

    func range(_ table: TableID) -> Range<Int> {
        switch table {
        case .activeDisclosure: return activeDisclosure
        case .applications: return applications
        case .reviewLitigation: return reviewLitigation
        }
    }

    /// Whether a line holds every word of one of `sets`.
    static func contains(_ line: ParseLine, _ sets: [[String]]) -> Bool {
        let text = LabelText.compact(line.text)
        return sets.contains { $0.allSatisfy(text.contains) }
    }

    /// A line that starts `table` (table 4): its header words, or a run of at least eleven values.
    static func startsTable(_ line: ParseLine, _ table: TableSpec) -> Bool {
        if contains(line, table.startMarkers) { return true }
        let values = Segmenter.segments(of: line).filter { if case let .value(t) = $0 { return !t.isBlank } else { return false } }
        return values.count >= 11
    }
}
