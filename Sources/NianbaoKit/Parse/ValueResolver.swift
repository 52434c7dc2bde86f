/// Decides which values of a row belong to which column, or that they cannot be placed.
///
/// A row's values are taken as they stand when their count is the template's. In an exact grid
/// (HTML, ruled PDF) a blank cell is a printed empty cell and counts. Elsewhere blank cells at the
/// ends of a row may be padding: a row short by exactly as many blanks at one end is placed only
/// *tentatively* (a value may have vanished instead), and the reader keeps it only when the
/// consistency rules confirm every value. Digits glued by a flattened extraction are split only
/// when exactly one split into the template's cells exists (no leading zeros), after keeping only
/// the splits that satisfy the row's sum rule. Anything else is a failure: the row's cells stay null.
enum ValueResolver {
    /// A sum a row must satisfy: `parts` columns add up to `total` (column indexes).
    struct SumRule: Sendable {
        var parts: [Int]
        var total: Int

        func holds(_ values: [Double]) -> Bool {
            parts.reduce(0) { $0 + values[$1] } == values[total]
        }
    }

    enum Outcome {
        /// Placed; `tentative` when blank end cells were taken as cells and a rule must confirm it.
        case placed([ValueToken], note: String?, tentative: Bool = false)
        case failed(String)
    }

    static func resolve(_ tokens: [ValueToken], expected: Int, rules: [SumRule], exactGrid: Bool = false) -> Outcome {
        if exactGrid && tokens.count == expected { return .placed(tokens, note: nil) }
        let lead = tokens.prefix { $0.isBlank }.count
        let trail = lead == tokens.count ? 0 : tokens.reversed().prefix { $0.isBlank }.count
        let core = Array(tokens[lead..<(tokens.count - trail)])
        if core.count == expected { return .placed(core, note: nil) }
        if core.count < expected {
            let missing = expected - core.count
            if lead == 0, trail >= missing {
                return .placed(
                    core + tokens[core.count..<(core.count + missing)], note: "blank cell at the end of the row read as blank",
                    tentative: !exactGrid)
            }
            if trail == 0, lead >= missing {
                return .placed(
                    Array(tokens[(lead - missing)..<lead]) + core, note: "blank cell at the start of the row read as blank",
                    tentative: !exactGrid)
            }
            if !core.isEmpty, core.contains(where: \.glued), core.allSatisfy({ isDigits($0.raw) }) {
                return splitGlued(core, expected: expected, rules: rules)
            }
            return .failed("found \(core.count) value\(core.count == 1 ? "" : "s") where the template has \(expected)")
        }
        return .failed("found \(core.count) values where the template has \(expected)")
    }

    static func isDigits(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }

    /// The one way of cutting glued digit runs into `expected` numbers without leading zeros.
    static func splitGlued(_ core: [ValueToken], expected: Int, rules: [SumRule]) -> Outcome {
        let raws = core.map(\.raw)
        var solutions: [[String]] = []
        var overflow = false
        func search(_ index: Int, _ acc: [String]) {
            if overflow { return }
            if index == raws.count {
                if acc.count == expected {
                    let values = acc.compactMap { Double($0) }
                    if rules.allSatisfy({ $0.holds(values) }) { solutions.append(acc) }
                    if solutions.count > 1 { overflow = true }
                }
                return
            }
            let remainingTokens = raws.count - index - 1
            let maxParts = expected - acc.count - remainingTokens
            guard maxParts >= 1 else { return }
            for parts in 1...min(maxParts, raws[index].count) {
                guard let options = cuts(Array(raws[index]), into: parts) else { overflow = true; return }
                for cut in options {
                    search(index + 1, acc + cut)
                    if overflow { return }
                }
            }
        }
        search(0, [])
        let rawText = raws.joined(separator: " ")
        guard solutions.count == 1, let solution = solutions.first else {
            let how = solutions.isEmpty && !overflow ? "in no way" : "in more than one way"
            return .failed("digits \"\(rawText)\" are glued together and can be split into \(expected) numbers \(how)\(rules.isEmpty ? "" : " that satisfies the row's sums")")
        }
        let location = core[0].location
        let tokens = solution.map { ValueToken(raw: $0, reading: CellValueParser.read($0), location: location, glued: true) }
        return .placed(tokens, note: "digits \"\(rawText)\" were glued together; split the only way that gives \(expected) numbers\(rules.isEmpty ? "" : " satisfying the row's sums")")
    }

    /// Every cut of `digits` into `parts` numbers, none with a leading zero; nil when there are too
    /// many to consider (which makes the split ambiguous anyway).
    static func cuts(_ digits: [Character], into parts: Int) -> [[String]]? {
        if parts == 1 {
            return digits.count > 1 && digits[0] == "0" ? [] : [[String(digits)]]
        }
        guard digits.count >= parts else { return [] }
        var result: [[String]] = []
        let firstMax = digits[0] == "0" ? 1 : digits.count - parts + 1
        for length in 1...firstMax {
            guard let rests = cuts(Array(digits[length...]), into: parts - 1) else { return nil }
            for rest in rests {
                result.append([String(digits[..<length])] + rest)
                if result.count > 512 { return nil }
            }
        }
        return result
    }
}
