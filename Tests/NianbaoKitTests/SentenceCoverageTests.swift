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

/// Republication keeps the whole text: every sentence of a fixture's source is found whole in the
/// text of its HTML page (``ReportHTML``), each block of the page on its own, white space ignored.
/// scripts/measure-sentences.py applies the same rules to any file.
///
/// The source's sentences: its text cut at 。！？, at blank lines, and after a title or heading
/// line (short, or numbered without a comma or full stop); the pieces that end with 。！？ and
/// have at least 12 CJK characters, with white space, hyphens and markdown `**` removed and page-number
/// lines dropped. A PDF's text is poppler's (`pdftotext`, committed as `*.pdf.source.txt` by
/// scripts/make-source-texts), a text file's is the file, an HTML page's is the extractor's
/// blocks of its main content (so for HTML only what the parser and the writer lose counts).
@Suite("Sentences printed whole")
struct SentenceCoverageTests {
    static let fixtures = Fixtures.withTruth(in: "text") + Fixtures.withTruth(in: "pdf") + Fixtures.withTruth(in: "html")

    @Test("every sentence of every text, PDF and HTML fixture is on its HTML page", arguments: fixtures)
    func everySentence(_ fixture: String) throws {
        let report = try Fixtures.report(fixture)
        let page = SentenceText.pageBlocks(ReportHTML.document(report))
        let sentences = SentenceText.sentences(try Self.sourceLines(fixture))
        #expect(sentences.count >= 4, "\(fixture): too few sentences to measure")
        let known = Self.tableMatter[fixture, default: []]
        let missing = sentences.filter { sentence in
            !SentenceText.isPrinted(sentence, in: page) && !known.contains { sentence.hasPrefix($0) }
        }
        #expect(missing == [], "\(fixture): \(sentences.count - missing.count) of \(sentences.count) sentences printed whole; missing:\n\(missing.joined(separator: "\n"))")
    }

    @Test("no paragraph of 一、总体情况 ends mid-sentence", arguments: fixtures)
    func paragraphsEndSentences(_ fixture: String) throws {
        let report = try Fixtures.report(fixture)
        let one = try #require(report.sections.first { $0.number == 1 })
        let cut = one.blocks.filter { $0.kind == .paragraph && !"。！？；：:;!?）)".contains($0.text.last ?? "。") }
        #expect(cut.map(\.text) == [], "\(fixture)")
    }

    /// Pieces of a source that end in 。 but are table matter: pingtan's crawler printed table 二 run
    /// into the text after section 二's title ("…信息内容本年新制作数量…规章000规范性文件898989…");
    /// its values are the table's, printed in the table.
    static let tableMatter: [String: [String]] = [
        "text/pingtan_2019_page.txt": ["二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量"],
    ]

    @Test("the measure: a sentence cut across two paragraphs, or left out, is missing")
    func measureFails() {
        let page = SentenceText.pageBlocks("<h1>甲县2024年政府信息公开工作年度报告</h1><p>本报告由甲县人民政府办公室编制，</p><p>统计期限自2024年1月1日起。</p>")
        let sentences = SentenceText.sentences(["甲县2024年政府信息公开工作年度报告", "本报告由甲县人民政府办公室编制，统计期限自2024年1月1日起。", "如对本报告有疑问，请与甲县人民政府办公室联系。"])
        #expect(sentences == ["本报告由甲县人民政府办公室编制，统计期限自2024年1月1日起。", "如对本报告有疑问，请与甲县人民政府办公室联系。"])
        #expect(sentences.filter { SentenceText.isPrinted($0, in: page) } == [])
        let whole = SentenceText.pageBlocks("<p>本报告由甲县人民政府办公室\n编制，统计期限自2024年1月1日起。</p>")
        #expect(SentenceText.isPrinted(sentences[0], in: whole))
    }

    /// The source's lines: poppler's text of a PDF, the file of a text fixture, the extractor's
    /// blocks of an HTML page (a blank line after each).
    static func sourceLines(_ fixture: String) throws -> [String] {
        let path = Fixtures.path(fixture)
        if fixture.hasSuffix(".pdf") {
            return try String(contentsOfFile: path + ".source.txt", encoding: .utf8).components(separatedBy: "\n")
        }
        let bytes = try DocumentReader.bytes(of: path)
        if fixture.hasPrefix("html/") {
            let document = try DocumentReader.read(bytes: bytes, path: fixture)
            return document.blocks.flatMap { block -> [String] in
                switch block {
                case let .heading(_, text, _), let .paragraph(text, _): return text.components(separatedBy: "\n") + [""]
                case let .table(table): return table.rows.flatMap { $0.flatMap { $0.text.components(separatedBy: "\n") + [""] } }
                case .furniture, .pageBreak: return []
                }
            }
        }
        let text = try #require(TextDecoding.decode(bytes)).text
        return text.components(separatedBy: "\n")
    }
}

