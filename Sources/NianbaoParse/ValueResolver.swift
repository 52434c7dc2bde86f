import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Decides which values of a row belong to which column, or that they cannot be placed.
///
/// A row's values are taken as they stand when their count is the template's. In an exact grid
/// (HTML, ruled PDF) a blank cell is a printed empty cell and counts. Elsewhere blank cells at the
/// ends of a row may be padding: a row short by exactly as many blanks at one end is placed only
/// *tentatively* (a value may have vanished instead), and the reader keeps it only when the
/// consistency rules confirm every value. Digits glued by a flattened extraction are split only
/// when exactly one split into the template's cells exists (no leading zeros; a sign only starts a
/// number), after keeping only the splits that satisfy the row's sum rule; a run longer than the
/// row's cells can hold is refused at once. Anything else is a failure: the row's cells stay null.
package enum ValueResolver {
    /// A sum a row must satisfy: `parts` columns add up to `total` (column indexes).
    package struct SumRule: Sendable {
        var parts: [Int]
        var total: Int

        func holds(_ values: [Double]) -> Bool {
            parts.reduce(0) { $0 + values[$1] } == values[total]
        }
    }

    package enum Outcome {
        /// Placed; `tentative` when blank end cells were taken as cells and a rule must confirm it.
        case placed([ValueToken], note: String?, tentative: Bool = false)
        case failed(String)
    }

    package static func resolve(_ tokens: [ValueToken], expected: Int, rules: [SumRule], exactGrid: Bool = false) -> Outcome {
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
            if !core.isEmpty, core.contains(where: \.glued), core.allSatisfy({ isSignedDigits($0.raw) }) {
                let digits = core.reduce(0) { $0 + $1.raw.utf8.count }
                guard digits <= expected * maxDigitsPerCell else {
                    return .failed("a run of \(digits) glued digits is longer than the row's \(expected) cells can hold")
                }
                return splitGlued(core, expected: expected, rules: rules)
            }
            return .failed("found \(core.count) value\(core.count == 1 ? "" : "s") where the template has \(expected)")
        }
        return .failed("found \(core.count) values where the template has \(expected)")
    }

    static func isDigits(_ s: String) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    /// Digits, with an optional leading sign.
    static func isSignedDigits(_ s: String) -> Bool {
        isDigits(s.first == "-" || s.first == "+" ? String(s.dropFirst()) : s)
    }

    /// The most digits a cell can hold and still be read exactly (2^53 has 16): a glued run longer
    /// than its row's cells can hold is refused without searching its splits.
    static let maxDigitsPerCell = 16

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
            for parts in 1...max(1, min(maxParts, raws[index].filter(\.isNumber).count)) {
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

    /// Every cut of `token` (digits after an optional sign) into `parts` numbers, none with a leading
    /// zero; a sign stays with the first (a sign only starts a number). Nil when there are too many
    /// to consider (which makes the split ambiguous anyway).
    package static func cuts(_ token: [Character], into parts: Int) -> [[String]]? {
        let signed = token.first == "-" || token.first == "+"
        let digits = signed ? Array(token.dropFirst()) : token
        guard let all = cuts(digits[...], into: parts) else { return nil }
        guard signed else { return all }
        return all.map { [String(token[0]) + $0[0]] + $0.dropFirst() }
    }

    private static func cuts(_ digits: ArraySlice<Character>, into parts: Int) -> [[String]]? {
        if parts == 1 {
            return digits.count > 1 && digits.first == "0" ? [] : [[String(digits)]]
        }
        guard digits.count >= parts else { return [] }
        var result: [[String]] = []
        let firstMax = digits.first == "0" ? 1 : digits.count - parts + 1
        for length in 1...firstMax {
            let split = digits.startIndex + length
            guard let rests = cuts(digits[split...], into: parts - 1) else { return nil }
            for rest in rests {
                result.append([String(digits[..<split])] + rest)
                if result.count > 512 { return nil }
            }
        }
        return result
    }
}
