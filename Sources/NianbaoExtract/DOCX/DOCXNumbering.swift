import NianbaoDocument
import NianbaoSupport
/// Word's automatic numbering (`word/numbering.xml`): the "一、", "（一）" and "1." that Word draws
/// before a numbered paragraph but that are not in its text.
///
/// A paragraph's `w:numPr` names a `w:num` (numId) and a level (ilvl); the num points at a
/// `w:abstractNum`, whose `w:lvl` gives the start value, the number format (`w:numFmt`) and the
/// text (`w:lvlText`, "%1、" with %n the counter of level n); a num's `w:lvlOverride` may replace a
/// level or restart it (`w:startOverride`). Counters run through the document: nums that share an
/// abstractNum continue one sequence unless they restart it; a level counted resets the levels
/// below it.
package struct DOCXNumbering {
    struct Level {
        var start = 1
        var format = "decimal"
        var text = ""
        /// "tab" (Word's default), "space" or "nothing": what follows the number.
        var suffix = "tab"
        /// `w:isLgl`: every level's number printed as a decimal.
        var legal = false
    }

    private var abstractLevels: [String: [Int: Level]] = [:]
    private var numAbstract: [String: String] = [:]
    private var numOverrides: [String: [Int: Level]] = [:]
    private var numRestarts: [String: Set<Int>] = [:]
    /// Counters by sequence (an abstractNum, or a num that restarts it) and level.
    private var counters: [String: [Int: Int]] = [:]

    init() {}

    /// The definitions in numbering.xml's root element.
    init(_ root: XMLNode) {
        for abstract in root.children("w:abstractNum") {
            guard let id = abstract.attributes["w:abstractNumId"] else { continue }
            abstractLevels[id] = Self.levels(abstract.children("w:lvl"), base: [:])
        }
        for num in root.children("w:num") {
            guard let id = num.attributes["w:numId"], let abstract = num.value(of: "w:abstractNumId") else { continue }
            numAbstract[id] = abstract
            for override in num.children("w:lvlOverride") {
                guard let ilvl = override.attributes["w:ilvl"].flatMap({ Int($0) }), (0...8).contains(ilvl) else { continue }
                var level = override.child("w:lvl").map { Self.levels([$0], base: abstractLevels[abstract] ?? [:])[ilvl] ?? Level() }
                    ?? abstractLevels[abstract]?[ilvl] ?? Level()
                if let start = override.value(of: "w:startOverride").flatMap({ Int($0) }) {
                    level.start = start
                    numRestarts[id, default: []].insert(ilvl)
                }
                numOverrides[id, default: [:]][ilvl] = level
            }
        }
    }

    private static func levels(_ nodes: [XMLNode], base: [Int: Level]) -> [Int: Level] {
        var result: [Int: Level] = [:]
        for node in nodes {
            guard let ilvl = node.attributes["w:ilvl"].flatMap({ Int($0) }), (0...8).contains(ilvl) else { continue }
            var level = base[ilvl] ?? Level()
            if let start = node.value(of: "w:start").flatMap({ Int($0) }) { level.start = start }
            if let format = node.value(of: "w:numFmt") { level.format = format }
            if let text = node.value(of: "w:lvlText") { level.text = text }
            if let suffix = node.value(of: "w:suff") { level.suffix = suffix }
            if let legal = node.child("w:isLgl") { level.legal = legal.isOn }
            result[ilvl] = level
        }
        return result
    }

    private func level(num: String, ilvl: Int) -> Level? {
        if let override = numOverrides[num]?[ilvl] { return override }
        guard let abstract = numAbstract[num] else { return nil }
        return abstractLevels[abstract]?[ilvl]
    }

    /// Counts a paragraph numbered `num` at level `ilvl` and returns the label Word draws before
    /// it, its suffix included ("一、", "（二）\t"); nil when the paragraph is not numbered
    /// (numId 0, an unknown num, a bullet or a format "none").
    mutating func label(num: String, ilvl: Int) -> String? {
        guard num != "0", (0...8).contains(ilvl), let level = level(num: num, ilvl: ilvl) else { return nil }
        let sequence = numRestarts[num] != nil ? "num:" + num : "abstract:" + (numAbstract[num] ?? num)
        var levels = counters[sequence] ?? [:]
        if levels.isEmpty, let restarts = numRestarts[num] {
            // A num that restarts its list starts from its overrides' values.
            for restarted in restarts where restarted < ilvl { levels[restarted] = self.level(num: num, ilvl: restarted)?.start }
        }
        levels[ilvl] = levels[ilvl].map { $0 + 1 } ?? level.start
        for deeper in levels.keys where deeper > ilvl { levels[deeper] = nil }
        counters[sequence] = levels
        guard level.format != "bullet", level.format != "none" else { return nil }
        var text = ""
        let chars = Array(level.text)
        var i = 0
        while i < chars.count {
            if chars[i] == "%", i + 1 < chars.count, let n = chars[i + 1].wholeNumberValue, (1...9).contains(n) {
                let counted = self.level(num: num, ilvl: n - 1)
                let value = levels[n - 1] ?? counted?.start ?? 1
                let format = level.legal && n - 1 != ilvl ? "decimal" : (counted?.format ?? "decimal")
                text += DOCXNumberFormat.format(value, as: format)
                i += 2
                continue
            }
            text.append(chars[i])
            i += 1
        }
        guard !text.isEmpty else { return nil }
        switch level.suffix {
        case "nothing": return text
        case "space": return text + " "
        default: return text + "\t"
        }
    }
}

