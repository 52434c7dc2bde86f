import NianbaoDocument
import NianbaoSupport
/// Joins page layouts into document blocks: a table whose next page begins with a table is one
/// table; a paragraph cut by the page break (no full stop, next page not indented) is one paragraph.
package enum PageJoiner {
    static func blocks(of pages: [PageLayout]) -> [Block] {
        var blocks: [Block] = []
        /// Index in `blocks` of the last table or paragraph, to join the next page's first one to.
        var lastContent: Int?
        var lastParagraphEndsShort = true
        for (i, page) in pages.enumerated() {
            if i > 0 { blocks.append(.pageBreak(page: i + 1)) }
            var firstContent = true
            for item in page.items {
                switch item {
                case let .furniture(text, location):
                    blocks.append(.furniture(text: text, location: location))
                case let .table(rows, location, ruled):
                    // A table right after a table (over a page break or a gap in the rulings) continues it.
                    if let last = lastContent, last == lastContentIndex(blocks), case let .table(previous) = blocks[last] {
                        blocks[last] = .table(Table(rows: previous.rows + rows, location: previous.location, isExactGrid: previous.isExactGrid && ruled))
                    } else {
                        blocks.append(.table(Table(rows: rows, location: location, isExactGrid: ruled)))
                        lastContent = blocks.count - 1
                    }
                    firstContent = false
                case let .paragraph(lines, location, indented, endsShort):
                    let text = lines.joined(separator: "\n")
                    if firstContent, i > 0, !indented, !lastParagraphEndsShort, let last = lastContent,
                        case let .paragraph(previous, start) = blocks[last], !endsSentence(previous)
                    {
                        blocks[last] = .paragraph(text: previous + "\n" + text, location: start)
                    } else {
                        blocks.append(.paragraph(text: text, location: location))
                        lastContent = blocks.count - 1
                    }
                    lastParagraphEndsShort = endsShort
                    firstContent = false
                }
            }
        }
        return blocks
    }

    /// The index of the last block that is not furniture or a page break.
    static func lastContentIndex(_ blocks: [Block]) -> Int? {
        blocks.lastIndex { block in
            switch block {
            case .furniture, .pageBreak: return false
            default: return true
            }
        }
    }

    static func endsSentence(_ text: String) -> Bool {
        guard let last = text.last else { return true }
        return "。！？!?".contains(last)
    }
}
