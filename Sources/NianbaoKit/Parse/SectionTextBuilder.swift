/// Builds each section's subsection headings and paragraphs from its lines, re-joining lines that
/// a fixed-width extraction wrapped. A line that is a date and nothing else (the signature's
/// "2025年1月24日") is a paragraph of its own: it never continues the line before it (the
/// signing body), nor is continued.
enum SectionTextBuilder {
    /// The text blocks of a section. In the sections that hold tables (二, 三, 四), lines that are
    /// table matter printed outside the table (values, label fragments such as "（三）不") are left
    /// out; `tableLabels` are the normalised labels of the template's tables.
    static func blocks(lines: ArraySlice<ParseLine>, tableLabels: TableLabels?) -> [SectionBlock] {
        var blocks: [SectionBlock] = []
        var previousBlock = -1
        for line in lines where !line.isTableRow {
            let text = line.text.trimmingWhitespaces()
            guard !text.isEmpty else { continue }
            let heading = isSubheading(text, origin: line.origin)
            if let tableLabels, isTableMatter(line, labels: tableLabels, subheading: heading) {
                previousBlock = -1
                continue
            }
            if heading {
                blocks.append(SectionBlock(kind: .heading, text: clean(text)))
            } else if let last = blocks.last, last.kind == .paragraph, line.block == previousBlock,
                !endsSentence(last.text), !startsItem(text), !isDateLine(text), !isDateLine(last.text)
            {
                blocks[blocks.count - 1].text += text
            } else {
                blocks.append(SectionBlock(kind: .paragraph, text: text))
            }
            previousBlock = line.block
        }
        return blocks
    }

    /// "（一）主动公开情况", "二、工作机制保障", or a heading block: short and without a full stop.
    static func isSubheading(_ text: String, origin: ParseLine.Origin) -> Bool {
        if case .heading = origin { return true }
        guard text.count <= 30, !text.dropLast().contains("。"), !text.contains("，") else { return false }
        switch LabelText.numbering(of: text) {
        case .chinese, .parenthesized: return true
        default: return false
        }
    }

    static func clean(_ text: String) -> String {
        var t = text
        while t.hasPrefix("#") { t.removeFirst() }
        return t.trimmingWhitespaces()
    }

    /// Table matter printed as text: values with label text, or label fragments ("（三）不",
    /// "法提供行制作"). Sentences (with "。") and subheadings are never table matter.
    static func isTableMatter(_ line: ParseLine, labels: TableLabels, subheading: Bool) -> Bool {
        if case .heading = line.origin { return false }
        guard !line.text.contains("。") else { return false }
        let segments = Segmenter.segments(of: line)
        if labels.arePlain, let textual = plainText(of: segments) {
            guard !textual.isEmpty else { return true }
            var rest = textual
            for label in labels.scalars where label.count >= 2 && PlainText.contains(rest, label) {
                PlainText.replaceAll(label, with: [], in: &rest)
            }
            if rest.count * 4 <= textual.count { return true }
            if !subheading && textual.count < 20 && !line.text.contains("，") { return true }
            // Covered when some label's longest common subsequence with the rest reaches 3/4 of it.
            let threshold = 0.75 * Double(rest.count)
            for pattern in labels.patterns where Double(pattern.scalars.count) >= threshold {
                if Double(pattern.longestCommonSubsequence(with: rest)) >= threshold { return true }
            }
            return threshold <= 0
        }
        return isTableMatter(line, segments: segments, labels: labels.labels, subheading: subheading)
    }

    /// The normalised text segments of a line run together, as scalar values (text that is not
    /// plain is normalised by Foundation first, then compared the same way: searching a long
    /// line with Foundation's string search took seconds).
    private static func plainText(of segments: [Segment]) -> [UInt32]? {
        var textual: [UInt32] = []
        for segment in segments {
            guard case let .text(t, _) = segment else { continue }
            textual += LabelText.key(t)
        }
        return textual
    }

    /// ``isTableMatter(_:labels:subheading:)`` for text that is not plain.
    private static func isTableMatter(_ line: ParseLine, segments: [Segment], labels: [String], subheading: Bool) -> Bool {
        var textual = ""
        for segment in segments {
            if case let .text(t, _) = segment { textual += LabelText.normalize(t) }
        }
        guard !textual.isEmpty else { return true }
        var rest = textual
        for label in labels where label.count >= 2 && rest.contains(label) {
            rest = rest.replacingOccurrences(of: label, with: "")
        }
        if rest.count * 4 <= textual.count { return true }
        if !subheading && textual.count < 20 && !line.text.contains("，") { return true }
        let chars = rest.unicodeScalars.map(\.value)
        let covered = labels.map { LabelMatcher.longestCommonSubsequence(chars, $0.unicodeScalars.map(\.value)) }.max() ?? 0
        return Double(covered) >= 0.75 * Double(chars.count)
    }

    /// "2025年1月24日" alone on its line.
    static func isDateLine(_ text: String) -> Bool {
        text.count <= 20 && MetadataReader.parseDate(text, wholeLine: true) != nil
    }

    static func endsSentence(_ text: String) -> Bool {
        guard let last = text.last else { return true }
        return "。！？；：!?;:".contains(last)
    }

    static func startsItem(_ text: String) -> Bool {
        if LabelText.numbering(of: text) != nil { return true }
        return ["一是", "二是", "三是", "四是", "五是", "六是"].contains { text.hasPrefix($0) }
    }
}

/// The normalised labels of a template's tables, longest first, as ``SectionTextBuilder`` looks
/// for them in text printed outside the tables.
struct TableLabels: Sendable {
    let labels: [String]
    let scalars: [[UInt32]]
    let patterns: [LCSPattern]
    /// Whether every label is plain text (see ``PlainText``), so that the fast path applies.
    let arePlain: Bool

    init(_ template: ReportTemplate) {
        let normalized: [String] = template.tables.flatMap { table in
            table.rows.flatMap(\.labels) + table.groupLabels + table.headerLabels + table.blockHeaders.keys
        }.map(LabelText.normalize).filter { !$0.isEmpty }
        // Longest first; each length counted once.
        let counted: [(label: String, count: Int)] = normalized.map { ($0, $0.count) }
        labels = counted.sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }.map(\.label)
        scalars = labels.map { $0.unicodeScalars.map(\.value) }
        patterns = scalars.map(LCSPattern.init)
        arePlain = scalars.allSatisfy { $0.allSatisfy(PlainText.isPlain) }
    }

    static let v2021 = TableLabels(.v2021)
    static let v2019 = TableLabels(.v2019)

    static func of(_ version: TemplateVersion) -> TableLabels {
        switch version {
        case .v2021: return v2021
        case .v2019: return v2019
        }
    }
}
