import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Builds each section's subsection headings, paragraphs and notes from its lines, re-joining
/// lines that the source wrapped. Lines of one block are one paragraph as written: a line that
/// ends a sentence, or starts with numbering, begins a new paragraph only where the source's
/// geometry does not say otherwise (a PDF's paragraph block holds only lines that run to the
/// text block's right edge, so its lines always continue). A line that is a date and nothing else
/// (the signature's "2025年1月24日") is a paragraph of its own: it never continues the line before
/// it (the signing body), nor is continued. Joined lines take no space between them, except
/// between two Latin words.
package enum SectionTextBuilder {
    /// The text blocks of a section. In the sections that hold tables (二, 三, 四), lines that are
    /// table matter printed outside the table (values, label fragments such as "（三）不") are left
    /// out, and a line starting with 注 (注：, 备注, 说明：) after the table begins a note;
    /// `tableLabels` are the normalised labels of the template's tables.
    static func blocks(lines: ArraySlice<ParseLine>, tableLabels: TableLabels?) -> [SectionBlock] {
        var blocks: [SectionBlock] = []
        var previousBlock = -1
        var afterTable = false
        /// The block whose first line has a box: a paragraph the source laid out by geometry.
        var laidOutBlock = -1
        let wrapWidths = hardWrapWidths(lines)
        var previousWidth = 0
        for line in lines {
            if line.location.box != nil { laidOutBlock = line.block }
            if line.isTableRow {
                afterTable = true
                continue
            }
            let text = line.text.trimmingWhitespaces()
            guard !text.isEmpty else { continue }
            let heading = isSubheading(text, origin: line.origin)
            let note = tableLabels != nil && afterTable && isNoteStart(text)
            if let tableLabels, !note, isTableMatter(line, labels: tableLabels, subheading: heading) {
                previousBlock = -1
                afterTable = true
                continue
            }
            if heading && !note {
                blocks.append(SectionBlock(kind: .heading, text: clean(text)))
            } else if !note, let last = blocks.last, last.kind != .heading,
                line.block == previousBlock
                    ? continues(last.text, with: text, wrapped: line.block == laidOutBlock || wrapWidths[line.block].map { previousWidth >= $0 } == true)
                    : previousBlock >= 0 && laidOutBlock != line.block && continuesAcrossBlocks(last.text, with: text)
            {
                blocks[blocks.count - 1].text = joined(last.text, text)
            } else {
                blocks.append(SectionBlock(kind: note ? .note : .paragraph, text: text))
            }
            previousBlock = line.block
            previousWidth = displayWidth(text)
        }
        return blocks
    }

    /// For each block of hard-wrapped text (at least three lines, at most 60 Chinese characters wide,
    /// half of them and at least two as wide as the widest within two characters), the width from which a line reaches the right edge, so that
    /// it continues in the next line whatever it ends with.
    static func hardWrapWidths(_ lines: ArraySlice<ParseLine>) -> [Int: Int] {
        var widths: [Int: [Int]] = [:]
        for line in lines where line.origin == .paragraph && line.location.box == nil {
            widths[line.block, default: []].append(displayWidth(line.text.trimmingWhitespaces()))
        }
        var result: [Int: Int] = [:]
        for (block, w) in widths where w.count >= 3 {
            // A line of a one-line-per-paragraph text is wider than any wrap (60 Chinese characters).
            guard let widest = w.max(), (20...120).contains(widest) else { continue }
            let full = w.filter { $0 >= widest - 4 }.count
            if full >= 2, full * 2 >= w.count { result[block] = widest - 4 }
        }
        return result
    }

    /// Display width: a CJK or full-width character counts 2, any other 1.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
    }

    /// Whether `next`, the next line of the same source block, continues the paragraph `text`.
    /// `wrapped`: the source placed the line by geometry and kept it in the paragraph's block
    /// (a PDF line after a line that reaches the right edge, not indented), or `text` reaches the
    /// wrap width of hard-wrapped text. A date line, an 附件 line and a furniture line always stand apart.
    static func continues(_ text: String, with next: String, wrapped: Bool) -> Bool {
        if isDateLine(next) || isDateLine(text) || ReportMatter.isAnnexLine(next) || ReportMatter.isFurniture(next) { return false }
        return wrapped || (!endsSentence(text) && !startsItem(next))
    }

    /// Whether a paragraph cut mid-word by a blank line or an element boundary of a source without
    /// geometry (a text extraction's page break: "…及时公开城关镇" + "" + "政策文件和相关信息。")
    /// goes on in the next block: it is long (20 characters or more) and ends with a Chinese
    /// character, and the next line starts no item, date, 附件 line or furniture.
    static func continuesAcrossBlocks(_ text: String, with next: String) -> Bool {
        guard text.count >= 20, let last = text.unicodeScalars.last, (0x4E00...0x9FFF).contains(last.value) else { return false }
        return !startsItem(next) && continues(text, with: next, wrapped: false)
    }

    /// Two lines of a paragraph joined: no space between them, but one between two Latin words
    /// ("Open" + "Government"), so that Chinese text is never spaced and English never glued.
    static func joined(_ text: String, _ next: String) -> String {
        guard let a = text.unicodeScalars.last, let b = next.unicodeScalars.first,
            isLatinWordScalar(a), isLatinWordScalar(b), isLatinLetter(a) || isLatinLetter(b)
        else { return text + next }
        return text + " " + next
    }

    private static func isLatinLetter(_ s: Unicode.Scalar) -> Bool {
        (0x41...0x5A).contains(s.value) || (0x61...0x7A).contains(s.value)
    }

    private static func isLatinWordScalar(_ s: Unicode.Scalar) -> Bool {
        isLatinLetter(s) || (0x30...0x39).contains(s.value)
    }

    /// "注：…", "注1：…", "备注：…", "说明：…": a note under a table.
    static func isNoteStart(_ text: String) -> Bool {
        for prefix in ["备注", "说明：", "说明:"] where text.hasPrefix(prefix) { return true }
        guard text.hasPrefix("注"), let next = text.dropFirst().first else { return false }
        return "：:1234567890①②③④⑤".contains(next)
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
        text.count <= 20 && ReportText.parseDate(text, wholeLine: true) != nil
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
package struct TableLabels: Sendable {
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