/// Word's number formats (`w:numFmt`) for the values of automatic numbering.
package enum DOCXNumberFormat {
    package static func format(_ value: Int, as format: String) -> String {
        switch format {
        case "chineseCounting", "japaneseCounting", "taiwaneseCounting", "koreanCounting":
            return chinese(value)  // 一百〇五
        case "chineseCountingThousand", "taiwaneseCountingThousand":
            return chinese(value, digits: Array("零一二三四五六七八九"))  // 一百零五
        case "ideographDigital": return digits(value, "〇一二三四五六七八九")
        case "chineseLegalSimplified": return chinese(value, digits: Array("零壹贰叁肆伍陆柒捌玖"), units: ["", "拾", "佰", "仟"])
        case "ideographLegalTraditional": return chinese(value, digits: Array("零壹貳參肆伍陸柒捌玖"), units: ["", "拾", "佰", "仟"])
        case "ideographTraditional": return cycle(value, "甲乙丙丁戊己庚辛壬癸")
        case "ideographZodiac": return cycle(value, "子丑寅卯辰巳午未申酉戌亥")
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle":
            return enclosed(value, first: 0x2460, count: 20)  // ①…⑳
        case "decimalEnclosedParen": return enclosed(value, first: 0x2474, count: 20)  // ⑴…⒇
        case "decimalEnclosedFullstop": return enclosed(value, first: 0x2488, count: 20)  // ⒈…⒛
        case "decimalFullWidth", "decimalFullWidth2":
            return digits(value, "０１２３４５６７８９")
        case "decimalZero": return value >= 0 && value < 10 ? "0\(value)" : String(value)
        case "upperLetter": return letters(value).uppercased()
        case "lowerLetter": return letters(value)
        case "upperRoman": return roman(value)
        case "lowerRoman": return roman(value).lowercased()
        default: return String(value)  // decimal and formats nianbao does not know
        }
    }

    /// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (values up to 9999; larger as decimals).
    static func chinese(_ value: Int, digits: [Character] = Array("〇一二三四五六七八九"), units: [String] = ["", "十", "百", "千"]) -> String {
        guard value > 0, value < 10000 else { return String(value) }
        let places = [value / 1000, value / 100 % 10, value / 10 % 10, value % 10]
        var text = ""
        var pendingZero = false
        for (index, digit) in places.enumerated() {
            let unit = units[3 - index]
            if digit == 0 {
                if !text.isEmpty { pendingZero = true }
                continue
            }
            if pendingZero { text.append(digits[0]) }
            pendingZero = false
            // 十二, not 一十二, when the tens lead (Word writes 十 to 十九 so).
            if !(digit == 1 && index == 2 && text.isEmpty && units[1] == "十") { text.append(digits[digit]) }
            text += unit
        }
        return text
    }

    static func digits(_ value: Int, _ symbols: String) -> String {
        let table = Array(symbols)
        return String(String(value).map { c in c.wholeNumberValue.map { table[$0] } ?? c })
    }

    static func cycle(_ value: Int, _ symbols: String) -> String {
        let table = Array(symbols)
        guard value > 0 else { return String(value) }
        return String(table[(value - 1) % table.count])
    }

    static func enclosed(_ value: Int, first: UInt32, count: Int) -> String {
        guard value >= 1, value <= count, let scalar = Unicode.Scalar(first + UInt32(value - 1)) else { return String(value) }
        return String(Character(scalar))
    }

    static func letters(_ value: Int) -> String {
        guard value > 0 else { return String(value) }
        let letter = Character(Unicode.Scalar(UInt8(97 + (value - 1) % 26)))
        return String(repeating: String(letter), count: (value - 1) / 26 + 1)
    }

    static func roman(_ value: Int) -> String {
        guard value > 0, value < 4000 else { return String(value) }
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = value
        var text = ""
        for (amount, symbol) in table {
            while rest >= amount { text += symbol; rest -= amount }
        }
        return text
    }
}
