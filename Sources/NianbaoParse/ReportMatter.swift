import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// The report's text outside its six sections: the preamble between the title and the first
/// section, and the closing matter after the last section's own text (the signature and the 附件
/// lines). Page furniture a web page leaves in its content (an info bar's 发布日期/来源/浏览次数,
/// 字号, 打印, 分享到, browser notices) is not report text and is left out.
package enum ReportMatter {
    /// The blocks between the title and the first section: the lines before `firstSection`
    /// after the last line that is part of the title, without table rows and furniture.
    static func preamble(lines: [ParseLine], firstSection: Int?, title: String?) -> [SectionBlock] {
        guard let firstSection, firstSection > 0 else { return [] }
        let head = lines[..<firstSection]
        let compactTitle = title.map(ReportText.compactTitle) ?? ""
        // The title's lines: the last line (before any sentence) whose text is part of the title, or
        // that names a report as a title does (a page's menu before it, its title after).
        var start = head.startIndex
        for (i, line) in head.enumerated() where !line.isTableRow {
            if line.text.contains("。") { break }
            let text = ReportText.compactTitle(line.text)
            guard !text.isEmpty else { continue }
            if (!compactTitle.isEmpty && compactTitle.contains(text)) || isTitleLike(text) { start = i + 1 }
        }
        let kept = head[start...].filter { !$0.isTableRow && !isFurniture($0.text) }
        var blocks = SectionTextBuilder.blocks(lines: kept[...], tableLabels: nil)
        // A title run into the first paragraph ("…年度报告 根据《…》…") is the title's, printed once.
        if let first = blocks.first, let rest = dropping(compactTitle, from: first.text) {
            if rest.isEmpty { blocks.removeFirst() } else { blocks[0].text = rest }
        }
        return blocks
    }

    /// `text` after a prefix that is `compact` with white space anywhere, trimmed; nil when it
    /// does not start so.
    static func dropping(_ compact: String, from text: String) -> String? {
        guard !compact.isEmpty else { return nil }
        var rest = Substring(text)
        for character in compact {
            rest = rest.drop { $0.isWhitespace }
            guard rest.first == character else { return nil }
            rest = rest.dropFirst()
        }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    /// "…政府信息公开工作年度报告": names 信息公开 and ends with 报告 or 年报, in at most 60
    /// characters without a comma or a book title's marks (a wrapped sentence quoting a title).
    static func isTitleLike(_ text: String) -> Bool {
        guard text.count <= 60, text.hasSuffix("报告") || text.hasSuffix("年报"), text.contains("信息公开") else { return false }
        return !text.contains { "，《〈".contains($0) }
    }

    /// A line of a web page's chrome: no sentence, and a word only an info bar, a toolbar or a
    /// browser notice has.
    static func isFurniture(_ text: String) -> Bool {
        guard !text.contains("。") || text.contains("浏览器") else { return false }
        return furnitureWords.contains { text.contains($0) }
    }

    static let furnitureWords = [
        "发布时间", "发布日期", "浏览次数", "阅读次数", "访问次数", "点击数", "点击量", "字号", "分享到", "打印本页",
        "关闭窗口", "【打印】", "【关闭】", "来源：", "来源:", "信息来源", "浏览器", "当前位置", "当前的位置", "您现在的位置", "首页>", "首页 >", "首页»",
    ]

    /// Cuts the last section's blocks into its own text and the closing matter: from the first
    /// line starting with 附件 to the end, and the signature before it: a date line with up to two
    /// short lines (the signing bodies) right before it. Furniture lines at the very end (打印本页,
    /// 分享到, a browser notice) are dropped.
    static func splitClosing(_ all: [SectionBlock]) -> (body: [SectionBlock], closing: [SectionBlock]) {
        // A web page's toolbar or browser notice after the report's text is no part of it.
        var blocks = all
        while let last = blocks.last, last.kind != .heading, isFurniture(last.text) { blocks.removeLast() }
        var end = blocks.firstIndex { $0.kind != .heading && isAnnexLine($0.text) } ?? blocks.count
        guard end > 0, SectionTextBuilder.isDateLine(blocks[end - 1].text) else {
            return (Array(blocks[..<end]), Array(blocks[end...]))
        }
        end -= 1
        var signers = 0
        while signers < 2, end > 0, isSigner(blocks[end - 1]) {
            end -= 1
            signers += 1
        }
        return (Array(blocks[..<end]), Array(blocks[end...]))
    }

    /// "附件：…", "附件1 …".
    static func isAnnexLine(_ text: String) -> Bool {
        text.trimmingWhitespaces().hasPrefix("附件")
    }

    /// A signing body's line: a short paragraph without sentence punctuation or numbering that
    /// ends as the name of a body does (…政府, …办公室, …局) or with a seal's mark (（盖章）).
    static func isSigner(_ block: SectionBlock) -> Bool {
        let text = block.text.trimmingWhitespaces()
        guard block.kind == .paragraph, (3...40).contains(text.count) else { return false }
        guard !text.contains(where: { "。，；：:;,".contains($0) }), LabelText.numbering(of: text) == nil else { return false }
        guard let last = text.last else { return false }
        return "府室局会委厅院心镇乡处办所站队部司署馆社区县市省）)".contains(last)
    }
}
