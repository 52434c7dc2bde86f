import Foundation

/// A line of the document as the parser sees it: a table row (several cells) or one line of a
/// heading or paragraph (one cell). Page furniture and page breaks are left out.
struct ParseLine: Sendable {
    enum Origin: Equatable, Sendable {
        case heading(level: Int), paragraph
        /// A row of a table; `exact` when its blank cells are printed cells (see ``Table/isExactGrid``).
        case tableRow(exact: Bool)
    }
    var origin: Origin
    var cells: [ParseCell]
    /// The index of the block the line came from.
    var block: Int

    var text: String { cells.map(\.text).joined(separator: " ") }
    var location: SourceLocation { cells.first?.location ?? SourceLocation() }
    var isTableRow: Bool { if case .tableRow = origin { return true } else { return false } }
    var isExactGridRow: Bool { origin == .tableRow(exact: true) }
}

struct ParseCell: Sendable {
    var text: String
    var location: SourceLocation
}

/// Turns a document's blocks into parse lines, splitting section titles out of run-in text.
enum LineStream {
    static func lines(of document: Document, sections: [SectionSpec]) -> [ParseLine] {
        var lines: [ParseLine] = []
        for (index, block) in document.blocks.enumerated() {
            switch block {
            case let .heading(level, text, location):
                lines.append(ParseLine(origin: .heading(level: level), cells: [ParseCell(text: text, location: location)], block: index))
            case let .paragraph(text, location):
                for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
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
    static func splitRunInTitles(_ line: String, sections: [SectionSpec]) -> [String] {
        guard line.count > 60 else { return [line] }
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
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
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
