import Foundation
import NianbaoDocument
import NianbaoEmit
import NianbaoSupport
import NianbaoTemplate

/// A ``ReportComparison`` as CSV (`compare --to csv`): one record per cross-year check, per cell
/// both reports record, and per cell only one template has.
public enum ComparisonCSV {
    public static let header = [
        "kind", "key", "rule", "exact", "place", "status", "expected", "actual", "reason", "earlier", "later", "change", "relative", "flagged",
    ]

    /// `kind` is `check` (a cross-year rule at one place: `key` the later report's cell), `change`
    /// (a cell both record), `onlyEarlier` or `onlyLater`; the fields of the other kinds are empty.
    public static func document(_ c: ReportComparison, byteOrderMark: Bool = false) -> String {
        let n = NumberText.canonical
        var records: [[String]] = c.checks.map { check in
            ["check", check.cell.dotted, check.rule.rawValue, check.rule.isExact ? "true" : "false", check.place, check.status.rawValue,
             n(check.expected), n(check.actual), check.reason ?? "", "", "", "", "", ""]
        }
        records += c.changes.map { change in
            ["change", change.cell.dotted, "", "", "", "", "", "", "", n(change.earlier), n(change.later), n(change.change),
             n(change.relative.map { ($0 * 10_000).rounded() / 10_000 }), change.flagged ? "true" : "false"]
        }
        records += c.onlyEarlier.map { ["onlyEarlier", $0.dotted] + Array(repeating: "", count: header.count - 2) }
        records += c.onlyLater.map { ["onlyLater", $0.dotted] + Array(repeating: "", count: header.count - 2) }
        return CSVText.document(header: header, records: records, byteOrderMark: byteOrderMark)
    }
}

/// A ``ReportComparison`` as an HTML page (`compare --to html`): the cross-year rules in a table,
/// then each statistical table of the two reports side by side in the official form's layout, with
/// the cells of a failed cross-year rule, flagged changes, other changes and cells null in one
/// report marked (a class and a `title` saying why).
public enum ComparisonHTML {
    public static func document(_ c: ReportComparison) -> String {
        let title = HTMLEscape.text("\(name(c.earlier)) — \(name(c.later))：年度报告比较")
        var body = "<article class=\"nianbao-comparison\">\n<h1>\(title)</h1>\n"
        body += "<p class=\"sides\">上年报告：\(HTMLEscape.text(describe(c.earlier)))<br>本年报告：\(HTMLEscape.text(describe(c.later)))</p>\n"
        body += checks(c)
        let marks = Marks(c)
        for id in TableID.allCases {
            body += "<section>\n<h2>\(HTMLEscape.text(c.later.template.table(id).title))</h2>\n<div class=\"side-by-side\">\n"
            for (side, report) in [("上年", c.earlier), ("本年", c.later)] {
                body += "<div class=\"side\">\n<h3>\(side)：\(HTMLEscape.text(name(report)))</h3>\n"
                body += ReportHTML.table(id, report) { marks.mark($0, earlier: side == "上年") }
                body += "</div>\n"
            }
            body += "</div>\n</section>\n"
        }
        body += legend + "</article>\n"
        return ReportHTML.page(title: title, css: css, body: body)
    }

    static let css = """
        .nianbao-comparison { max-width: 120em; margin: 0 auto; padding: 2em 1.5em 3em; }
        .nianbao-comparison p { text-indent: 0; }
        .side-by-side { display: flex; gap: 1.5em; align-items: flex-start; }
        .side-by-side > .side { flex: 1 1 0; min-width: 0; overflow-x: auto; }
        table.cross-year td { text-align: left; white-space: normal; }
        .cross-year-failed { background: #fde0dc; outline: 2px solid #c5221f; outline-offset: -2px; }
        .cross-year-warning { background: #fff0c2; outline: 2px solid #b06000; outline-offset: -2px; }
        .change-flagged { background: #fff59d; font-weight: bold; }
        .changed { background: #e8f0fe; }
        .null-in-one { background: #eeeeee; font-style: italic; }
        .legend span { padding: 0 .4em; margin-right: .6em; }
        """

