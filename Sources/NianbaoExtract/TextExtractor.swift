import Foundation
import NianbaoDocument
import NianbaoSupport

/// Reads plain-text and markdown extractions of reports into a ``Document``.
///
/// Layouts understood: tab-separated grids; markdown pipe tables (separator rows skipped, `**bold**`
/// removed); one cell per line, each line starting with a tab, rows separated by blank lines, with
/// cells wrapped onto following untabbed lines; `#` headings; a crawler header ("标题: …" lines
/// followed by a "==== 正文 ====" rule); page-number lines ("-1-", "— 2 —") as furniture;
/// form feeds as page breaks. It knows nothing of the report template.
public struct TextExtractor: Sendable {
    public init() {}

    /// Extracts a document from decoded text.
    public func extract(_ text: String, source: SourceInfo) -> Document {
        var lines = Self.splitLines(text)
        let metadata = Self.takeCrawlerHeader(&lines)
        var builder = Builder()
        for index in lines.indices {
            builder.consume(lines[index], number: index + 1, next: Self.nextNonBlank(in: lines, after: index))
        }
        builder.finish()
        return Document(source: source, metadata: metadata, blocks: builder.blocks)
    }

    static func splitLines(_ text: String) -> [String] {
        guard text.utf8.contains(0x0D) else {
            return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func nextNonBlank(in lines: [String], after index: Int) -> String? {
        var i = index + 1
        while i < lines.count {
            if !isBlank(lines[i]) { return lines[i] }
            i += 1
        }
        return nil
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0.isWhitespace && $0 != "\u{0C}" }
    }

    /// A crawler header is a run of "key: value" lines ended by a rule such as "==== 正文 ====".
    /// Its lines are blanked (so line numbers stay true) and its facts returned.
    static func takeCrawlerHeader(_ lines: inout [String]) -> DocumentMetadata {
        var metadata = DocumentMetadata()
        guard let rule = lines.prefix(40).firstIndex(where: { line in
            let t = line.trimmingWhitespaces()
            return t.hasPrefix("===") && t.hasSuffix("===") && t.contains("正文")
        }) else { return metadata }
        for i in 0..<rule {
            let line = lines[i]
            guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { continue }
            let key = line[..<colon].trimmingWhitespaces()
            let value = line[line.index(after: colon)...].trimmingWhitespaces()
            guard !value.isEmpty else { continue }
            switch key {
            case "标题", "title": metadata.title = value
            case "发布时间", "发布日期", "成文日期", "date": metadata.published = value
            case "原文链接", "url", "URL": metadata.sourceURL = value
            case "发布机构", "来源", "信息来源": metadata.publisher = value
            default: break
            }
        }
        for i in 0...rule { lines[i] = "" }
        return metadata
    }

    /// Accumulates blocks line by line.
    private struct Builder {
        var blocks: [Block] = []
        var page = 1
        var sawPageBreak = false

        var paragraph: [String] = []
        var paragraphStart = SourceLocation()

        enum TableKind { case grid, pipe, cellPerLine }
        var tableKind: TableKind?
        var rows: [[TableCell]] = []
        var row: [TableCell] = []
        var tableStart = SourceLocation()
        /// In cell-per-line tables a blank line ends the row only when the next cell line comes.
        var rowEndPending = false

        func location(_ line: Int) -> SourceLocation {
            SourceLocation(page: sawPageBreak ? page : nil, line: line)
        }

        mutating func consume(_ rawLine: String, number: Int, next: String?) {
            var line = rawLine
            if line.utf8.contains(0x0C) {
                let parts = line.split(separator: "\u{0C}", omittingEmptySubsequences: false)
                line = String(parts.last ?? "")
                for _ in 1..<parts.count {
                    flushAll()
                    page += 1
                    sawPageBreak = true
                    blocks.append(.pageBreak(page: page))
                }
            }
            // A lone tab inside a cell-per-line table is an empty cell, not a blank line.
            if line == "\t", tableKind == .cellPerLine || (tableKind == nil && next?.hasPrefix("\t") == true) {
                flushParagraph()
                if tableKind == nil { startTable(.cellPerLine, at: number) }
                if rowEndPending { endRow() }
                row.append(TableCell(text: "", location: location(number)))
                return
            }
            if TextExtractor.isBlank(line) {
                flushParagraph()
                switch tableKind {
                case .cellPerLine: rowEndPending = true
                case .grid, .pipe: flushTable()
                case nil: break
                }
                return
            }
            let trimmed = PlainText.trimmingSpaces(line)
            if Self.isPipeRow(trimmed) {
                flushParagraph()
                if tableKind != .pipe { flushTable(); startTable(.pipe, at: number) }
                let cells = Self.pipeCells(trimmed)
                if !Self.isSeparatorRow(cells) {
                    rows.append(cells.map { TableCell(text: $0, location: location(number)) })
                }
                return
            }
            if line.utf8.contains(0x09) {
                flushParagraph()
                let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
                    .map { Self.cleanInline(String($0)).trimmingWhitespaces() }
                let isSingleCell = line.hasPrefix("\t") && cells.count == 2
                if isSingleCell && tableKind != .grid {
                    if tableKind != .cellPerLine { flushTable(); startTable(.cellPerLine, at: number) }
                    if rowEndPending { endRow() }
                    row.append(TableCell(text: cells[1], location: location(number)))
                    return
                }
                if Self.isSeparatorRow(cells) { return }
                if tableKind != .grid { flushTable(); startTable(.grid, at: number) }
                rows.append(cells.map { TableCell(text: $0, location: location(number)) })
                return
            }
            if tableKind == .cellPerLine, !row.isEmpty || !rows.isEmpty,
                Self.isCellContinuation(trimmed, next: next)
            {
                if row.isEmpty, let last = rows.popLast() { row = last }
                rowEndPending = false
                if var cell = row.popLast() {
                    cell.text += "\n" + Self.cleanInline(trimmed)
                    row.append(cell)
                }
                return
            }
            flushTable()
            if let heading = Self.markdownHeading(trimmed) {
                flushParagraph()
                blocks.append(.heading(level: heading.level, text: heading.text, location: location(number)))
                return
            }
            if Self.isPageNumber(trimmed) {
                flushParagraph()
                blocks.append(.furniture(text: trimmed, location: location(number)))
                return
            }
            if paragraph.isEmpty { paragraphStart = location(number) }
            paragraph.append(Self.cleanInline(trimmed))
        }

        mutating func startTable(_ kind: TableKind, at line: Int) {
            tableKind = kind
            tableStart = location(line)
        }

        mutating func endRow() {
            if !row.isEmpty { rows.append(row) }
            row = []
            rowEndPending = false
        }

        mutating func flushTable() {
            endRow()
            if !rows.isEmpty { blocks.append(.table(Table(rows: rows, location: tableStart))) }
            rows = []
            tableKind = nil
        }

        mutating func flushParagraph() {
            if !paragraph.isEmpty {
                blocks.append(.paragraph(text: paragraph.joined(separator: "\n"), location: paragraphStart))
            }
            paragraph = []
        }

        mutating func flushAll() {
            flushParagraph()
            flushTable()
        }

        mutating func finish() { flushAll() }

        static func isPipeRow(_ trimmed: String) -> Bool {
            trimmed.hasPrefix("|") && trimmed.count > 1
        }

        static func pipeCells(_ trimmed: String) -> [String] {
            var body = Substring(trimmed)
            if body.hasPrefix("|") { body = body.dropFirst() }
            if body.hasSuffix("|") && !body.hasSuffix("\\|") { body = body.dropLast() }
            var cells: [String] = []
            var current = ""
            var escaped = false
            for ch in body {
                if escaped { current.append(ch); escaped = false; continue }
                if ch == "\\" { escaped = true; continue }
                if ch == "|" { cells.append(current); current = ""; continue }
                current.append(ch)
            }
            cells.append(current)
            return cells.map {
                cleanInline($0).replacingOccurrences(of: "<br>", with: "\n")
                    .replacingOccurrences(of: "<br/>", with: "\n").trimmingWhitespaces()
            }
        }

        /// "|---|:--:|" or a tab row of "---" cells.
        static func isSeparatorRow(_ cells: [String]) -> Bool {
            var sawDashes = false
            for cell in cells {
                let t = cell.trimmingWhitespaces()
                if t.isEmpty { continue }
                guard t.allSatisfy({ $0 == "-" || $0 == ":" }), t.contains("-") else { return false }
                sawDashes = true
            }
            return sawDashes
        }

        /// Removes markdown emphasis markers.
        static func cleanInline(_ s: String) -> String {
            guard s.utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "_") }) else { return s }
            return s.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
        }

        static func markdownHeading(_ trimmed: String) -> (level: Int, text: String)? {
            let hashes = trimmed.prefix { $0 == "#" }.count
            guard (1...6).contains(hashes) else { return nil }
            let rest = trimmed.dropFirst(hashes)
            guard let first = rest.first, first == " " || first == "\u{3000}" else { return nil }
            var text = rest.trimmingWhitespaces()
            while text.hasSuffix("#") { text.removeLast() }
            return (hashes, cleanInline(text.trimmingWhitespaces()))
        }

        static func isPageNumber(_ trimmed: String) -> Bool { PageNumber.matches(trimmed) }

        /// An untabbed line inside a cell-per-line table that carries on the previous cell, as in "商业\n企业".
        static func isCellContinuation(_ trimmed: String, next: String?) -> Bool {
            guard trimmed.count <= 12, !trimmed.contains("\t") else { return false }
            if isPageNumber(trimmed) { return false }
            if let next, !next.hasPrefix("\t") { return false }
            // A numbered title ("三、…") never continues a cell, even right after one.
            return !looksNumbered(trimmed)
        }

        static func looksNumbered(_ s: String) -> Bool {
            guard let first = s.first else { return false }
            return "一二三四五六七八九十".contains(first) && s.dropFirst().first == "、"
        }
    }
}

package extension Character {
    /// 0–9 in ASCII or full width.
    var isASCIIDigitish: Bool {
        ("0"..."9").contains(self) || ("０"..."９").contains(self)
    }
}
