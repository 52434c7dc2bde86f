/// A stretch of a line that may be a table row: the label texts before a run of values.
/// Label-only stretches (headers, group labels, label fragments) have no values.
struct RowCandidate: Sendable {
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
            token.isBlank ? n : n + (token.glued && ValueResolver.isDigits(token.raw) ? token.raw.count : 1)
        }
    }
    var labelText: String { labels.joined() }

    /// Cuts lines into candidates. Prose lines (a sentence ending in "。") are skipped.
    static func candidates(in lines: [ParseLine], range: Range<Int>) -> [RowCandidate] {
        var result: [RowCandidate] = []
        // A paragraph is prose as a whole: its wrapped lines without a full stop are prose too.
        var proseBlocks = Set<Int>()
        for index in range where !lines[index].isTableRow && isProse(lines[index].text) { proseBlocks.insert(lines[index].block) }
        for index in range {
            let line = lines[index]
            if !line.isTableRow, proseBlocks.contains(line.block) { continue }
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
            for segment in Segmenter.segments(of: line) {
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
        return result
    }

    static func isProse(_ text: String) -> Bool {
        text.contains("。")
    }
}
