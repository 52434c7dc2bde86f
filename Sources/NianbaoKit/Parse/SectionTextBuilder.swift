/// Builds each section's subsection headings and paragraphs from its lines, re-joining lines that
/// a fixed-width extraction wrapped.
enum SectionTextBuilder {
    static func blocks(lines: ArraySlice<ParseLine>, statisticalSection: Bool) -> [SectionBlock] {
        var blocks: [SectionBlock] = []
        var previousBlock = -1
        for line in lines where !line.isTableRow {
            let text = line.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let heading = isSubheading(text, origin: line.origin)
            if statisticalSection && !heading && !isProse(text) { continue }
            if heading {
                blocks.append(SectionBlock(kind: .heading, text: clean(text)))
            } else if let last = blocks.last, last.kind == .paragraph, line.block == previousBlock,
                !endsSentence(last.text), !startsItem(text)
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
        return t.trimmingCharacters(in: .whitespaces)
    }

    static func isProse(_ text: String) -> Bool {
        text.contains("。") || text.count >= 40
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
