import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// A stretch of a line that may be a table row: the label texts before a run of values.
/// Label-only stretches (headers, group labels, label fragments) have no values.
package struct RowCandidate: Sendable {
    var labels: [String]
    var tokens: [ValueToken]
    /// Index of the parse line it came from.
    var line: Int
    var location: SourceLocation
    /// From a table whose blank cells are printed cells, not padding.
    var exactGrid = false

    /// Values other than blank cells.
    var valueCount: Int { tokens.filter { !$0.isBlank }.count }
    var hasValues: Bool { valueCount > 0 }
    /// How many values the candidate may hold: glued digit runs count one per digit.
    var potentialValueCount: Int {
        tokens.reduce(0) { n, token in
            token.isBlank ? n : n + (token.glued && ValueResolver.isSignedDigits(token.raw) ? token.raw.utf8.count - (ValueResolver.isDigits(token.raw) ? 0 : 1) : 1)
        }
    }
    var labelText: String { labels.joined() }

    /// Cuts lines into candidates. Prose lines are skipped. Consecutive lines that hold only values
    /// (an extraction that prints each cell on a line of its own) are one candidate.
    /// A prose line is skipped, except its sentences that hold a table run into the paragraph
    /// (see ``tableSentences(of:rowLabels:)``).
    package static func candidates(in lines: [ParseLine], range: Range<Int>, rowLabels: [[UInt32]] = []) -> [RowCandidate] {
        var result: [RowCandidate] = []
        var previousWasValuesOnly = false
        for index in range {
            let pieces: [ParseLine]
            if !lines[index].isTableRow, isProse(lines[index].text) {
                pieces = tableSentences(of: lines[index], rowLabels: rowLabels)
                previousWasValuesOnly = false
            } else {
                pieces = [lines[index]]
            }
            for line in pieces { add(line, index: index, to: &result, previousWasValuesOnly: &previousWasValuesOnly) }
        }
        return result
    }

    /// The sentences of a prose line (cut at "。") that hold a table flattened into the paragraph
    /// ("…占21.02%。 第二十条第（一）项 信息内容 本年制发件数 … 规章 0 0 0 行政规范性文件 …"): at least two of
    /// the table's row labels and three numbers, and no sentence of its own.
    static func tableSentences(of line: ParseLine, rowLabels: [[UInt32]]) -> [ParseLine] {
        guard !rowLabels.isEmpty, line.cells.count == 1 else { return [] }
        return line.text.split(separator: "。").compactMap { piece in
            let sentence = String(piece)
            guard let key = LabelText.normalizedScalars(sentence) else { return nil }
            let labels = rowLabels.filter { PlainText.contains(key, $0) }.count
            let numbers = Segmenter.runs(in: sentence, location: line.location).filter { if case .value = $0 { return true } else { return false } }.count
            guard labels >= 2, numbers >= 3, !isProse(sentence) else { return nil }
            return ParseLine(origin: .paragraph, cells: [ParseCell(text: sentence, location: line.location)], block: line.block)
        }
    }

    /// Cuts one line into candidates (see ``candidates(in:range:rowLabels:)``).
    private static func add(_ line: ParseLine, index: Int, to result: inout [RowCandidate], previousWasValuesOnly: inout Bool) {
        let segments = Segmenter.segments(of: line)
        let valuesOnly = !line.isTableRow && !segments.isEmpty && segments.allSatisfy { if case .value = $0 { return true } else { return false } }
        if valuesOnly, previousWasValuesOnly, var last = result.popLast() {
            for case let .value(token) in segments { last.tokens.append(token) }
            result.append(last)
            return
        }
        previousWasValuesOnly = valuesOnly
        var labels: [String] = []
        var tokens: [ValueToken] = []
        var labelLocation = line.location
        func emit() {
            if !labels.isEmpty || tokens.contains(where: { !$0.isBlank }) {
                result.append(RowCandidate(labels: labels, tokens: tokens, line: index, location: labelLocation, exactGrid: line.isExactGridRow))
            }
            labels = []
            tokens = []
        }
        for segment in segments {
            switch segment {
            case let .text(text, location):
                if tokens.contains(where: { !$0.isBlank }) { emit() } else { tokens = [] }
                if labels.isEmpty { labelLocation = location }
                labels.append(text)
            case let .value(token):
                if labels.isEmpty && tokens.isEmpty { labelLocation = token.location }
                tokens.append(token)
            }
        }
        emit()
    }

    /// A sentence: it has a full stop, or counts things in running text ("申请15158件，上年结转"):
    /// a comma and a counter (件条次个项人篇家) after a digit. One pass over the scalars.
    static func isProse(_ text: String) -> Bool {
        var hasComma = false, counts = false, lastNonSpaceIsDigit = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x3002: return true  // 。
            case 0xFF0C, 0xFF1B, 0x2C: hasComma = true  // ，；,
            case 0x4EF6, 0x6761, 0x6B21, 0x4E2A, 0x9879, 0x4EBA, 0x7BC7, 0x5BB6:  // 件条次个项人篇家
                if lastNonSpaceIsDigit { counts = true }
            default: break
            }
            if v != 0x20 { lastNonSpaceIsDigit = v >= 0x30 && v <= 0x39 }
        }
        return hasComma && counts
    }
}
