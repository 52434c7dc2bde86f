import Foundation
import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// The parser's fast paths on plain text (scalar arrays, hand-written matchers) against the
/// general code they stand in for (Foundation, `Character`, regular expressions), on the same
/// inputs: they must agree exactly.
@Suite("Plain-text fast paths")
struct PlainTextTests {
    /// Pieces random texts are made of: what reports print, and the edge cases of each path.
    static let pieces: [String] = [
        "一", "二", "三", "十", "〇", "零", "、", "（", "）", "(", ")", "1", "2", "0", "9", "12", "2024", "2019", "20", "１", "２０２４",
        ".", "．", ",", "，", "。", "：", ":", "-", "—", "——", "－", "–", "─", "/", "／", "\\", "×", "+", "%", "％", "…", "·", "•",
        " ", "  ", "\u{3000}", "\t", "\n", "年", "月", "日", "度", "号", "第", "页", "共", "元", "万元", "件", "个", "无", "空",
        "关于", "政府", "信息公开", "政府信息公开", "工作", "报告", "年报", "行政许可", "予以公开", "本年新收", "申请", "处理决定数量",
        "总计", "商业企业", "“", "”", "《", "》", "【", "】", "〔", "〕", "*", "#", "~", "～", "Ａ", "a", "Z", "|", "_", "〸", "‥", "‑",
        "一、总体情况", "二、主动公开政府信息情况", "四、政府信息公开行政复议、行政诉讼情况", "（三）不予公开", "1.属于国家秘密",
    ]