    static let legend = """
        <p class="legend"><span class="cross-year-failed">跨年度勾稽不符</span><span class="cross-year-warning">跨年度勾稽提示</span>\
        <span class="change-flagged">变动超过阈值</span><span class="changed">有变动</span><span class="null-in-one">一方为空</span></p>

        """

    /// The cross-year rules, one row a place.
    static func checks(_ c: ReportComparison) -> String {
        var out = "<section>\n<h2>跨年度勾稽</h2>\n<table class=\"cross-year\">\n<thead>\n<tr>"
        out += ["规则", "位置", "本年单元格", "上年报告推得", "本年报告填报", "结果"].map { "<th scope=\"col\">\($0)</th>" }.joined()
        out += "</tr>\n</thead>\n<tbody>\n"
        for check in c.checks {
            let status = check.status == .pass ? "通过" : check.status == .notEvaluated ? "未评估：\(check.reason ?? "")" : check.rule.isExact ? "不符" : "提示"
            let cls = check.status == .fail ? " class=\"\(check.rule.isExact ? "cross-year-failed" : "cross-year-warning")\"" : ""
            out += "<tr\(cls)><td>\(HTMLEscape.text(check.rule.meaning))</td><td>\(HTMLEscape.text(check.place))</td>"
            out += "<td>\(HTMLEscape.text(check.cell.dotted))</td><td>\(NumberText.canonical(check.expected))</td>"
            out += "<td>\(NumberText.canonical(check.actual))</td><td>\(HTMLEscape.text(status))</td></tr>\n"
        }
        if c.checks.isEmpty { out += "<tr><td colspan=\"6\">两份报告的模板没有共同的跨年度规则</td></tr>\n" }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    /// Which cells of each side are marked, and why.
    struct Marks {
        var later: [CellKey: [(String, String)]] = [:]
        var earlier: [CellKey: [(String, String)]] = [:]

        init(_ c: ReportComparison) {
            for check in c.checks where check.status == .fail {
                let cls = check.rule.isExact ? "cross-year-failed" : "cross-year-warning"
                let note = "\(check.rule.isExact ? "跨年度勾稽不符" : "跨年度勾稽提示")：\(check.rule.meaning)（\(check.place)）：上年报告推得 \(NumberText.canonical(check.expected))，本年填报 \(NumberText.canonical(check.actual))"
                later[check.cell, default: []].append((cls, note))
                for cell in check.earlierCells { earlier[cell, default: []].append((cls, note)) }
            }
            for change in c.changes {
                let mark: (String, String)
                switch (change.earlier, change.later) {
                case (nil, nil): continue
                case (nil, _), (_, nil):
                    mark = ("null-in-one", "上年 \(text(change.earlier)) → 本年 \(text(change.later))")
                case let (e?, l?) where e != l:
                    let relative = change.relative.map { String(format: "，%+.1f%%", $0 * 100) } ?? ""
                    let delta = NumberText.canonical(l - e)
                    mark = (change.flagged ? "change-flagged" : "changed", "上年 \(text(e)) → 本年 \(text(l))（\(l > e ? "+" : "")\(delta)\(relative)）")
                default: continue
                }
                later[change.cell, default: []].append(mark)
                earlier[change.cell, default: []].append(mark)
            }
        }

        func text(_ number: Double?) -> String { number == nil ? "空" : NumberText.canonical(number) }

        func mark(_ key: CellKey, earlier isEarlier: Bool) -> (classes: [String], title: String)? {
            guard let marks = (isEarlier ? earlier : later)[key], !marks.isEmpty else { return nil }
            var classes: [String] = []
            for (cls, _) in marks where !classes.contains(cls) { classes.append(cls) }
            return (classes, marks.map(\.1).joined(separator: "\n"))
        }
    }

    static func name(_ r: AnnualReport) -> String { "\(r.metadata.agency ?? "（无机关名称）")\(r.metadata.year.map { "\($0)年" } ?? "")" }

    static func describe(_ r: AnnualReport) -> String { "\(name(r))，\(r.source.file)，\(r.metadata.template.rawValue)年模板" }
}
