import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// The patterns ``MetadataReader`` looks for — years, dates, "agency + year + 信息公开" titles —
/// matched by hand on plain text (see ``PlainText``), with the regular expressions they spell
/// out kept for other text. Compiling an ICU regular expression costs more than reading a whole
/// report, so the fast paths give exactly the regular expressions' first matches without one:
/// on plain text `\d` is an ASCII or full-width digit, `\s` a tab, line feed, space or
/// ideographic space, and `.` anything but a line feed.
package enum MetadataPatterns {
    /// A match: the captured groups' texts.
    package typealias Groups = [String]

    static let yearPattern = #"((?:19|20)\d{2})\s*年"#
    static let isoDatePattern = #"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})"#
    static let datePattern = #"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"#
    static let titlePattern = #"^(.*?)(?:关于)?((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年度?(.*?)(?:政府)?信息公开"#

    /// `yearPattern`'s first match: the year's digits.
    package static func year(in text: String) -> String? {
        guard let u = PlainText.scalars(text) else { return regexMatch(yearRegex, text)?[0] }
        for i in u.indices where isWesternYear(u, i) {
            var j = i + 4
            while j < u.count, isSpace(u[j]) { j += 1 }
            if j < u.count, u[j] == 0x5E74 { return PlainText.string(u[i..<(i + 4)]) }  // 年
        }
        return nil
    }

    /// `isoDatePattern`'s first match: year, month and day digits.
    package static func isoDate(in text: String) -> Groups? {
        guard let u = PlainText.scalars(text) else { return regexMatch(isoDateRegex, text) }
        func isSeparator(_ at: Int) -> Bool { at < u.count && (u[at] == 0x2D || u[at] == 0x2F || u[at] == 0x2E) }
        func isDigitAt(_ at: Int) -> Bool { at < u.count && isDigit(u[at]) }
        for i in u.indices where isWesternYear(u, i) && isSeparator(i + 4) {
            let month = i + 5
            let monthLength: Int
            if isDigitAt(month) && isDigitAt(month + 1) && isSeparator(month + 2) {
                monthLength = 2
            } else if isDigitAt(month) && isSeparator(month + 1) {
                monthLength = 1
            } else {
                continue
            }
            let day = month + monthLength + 1
            guard isDigitAt(day) else { continue }
            let dayLength = isDigitAt(day + 1) ? 2 : 1
            return [
                PlainText.string(u[i..<(i + 4)]), PlainText.string(u[month..<(month + monthLength)]),
                PlainText.string(u[day..<(day + dayLength)]),
            ]
        }
        return nil
    }

    /// `datePattern`'s first match (the whole text with `wholeLine`): year, month and day.
    package static func date(in text: String, wholeLine: Bool) -> Groups? {
        guard let u = PlainText.scalars(text) else { return regexMatch(wholeLine ? wholeLineDateRegex : dateRegex, text) }
        func skipSpaces(_ at: Int) -> Int {
            var j = at
            while j < u.count, isSpace(u[j]) { j += 1 }
            return j
        }
        /// `(\d{1,2}|[一…十]{1,maxChinese})` followed by `\s*` and `mark`: the group's end.
        func number(at start: Int, maxChinese: Int, then mark: UInt32) -> Int? {
            guard start < u.count else { return nil }
            let digits = isDigit(u[start])
            func isMember(_ v: UInt32) -> Bool { digits ? isDigit(v) : isSmallChineseNumeral(v) }
            guard isMember(u[start]) else { return nil }
            var end = start
            while end < u.count, isMember(u[end]) { end += 1 }
            guard end - start <= (digits ? 2 : maxChinese) else { return nil }
            let after = skipSpaces(end)
            return after < u.count && u[after] == mark ? end : nil
        }
        for i in wholeLine ? 0..<min(1, u.count) : u.indices {
            guard let yearEnd = yearEnd(u, i) else { continue }
            let yearMark = skipSpaces(yearEnd)
            guard yearMark < u.count, u[yearMark] == 0x5E74 else { continue }  // 年
            let month = skipSpaces(yearMark + 1)
            guard let monthEnd = number(at: month, maxChinese: 2, then: 0x6708) else { continue }  // 月
            let day = skipSpaces(skipSpaces(monthEnd) + 1)
            guard let dayEnd = number(at: day, maxChinese: 3, then: 0x65E5) else { continue }  // 日
            let end = skipSpaces(dayEnd) + 1
            // `$`: the end, or a line feed that ends the text.
            if wholeLine && !(end == u.count || end == u.count - 1 && u[end] == 0x0A) { continue }
            return [PlainText.string(u[i..<yearEnd]), PlainText.string(u[month..<monthEnd]), PlainText.string(u[day..<dayEnd])]
        }
        return nil
    }

    /// `titlePattern`'s match: what precedes the year, the year, and what lies between the year
    /// and 信息公开.
    package static func title(_ text: String) -> Groups? {
        guard let u = PlainText.scalars(text) else { return regexMatch(titleRegex, text) }
        let lineEnd = u.firstIndex(of: 0x0A) ?? u.count
        let guanyu: [UInt32] = [0x5173, 0x4E8E]  // 关于
        let xinxi: [UInt32] = [0x4FE1, 0x606F, 0x516C, 0x5F00]  // 信息公开
        let zhengfu: [UInt32] = [0x653F, 0x5E9C]  // 政府
        let zhengfuXinxi = zhengfu + xinxi
        func has(_ word: [UInt32], at i: Int) -> Bool { i + word.count <= u.count && u[i..<(i + word.count)].elementsEqual(word) }
        for p in 0...lineEnd {
            for withGuanyu in [true, false] {
                if withGuanyu && !has(guanyu, at: p) { continue }
                let yearStart = withGuanyu ? p + 2 : p
                guard let yearEnd = yearEnd(u, yearStart), yearEnd < u.count, u[yearEnd] == 0x5E74 else { continue }  // 年
                var between = yearEnd + 1
                if between < u.count, u[between] == 0x5EA6 { between += 1 }  // 度
                guard between <= lineEnd else { continue }
                for r in between...lineEnd where has(zhengfuXinxi, at: r) || has(xinxi, at: r) {
                    return [PlainText.string(u[0..<p]), PlainText.string(u[yearStart..<yearEnd]), PlainText.string(u[between..<r])]
                }
            }
        }
        return nil
    }

    // MARK: Pieces

    /// `\d` on plain text.
    @inline(__always)
    static func isDigit(_ v: UInt32) -> Bool { (0x30...0x39).contains(v) || (0xFF10...0xFF19).contains(v) }

    /// `\s` on plain text.
    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool { v == 0x20 || v == 0x09 || v == 0x0A || v == 0x3000 }

    /// `[〇零一二三四五六七八九]`.
    static func isChineseYearDigit(_ v: UInt32) -> Bool { LabelText.chineseDigit(v) != nil }

    /// `[一二三四五六七八九十]`.
    static func isSmallChineseNumeral(_ v: UInt32) -> Bool { v == 0x5341 || (LabelText.chineseDigit(v) ?? 0) != 0 }

    /// `(?:19|20)\d{2}` at `i`.
    static func isWesternYear(_ u: [UInt32], _ i: Int) -> Bool {
        i + 4 <= u.count && (u[i] == 0x31 && u[i + 1] == 0x39 || u[i] == 0x32 && u[i + 1] == 0x30) && isDigit(u[i + 2]) && isDigit(u[i + 3])
    }

    /// `(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}` at `i`: its end.
    static func yearEnd(_ u: [UInt32], _ i: Int) -> Int? {
        if isWesternYear(u, i) { return i + 4 }
        guard i + 4 <= u.count, u[i..<(i + 4)].allSatisfy(isChineseYearDigit) else { return nil }
        return i + 4
    }

    // MARK: Regular expressions, for text that is not plain

    package static let yearRegex = try! NSRegularExpression(pattern: yearPattern)
    package static let isoDateRegex = try! NSRegularExpression(pattern: isoDatePattern)
    package static let dateRegex = try! NSRegularExpression(pattern: datePattern)
    package static let wholeLineDateRegex = try! NSRegularExpression(pattern: "^" + datePattern + "$")
    package static let titleRegex = try! NSRegularExpression(pattern: titlePattern)

    /// The groups of the regular expression's first match ("" for a group that took no part).
    package static func regexMatch(_ regex: NSRegularExpression, _ text: String) -> Groups? {
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<match.numberOfRanges).map { n in Range(match.range(at: n), in: text).map { String(text[$0]) } ?? "" }
    }
}
