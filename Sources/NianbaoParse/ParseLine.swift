import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// A line of the document as the parser sees it: a table row (several cells) or one line of a
/// heading or paragraph (one cell). Page furniture and page breaks are left out.
package struct ParseLine: Sendable {
    package enum Origin: Equatable, Sendable {
        case heading(level: Int), paragraph
        /// A row of a table; `exact` when its blank cells are printed cells (see ``Table/isExactGrid``).
        case tableRow(exact: Bool)
    }
    let origin: Origin
    let cells: [ParseCell]
    /// The index of the block the line came from.
    let block: Int
    /// The cells' texts joined by spaces.
    let text: String
    /// The cells cut into text and values (``Segmenter``), once: every stage that looks for rows
    /// or section text reads them, and cutting a long line again each time was most of the work.
    let segments: [Segment]

    package init(origin: Origin, cells: [ParseCell], block: Int) {
        self.origin = origin
        self.cells = cells
        self.block = block
        text = cells.count == 1 ? cells[0].text : cells.map(\.text).joined(separator: " ")
        if case .tableRow = origin {
            segments = Segmenter.segments(of: cells, isTableRow: true)
        } else {
            segments = Segmenter.segments(of: cells, isTableRow: false)
        }
    }

    var location: SourceLocation { cells.first?.location ?? SourceLocation() }
    var isTableRow: Bool { if case .tableRow = origin { return true } else { return false } }
    var isExactGridRow: Bool { origin == .tableRow(exact: true) }
}

package struct ParseCell: Sendable {
    var text: String
    var location: SourceLocation
}

/// Turns a document's blocks into parse lines, splitting section titles out of run-in text.
package enum LineStream {
    package static func lines(of document: Document, sections: [SectionSpec]) -> [ParseLine] {
        var lines: [ParseLine] = []
        for (index, block) in document.blocks.enumerated() {
            switch block {
            case let .heading(level, text, location):
                lines.append(ParseLine(origin: .heading(level: level), cells: [ParseCell(text: text, location: location)], block: index))
            case let .paragraph(text, location):
                for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let trimmed = PlainText.trimmingSpaces(String(line))
                    guard !trimmed.isEmpty else { continue }
                    for piece in splitRunInTitles(trimmed, sections: sections) {
                        lines.append(ParseLine(
                            origin: .paragraph, cells: [ParseCell(text: piece, location: location.advanced(byLines: offset))],
                            block: index))
                    }
                }
            case let .table(table):
                for row in table.rows {
                    lines.append(ParseLine(origin: .tableRow(exact: table.isExactGrid), cells: row.map { ParseCell(text: $0.text, location: $0.location) }, block: index))
                }
            case .furniture, .pageBreak:
                continue
            }
        }
        return lines
    }

    /// A long line that runs section titles into its text (a crawler's flattened page) is cut before
    /// and after each title the template knows, so titles stand on lines of their own.
    package static func splitRunInTitles(_ line: String, sections: [SectionSpec]) -> [String] {
        // A short line is cut only when a title follows text (a row's values run into the next title).
        guard line.utf8.count > 24, line.count > 16 else { return [line] }
        // Every title is numbered "X、": a short line without "、" holds none.
        guard line.utf8.count > 180 || line.unicodeScalars.contains("、") else { return [line] }
        if let scalars = PlainText.scalars(line), let pieces = splitRunInTitles(plain: scalars, sections: sections) {
            return pieces
        }
        return splitRunInTitlesGeneral(line, sections: sections)
    }

    /// ``splitRunInTitles(_:sections:)`` for any long line, with regular expressions.
    package static func splitRunInTitlesGeneral(_ line: String, sections: [SectionSpec]) -> [String] {
        var cuts: [Range<String.Index>] = []
        for section in sections {
            for variant in section.variants {
                guard let regex = titlePattern(variant) else { continue }
                let range = NSRange(line.startIndex..., in: line)
                if let match = regex.firstMatch(in: line, range: range), let r = Range(match.range, in: line) {
                    cuts.append(r)
                    break
                }
            }
        }
        guard !cuts.isEmpty else { return [line] }
        cuts.sort { $0.lowerBound < $1.lowerBound }
        var pieces: [String] = []
        var position = line.startIndex
        for cut in cuts where cut.lowerBound >= position {
            pieces.append(String(line[position..<cut.lowerBound]))
            pieces.append(String(line[cut]))
            position = cut.upperBound
        }
        pieces.append(String(line[position...]))
        return pieces.map { $0.trimmingWhitespaces() }.filter { !$0.isEmpty }
    }

    /// ``splitRunInTitles(_:sections:)`` on a plain line's scalars, matching ``titlePattern(_:)``
    /// by hand (its `\s` is a tab, line feed, space or ideographic space there); nil when a
    /// title is not plain.
    private static func splitRunInTitles(plain u: [UInt32], sections: [SectionSpec]) -> [String]? {
        func isSpace(_ v: UInt32) -> Bool { v == 0x20 || v == 0x09 || v == 0x0A || v == 0x3000 }
        /// The first match of the title with optional white space between its scalars.
        func firstMatch(_ title: [UInt32]) -> Range<Int>? {
            guard let first = title.first else { return 0..<0 }
            for start in u.indices where u[start] == first {
                var j = start + 1
                var matched = true
                for v in title.dropFirst() {
                    while j < u.count, isSpace(u[j]) { j += 1 }
                    guard j < u.count, u[j] == v else { matched = false; break }
                    j += 1
                }
                if matched { return start..<j }
            }
            return nil
        }
        var cuts: [Range<Int>] = []
        for section in sections {
            var matched = false
            for variant in section.variants {
                guard let title = PlainText.scalars(variant), !title.contains(where: isSpace) else { return nil }
                if let r = firstMatch(title) {
                    cuts.append(r)
                    matched = true
                    break
                }
            }
            if !matched, let r = RunInTitle.fuzzyMatch(in: u, section: section) { cuts.append(r) }
        }
        guard !cuts.isEmpty else { return [PlainText.string(u)] }
        cuts.sort { $0.lowerBound < $1.lowerBound }
        var pieces: [ArraySlice<UInt32>] = []
        var position = 0
        for cut in cuts where cut.lowerBound >= position {
            pieces.append(u[position..<cut.lowerBound])
            pieces.append(u[cut])
            position = cut.upperBound
        }
        pieces.append(u[position...])
        return pieces.map { $0[PlainText.trimmedBounds($0, dropping: PlainText.isTrimmedSpace)] }.filter { !$0.isEmpty }.map(PlainText.string)
    }

    nonisolated(unsafe) private static var patternCache: [String: NSRegularExpression] = [:]
    private static let cacheLock = NSLock()

    /// The title with optional white space between its characters.
    static func titlePattern(_ title: String) -> NSRegularExpression? {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached = patternCache[title] { return cached }
        let pattern = title.map { NSRegularExpression.escapedPattern(for: String($0)) }.joined(separator: "\\s*")
        let regex = try? NSRegularExpression(pattern: pattern)
        patternCache[title] = regex
        return regex
    }
}