/// The rules of ``SentenceCoverageTests`` (and of scripts/measure-sentences.py).
enum SentenceText {
    /// The source's sentences (see ``SentenceCoverageTests``).
    static func sentences(_ rawLines: [String]) -> [String] {
        let lines = rawLines.filter { !PageNumber.matches($0) }
        let widths = lines.filter { !$0.contains("|") && !$0.contains("\t") && !compact($0).isEmpty }.map(width).sorted()
        let usual = widths.isEmpty ? 0 : widths[min(widths.count - 1, widths.count * 9 / 10)]
        var pieces: [String] = []
        var current = ""
        for line in lines {
            let text = compact(line)
            if text.isEmpty {
                if !current.isEmpty { pieces.append(current) }
                current = ""
                continue
            }
            for character in text {
                current.append(character)
                if "。！？".contains(character) {
                    pieces.append(current)
                    current = ""
                }
            }
            if !current.isEmpty, Double(width(line)) < 0.6 * Double(usual) || isHeading(text) {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.filter { piece in
            guard let last = piece.last, "。！？".contains(last) else { return false }
            return piece.unicodeScalars.filter(isCJK).count >= 12
        }
    }

    /// The text of an HTML page block by block (headings, paragraphs, cells), white space removed,
    /// entities of the writer decoded; `<style>` and `<title>` left out.
    static func pageBlocks(_ html: String) -> [String] {
        var text = html
        for element in ["style", "title"] {
            while let open = text.range(of: "<\(element)"), let close = text.range(of: "</\(element)>", range: open.upperBound..<text.endIndex) {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        let blockTags = ["p", "h1", "h2", "h3", "h4", "td", "th", "li", "div", "tr", "table", "section", "article", "br"]
        var blocks: [String] = [""]
        var rest = Substring(text)
        while let lt = rest.firstIndex(of: "<") {
            blocks[blocks.count - 1] += rest[..<lt]
            guard let gt = rest[lt...].firstIndex(of: ">") else { break }
            let name = rest[rest.index(after: lt)..<gt].drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if blockTags.contains(name) { blocks.append("") }
            rest = rest[rest.index(after: gt)...]
        }
        blocks[blocks.count - 1] += rest
        return blocks.map { compact(decode($0)) }.filter { !$0.isEmpty }
    }

    /// Whether a sentence is found whole in one block of the page, or in one block after one of
    /// the page's headings it starts with (a section title run into its first sentence in a
    /// flattened source is a heading on the page).
    static func isPrinted(_ sentence: String, in blocks: [String]) -> Bool {
        if blocks.contains(where: { $0.contains(sentence) }) { return true }
        for heading in blocks where heading.count < sentence.count && sentence.hasPrefix(heading) && isHeading(heading) {
            let rest = String(sentence.dropFirst(heading.count))
            if blocks.contains(where: { $0.contains(rest) }) { return true }
        }
        return false
    }

    static func compact(_ text: String) -> String {
        // Hyphens are ignored: poppler drops one that ends a line ("0000-" + "0000000").
        text.replacingOccurrences(of: "**", with: "").filter { !$0.isWhitespace && $0 != "-" }
    }

    /// A title or heading line: at most 32 characters, no comma or full stop, numbered (一、, （一）,
    /// 1.) or ending with 报告, 年报 or 情况.
    static func isHeading(_ text: String) -> Bool {
        guard text.count <= 32, !text.contains(where: { "，。；,".contains($0) }) else { return false }
        if LabelText.numbering(of: text) != nil { return true }
        return ["报告", "年报", "情况"].contains { text.hasSuffix($0) }
    }

    /// Display width: a CJK or full-width character counts 2.
    static func width(_ line: String) -> Int {
        line.trimmingCharacters(in: .whitespaces).unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
    }

    static func isCJK(_ s: Unicode.Scalar) -> Bool { (0x3400...0x9FFF).contains(s.value) }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