    static func randomText(_ rng: inout SplitMix64, maxPieces: Int = 12) -> String {
        (0..<Int.random(in: 0...maxPieces, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    @Test("white space sets agree with Foundation and the Unicode properties for every scalar")
    func whiteSpace() {
        let (spaces, newlines) = (CharacterSet.whitespaces, CharacterSet.whitespacesAndNewlines)
        let wrong = (UInt32(0)...0x10FFFF).filter { v in
            guard let scalar = Unicode.Scalar(v) else { return false }
            return PlainText.isTrimmedSpace(v) != spaces.contains(scalar) || PlainText.isTrimmedSpaceOrNewline(v) != newlines.contains(scalar)
                || PlainText.isWhiteSpace(v) != scalar.properties.isWhitespace
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }

    @Test("plain scalars are characters of their own and map to their NFKC forms")
    func plainScalars() {
        let wrong = (UInt32(0)...0xFFFF).filter { v in
            guard PlainText.isPlain(v) else { return false }
            let s = String(Unicode.Scalar(v)!)
            var nfkc: [UInt32] = []
            PlainText.appendNFKC(v, to: &nfkc)
            return s.precomposedStringWithCompatibilityMapping.unicodeScalars.map(\.value) != nfkc
                || s.decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value) != [v] || !nfkc.allSatisfy(PlainText.isPlain)
                || Unicode.Scalar(v)!.properties.canonicalCombiningClass != .notReordered
        }
        #expect(wrong.isEmpty, "\(wrong)")
        #expect(!PlainText.isPlain(0x0D) && !PlainText.isPlain(0x302A) && !PlainText.isPlain(0x2017))
    }

    @Test("trimming, searching and replacing agree with Foundation")
    func foundationOperations() {
        var rng = SplitMix64(seed: 1)
        let odd = ["\u{200B}", "\u{A0}", "\u{2028}", "e\u{301}", "\u{FEFF}"]
        for _ in 0..<3000 {
            var text = Self.randomText(&rng)
            if Int.random(in: 0..<4, using: &rng) == 0 { text += odd.randomElement(using: &rng)! + Self.randomText(&rng, maxPieces: 3) }
            #expect(text.trimmingWhitespaces() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            let needle = Self.randomText(&rng, maxPieces: 2)
            guard let h = PlainText.scalars(text), let n = PlainText.scalars(needle) else { continue }
            #expect(PlainText.contains(h, n) == text.contains(needle), "\(text.debugDescription) \(needle.debugDescription)")
            if !needle.isEmpty {
                var replaced = h
                PlainText.replaceAll(n, with: [0x7C], in: &replaced)
                #expect(PlainText.string(replaced) == text.replacingOccurrences(of: needle, with: "|"))
            }
        }
    }

    @Test("labels normalise, compact and number as the general code has them")
    func labels() {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<5000 {
            let text = Self.randomText(&rng)
            guard PlainText.scalars(text) != nil else { continue }
            #expect(LabelText.normalize(text) == LabelText.normalizeGeneral(text), "\(text.debugDescription)")
            #expect(LabelText.compact(text) == LabelText.compactGeneral(text), "\(text.debugDescription)")
            #expect(LabelText.numbering(of: text) == LabelText.splitNumbering(Substring(LabelText.compactGeneral(text)))?.0, "\(text.debugDescription)")
        }
    }

    @Test("cell values and segments read as the general code reads them")
    func valuesAndSegments() {
        var rng = SplitMix64(seed: 3)
        func describe(_ segments: [Segment]) -> [String] {
            segments.map {
                switch $0 {
                case let .text(t, _): return "text \(t)"
                case let .value(v): return "value \(v.raw) \(v.reading) \(v.glued)"
                }
            }
        }
        for _ in 0..<5000 {
            let text = Self.randomText(&rng, maxPieces: 8)
            guard PlainText.scalars(text) != nil else { continue }
            #expect(CellValueParser.read(text) == CellValueParser.readGeneral(text), "\(text.debugDescription)")
            #expect(
                describe(Segmenter.runs(in: text, location: SourceLocation())) == describe(Segmenter.runsGeneral(in: text, location: SourceLocation())),
                "\(text.debugDescription)")
        }
    }

    @Test("dates, years and titles are found where the regular expressions find them")
    func patterns() {
        var rng = SplitMix64(seed: 4)
        let datePieces = ["2024", "2019", "1999", "２０２４", "二〇二四", "一", "十", "十二", "三十一", "1", "12", "123", "０", " ", "\n", "\t",
                          "\u{3000}", "年", "月", "日", "度", "-", "/", ".", "关于", "政府", "信息公开", "某某县", "x"]
        for _ in 0..<6000 {
            let text = (0..<Int.random(in: 0...10, using: &rng)).map { _ in datePieces.randomElement(using: &rng)! }.joined()
            guard PlainText.scalars(text) != nil else { continue }
            let d = text.debugDescription
            #expect(MetadataPatterns.year(in: text) == MetadataPatterns.regexMatch(MetadataPatterns.yearRegex, text)?[0], "\(d)")
            #expect(MetadataPatterns.isoDate(in: text) == MetadataPatterns.regexMatch(MetadataPatterns.isoDateRegex, text), "\(d)")
            #expect(MetadataPatterns.date(in: text, wholeLine: false) == MetadataPatterns.regexMatch(MetadataPatterns.dateRegex, text), "\(d)")
            #expect(MetadataPatterns.date(in: text, wholeLine: true) == MetadataPatterns.regexMatch(MetadataPatterns.wholeLineDateRegex, text), "\(d)")
            #expect(MetadataPatterns.title(text) == MetadataPatterns.regexMatch(MetadataPatterns.titleRegex, text), "\(d)")
        }
    }

    @Test("run-in section titles are cut where the regular expressions cut them")
    func runInTitles() {
        var rng = SplitMix64(seed: 5)
        let sections = ReportTemplate.v2021.sections
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 10...40, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
            // Lines of 60 characters or fewer are never cut.
            guard PlainText.scalars(text) != nil, text.count > 60 else { continue }
            #expect(LineStream.splitRunInTitles(text, sections: sections) == LineStream.splitRunInTitlesGeneral(text, sections: sections))
        }
    }

    @Test("the bit-parallel longest common subsequence counts what the table counts")
    func longestCommonSubsequence() {
        var rng = SplitMix64(seed: 6)
        for _ in 0..<3000 {
            let a = (0..<Int.random(in: 0...70, using: &rng)).map { _ in UInt32.random(in: 0x4E00...0x4E08, using: &rng) }
            let b = (0..<Int.random(in: 0...80, using: &rng)).map { _ in UInt32.random(in: 0x4E00...0x4E08, using: &rng) }
            #expect(LCSPattern(b).longestCommonSubsequence(with: a) == LabelMatcher.longestCommonSubsequence(a, b))
        }
    }
}
