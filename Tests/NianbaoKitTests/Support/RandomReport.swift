@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

// Random annual reports for property tests: a seeded generator of reports that satisfy the
// template's 勾稽 rules, and renderers that print them in the text layouts real extractions show
// (see Fixtures/text). Everything is derived from the template data (ReportTemplate.v2021/.v2019):
// row and column labels, group and header labels, section titles and the rules.

// MARK: - PRNG

/// Helpers on the project's SplitMix64: the same seed gives the same report on every platform.
extension SplitMix64 {
    /// Uniform in `range` (the tiny modulo bias does not matter here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// A count as reports print them: often 0, mostly small, sometimes large.
    mutating func count(zeroHeavy: Bool = false) -> Int {
        if zeroHeavy { return chance(88) ? 0 : int(1...6) }
        switch int(0...99) {
        case 0..<40: return 0
        case 40..<78: return int(1...9)
        case 78..<95: return int(10...150)
        default: return int(151...2600)
        }
    }

    /// A generator for one purpose (report content, a layout's choices) derived from a seed.
    static func derived(seed: UInt64, stream: String) -> SplitMix64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a of the stream name
        for byte in stream.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var mixer = SplitMix64(seed: seed ^ h)
        return SplitMix64(seed: mixer.next())
    }
}

// MARK: - The generated report

/// A report's content: metadata, the three tables' values, prose.
struct RandomReport: Sendable {
    let seed: UInt64
    let version: TemplateVersion
    let agency: String
    let year: Int
    /// （六）其他处理 printed as one row (always in the 2019 template; sometimes in 2021-era reports).
    let otherHandlingAsOneRow: Bool
    /// Rows of table 3 as the report prints them, in order.
    let applicationRows: [RowSpec]
    /// Table 2 as printed: cell key → text of the cell ("12", "+3", "96171.6").
    let activeDisclosure: [String: String]
    let applications: [String: Int]
    let reviewLitigation: [String: Int]
    /// Prose paragraphs per section number (1…6).
    let prose: [Int: [String]]
    /// Lines of the signature at the end.
    let signature: [String]

    var template: ReportTemplate { .of(version) }

    /// The numbers the parser must find, by cell key within the table.
    func expected(_ table: TableID) -> [String: Double] {
        switch table {
        case .activeDisclosure:
            return activeDisclosure.mapValues { CellValueParser.number(RandomReport.plainNumber($0))! }
        case .applications:
            return applications.mapValues(Double.init)
        case .reviewLitigation:
            return reviewLitigation.mapValues(Double.init)
        }
    }

    /// "94432.52元" → "94432.52" (for computing the expected value of a printed amount).
    static func plainNumber(_ text: String) -> String {
        var t = text
        for unit in ["万元", "元"] where t.hasSuffix(unit) { t.removeLast(unit.count) }
        return t
    }

    // MARK: Keys from the template's rules

    struct ApplicationKeys {
        var newReceived: String
        var carriedOver: String
        var totalHandled: String
        var carriedForward: String
        /// Parts of （七）总计 (outcome rows), all layouts.
        var outcomes: [String]
        var partColumns: [String]
        var totalColumn: String
    }

    static func applicationKeys(_ template: ReportTemplate) -> ApplicationKeys {
        var balance: ([String], [String])?
        var decomposition: (String, [String])?
        var rowSum: ([String], String)?
        for rule in template.rules {
            switch rule {
            case let .columnBalance(.applications, left, right): balance = (left, right)
            case let .columnDecomposition(.applications, total, parts): decomposition = (total, parts)
            case let .rowSum(.applications, _, parts, total): rowSum = (parts, total)
            default: continue
            }
        }
        guard let (left, right) = balance, left.count == 2, right.count == 2, let (total, parts) = decomposition,
            let (columns, totalColumn) = rowSum
        else { fatalError("template \(template.version) lacks the applications rules") }
        precondition(total == right[0], "（七）总计 is the first row on the right of the balance")
        return ApplicationKeys(
            newReceived: left[0], carriedOver: left[1], totalHandled: right[0], carriedForward: right[1],
            outcomes: parts, partColumns: columns, totalColumn: totalColumn)
    }

    static func groupSum(_ template: ReportTemplate) -> (parts: [String], total: String) {
        for rule in template.rules {
            if case let .rowSum(.reviewLitigation, _, parts, total) = rule { return (parts, total) }
        }
        fatalError("template \(template.version) lacks the review/litigation rule")
    }

    // MARK: Generation

    private static let counties = ["修武县", "盐边县", "集贤县", "平和县", "东湖区", "青山县", "江宁区", "宁远县", "桐城市", "临安区"]
    private static let towns = ["城关镇", "渔门镇", "管头镇", "集贤镇", "新华街道办事处", "东湖乡", "石门镇", "白水镇", "红星街道办事处"]
    private static let bureaus = ["教育局", "卫生健康委员会", "自然资源局", "市场监督管理局", "住房和城乡建设局", "交通运输局"]

    static func generate(seed: UInt64) -> RandomReport {
        var rng = SplitMix64.derived(seed: seed, stream: "content")
        let version: TemplateVersion = rng.chance(30) ? .v2019 : .v2021
        let template = ReportTemplate.of(version)
        let year = version == .v2019 ? rng.int(2019...2020) : rng.int(2021...2024)
        let county = rng.pick(counties)
        let agency: String
        switch rng.int(0...2) {
        case 0: agency = county + rng.pick(towns).replacingOccurrences(of: "办事处", with: "") + "人民政府"
        case 1: agency = county + rng.pick(towns)
        default: agency = county + rng.pick(bureaus)
        }
        let town = agency.hasSuffix("人民政府") ? String(agency.dropLast(4)) : agency

        // Table 3 rows as printed.
        let table3 = template.applications
        let oneRow = version == .v2019 || rng.chance(15)
        let alternatives = table3.rows.filter { !$0.replaces.isEmpty }
        let replaced = Set(alternatives.flatMap(\.replaces))
        let printed: [RowSpec] = oneRow
            ? table3.rows.filter { !replaced.contains($0.key) }
            : table3.standardRows
        let printedKeys = Set(printed.map(\.key))

        // Table 3 values: outcomes per applicant column, then the balance.
        let keys = applicationKeys(template)
        let zeroHeavy = rng.chance(35)
        var apps: [String: Int] = [:]
        let outcomes = keys.outcomes.filter(printedKeys.contains)
        for column in keys.partColumns {
            var handled = 0
            for row in outcomes {
                let v = rng.count(zeroHeavy: zeroHeavy)
                apps["\(row).\(column)"] = v
                handled += v
            }
            apps["\(keys.totalHandled).\(column)"] = handled
            let carriedOver = rng.count(zeroHeavy: zeroHeavy || rng.chance(50))
            var carriedForward = rng.count(zeroHeavy: zeroHeavy || rng.chance(50))
            var newReceived = handled + carriedForward - carriedOver
            if newReceived < 0 {
                carriedForward -= newReceived
                newReceived = 0
            }
            apps["\(keys.carriedOver).\(column)"] = carriedOver
            apps["\(keys.carriedForward).\(column)"] = carriedForward
            apps["\(keys.newReceived).\(column)"] = newReceived
        }
        for row in printed {
            apps["\(row.key).\(keys.totalColumn)"] = keys.partColumns.reduce(0) { $0 + apps["\(row.key).\($1)"]! }
        }
        precondition(apps.count == printed.count * printed[0].columns.count, "every printed cell of table 3 has a value")

        // Table 4.
        let (groupParts, groupTotal) = groupSum(template)
        var review: [String: Int] = [:]
        let quiet = rng.chance(50)
        for row in template.reviewLitigation.rows {
            var sum = 0
            for part in groupParts {
                let v = quiet ? (rng.chance(90) ? 0 : rng.int(1...3)) : rng.count()
                review["\(row.key).\(part)"] = v
                sum += v
            }
            review["\(row.key).\(groupTotal)"] = sum
        }

        // Table 2: by column key.
        var active: [String: String] = [:]
        for row in template.activeDisclosure.rows {
            for column in row.columns {
                let key = "\(row.key).\(column.key)"
                switch column.key {
                case "amount":
                    active[key] = randomAmount(&rng, unit: version == .v2019)
                case "change":
                    let v = rng.chance(50) ? 0 : rng.int(1...40)
                    active[key] = v == 0 ? "0" : (rng.chance(50) ? "-" : rng.pick(["+", ""])) + String(v)
                default:
                    active[key] = String(rng.count())
                }
            }
        }

        let published = "\(year + 1)年\(rng.int(1...3))月\(rng.int(1...28))日"
        return RandomReport(
            seed: seed, version: version, agency: agency, year: year, otherHandlingAsOneRow: oneRow,
            applicationRows: printed, activeDisclosure: active, applications: apps, reviewLitigation: review,
            prose: prose(&rng, town: town, year: year, apps: apps, keys: keys),
            signature: [agency, published])
    }

    /// An amount: 0, whole, or with decimals ("96171.6"); with `unit`, sometimes with 元/万元
    /// printed after it, as 2019-template reports print 采购总金额 ("94432.52元").
    static func randomAmount(_ rng: inout SplitMix64, unit: Bool) -> String {
        switch rng.int(0...(unit ? 9 : 8)) {
        case 0..<4: return "0"
        case 4..<6: return String(rng.int(1...5000))
        case 6..<8: return "\(rng.int(0...99999)).\(rng.int(1...9))"  // "96171.6"
        case 8: return "\(rng.int(1...9999)).\(rng.int(10...99))"
        default: return "\(rng.int(1...99999)).\(rng.int(10...99))" + rng.pick(["元", "万元"])
        }
    }

    static func prose(_ rng: inout SplitMix64, town: String, year: Int, apps: [String: Int], keys: ApplicationKeys) -> [Int: [String]] {
        let received = apps["\(keys.newReceived).\(keys.totalColumn)"] ?? 0
        var p: [Int: [String]] = [:]
        p[1] = [
            "\(year)年，\(town)坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。",
            "（一）主动公开。全年通过政府网站主动公开政府信息\(rng.int(10...900))条，其中政策文件\(rng.int(0...40))件，政策解读\(rng.int(0...20))篇。",
            "（二）依申请公开。\(year)年共收到政府信息公开申请\(received)件，均在法定期限内答复。",
            "（三）政府信息管理。严格落实信息发布审核制度，及时更新政府信息公开指南和目录。",
        ].filter { _ in rng.chance(85) }
        p[2] = rng.chance(40) ? ["本年度主动公开政府信息情况统计如下。"] : []
        p[3] = rng.chance(40) ? ["\(year)年度收到和处理政府信息公开申请\(received)件，具体情况如下。"] : []
        p[4] = rng.chance(30) ? ["本年度因政府信息公开工作被申请行政复议和提起行政诉讼情况如下。"] : []
        p[5] = [
            "（一）存在的主要问题。一是公开内容的深度和广度有待拓展；二是工作人员业务能力有待提升。",
            "（二）改进情况。下一步将加强业务培训，完善信息发布审核机制，持续提升政务公开质量。",
        ]
        p[6] = [rng.pick(["本年度未收取信息处理费。", "\(year)年本机关未发生收取信息处理费情况。", "无其他需要报告的事项。"])]
        return p
    }
}

// MARK: - Layouts

/// The layouts a report is rendered in. The first five are recoverable; the last two damage one
/// row of table 3.
enum RandomLayout: String, CaseIterable, Sendable, CustomStringConvertible {
    /// (a) A tab-separated grid like Fixtures/text/000: label cells, then values; empty leading
    /// cells for sub-rows.
    case tabGrid
    /// (b) Markdown pipe tables like 003.
    case markdown
    /// (c) One cell per line, each line starting with a tab; rows separated by blank lines (001).
    case cellPerLine
    /// (d) As (c), with header cells (and some long row labels) wrapped onto an untabbed line.
    case wrappedLabels
    /// (e) Some rows lose their leading empty cells or gain an extra empty cell: mostly in the tab
    /// grid, sometimes in the markdown or cell-per-line layout.
    case shiftedRows
    /// (f) One data row of table 3 removed entirely (label and values), on a random base layout.
    case droppedRow
    /// (g) A tab grid where one row of table 3 has 6 values instead of 7 (no blank placeholder).
    case missingValue
    /// (h) The shapes of issue 12 on a tab grid or a crawler's one-space grid: headings reworded or
    /// mistyped (与 for 、, 行政法复议, 明年工作计划), section 四's or 六's heading missing, the last row of
    /// table 三 run into the next title, table 二 run into a prose paragraph, a doubled numeral
    /// (三三、本年度办理结果（一）予以公开), table 四's header spaced letter by letter, a body that begins
    /// 本报告根据…. Every one is recoverable.
    case realPageShapes

    var description: String { rawValue }
    var isRecoverable: Bool { self != .droppedRow && self != .missingValue }
}

/// A rendered report: the text, and the row of table 3 the layout damaged, if any.
struct RenderedReport: Sendable {
    var text: String
    var damagedRow: String?
    /// What the layout chose, for failure messages.
    var notes: [String]
}

/// A row of a table before it is printed: label cells (with alignment blanks) and value cells.
struct LogicalRow: Sendable {
    enum Kind: Sendable { case blockLabel, header, data }
    var kind: Kind
    /// The row key of a data row of table 3.
    var rowKey: String?
    var labels: [String]
    var values: [String]
    var trailing: Int = 0

    var cells: [String] { labels + values + Array(repeating: "", count: trailing) }
}

struct LogicalTable: Sendable {
    var id: TableID
    var rows: [LogicalRow]
}

/// How a report is printed, chosen per layout.
struct PrintStyle: Sendable {
    var titleStyle = 0
    var markdownHeadings = false
    var useVariantTitles = false
    var asciiParens = false
    var spaceAfterNumber = false
    var useLabelVariants = false
    /// Pad table 3's label area to this many cells (0: as printed).
    var labelWidth = 0
    var trailingBlankPercent = 0
    var blankLinesInGrid = false
    var thousandsSeparators = false
    var wrapLabels = false
    var boldHeaders = false

    static func random(_ rng: inout SplitMix64, markdown: Bool = false) -> PrintStyle {
        var s = PrintStyle()
        s.titleStyle = rng.int(0...(markdown ? 2 : 3))
        s.markdownHeadings = markdown && rng.chance(70)
        s.useVariantTitles = rng.chance(25)
        s.asciiParens = rng.chance(40)
        s.spaceAfterNumber = rng.chance(40)
        s.useLabelVariants = rng.chance(30)
        s.labelWidth = rng.pick([0, 0, 2, 3])
        s.trailingBlankPercent = rng.pick([0, 0, 50, 100])
        s.blankLinesInGrid = rng.chance(30)
        s.thousandsSeparators = rng.chance(20)
        s.boldHeaders = markdown && rng.chance(30)
        return s
    }
}

enum ReportRenderer {
    static func render(_ report: RandomReport, layout: RandomLayout) -> RenderedReport {
        var rng = SplitMix64.derived(seed: report.seed, stream: "layout." + layout.rawValue)
        switch layout {
        case .tabGrid:
            let style = PrintStyle.random(&rng)
            return RenderedReport(text: document(report, style: style, rng: &rng, tables: tabGrid), damagedRow: nil, notes: [])
        case .markdown:
            let style = PrintStyle.random(&rng, markdown: true)
            return RenderedReport(text: document(report, style: style, rng: &rng, tables: markdown), damagedRow: nil, notes: [])
        case .cellPerLine:
            var style = PrintStyle.random(&rng)
            style.blankLinesInGrid = false
            return RenderedReport(text: document(report, style: style, rng: &rng, tables: cellPerLine), damagedRow: nil, notes: [])
        case .wrappedLabels:
            var style = PrintStyle.random(&rng)
            style.wrapLabels = true
            return RenderedReport(text: document(report, style: style, rng: &rng, tables: cellPerLine), damagedRow: nil, notes: [])
        case .shiftedRows:
            let style = PrintStyle.random(&rng)
            // Mostly the tab grid (as in 000); sometimes the other layouts shifted the same way.
            let base = rng.pick([RandomLayout.tabGrid, .tabGrid, .markdown, .cellPerLine])
            var notes = ["base layout \(base)"]
            let text = document(report, style: style, rng: &rng) { tables, style, rng in
                let shifted = tables.map { shift($0, rng: &rng, notes: &notes) }
                switch base {
                case .markdown: return markdown(shifted, style, &rng)
                case .cellPerLine: return cellPerLine(shifted, style, &rng)
                default: return tabGrid(shifted, style, &rng)
                }
            }
            return RenderedReport(text: text, damagedRow: nil, notes: notes)
        case .droppedRow:
            let style = PrintStyle.random(&rng)
            let base = rng.pick([RandomLayout.tabGrid, .markdown, .cellPerLine])
            let candidates = report.applicationRows.filter { row in
                // A 2021 report that prints （六） as one row: without that row nothing says the
                // report used the one-row layout, so dropping it is not detectable as such.
                !(report.version == .v2021 && !row.replaces.isEmpty)
            }
            let dropped = rng.pick(candidates).key
            let text = document(report, style: style, rng: &rng) { tables, style, rng in
                let damaged = tables.map { table in
                    var t = table
                    if t.id == .applications { t.rows.removeAll { $0.rowKey == dropped } }
                    return t
                }
                switch base {
                case .markdown: return markdown(damaged, style, &rng)
                case .cellPerLine: return cellPerLine(damaged, style, &rng)
                default: return tabGrid(damaged, style, &rng)
                }
            }
            return RenderedReport(text: text, damagedRow: dropped, notes: ["base layout \(base)", "dropped row \(dropped)"])
        case .realPageShapes:
            var style = PrintStyle.random(&rng)
            style.thousandsSeparators = false
            style.blankLinesInGrid = false
            let crawler = rng.chance(50)
            var notes = [crawler ? "crawler one-space grid" : "tab grid"]
            var text = document(report, style: style, rng: &rng, tables: tabGrid)
            if crawler { text = RealPageShapes.oneSpace(text) }
            text = RealPageShapes.perturb(text, rng: &rng, notes: &notes)
            return RenderedReport(text: text, damagedRow: nil, notes: notes)
        case .missingValue:
            let style = PrintStyle.random(&rng)
            let row = rng.pick(report.applicationRows).key
            var notes: [String] = []
            let text = document(report, style: style, rng: &rng) { tables, style, rng in
                let damaged = tables.map { table in
                    var t = table
                    if t.id == .applications, let i = t.rows.firstIndex(where: { $0.rowKey == row }) {
                        let gone = rng.int(0...(t.rows[i].values.count - 1))
                        t.rows[i].values.remove(at: gone)
                        notes.append("row \(row) lost value #\(gone + 1) of \(t.rows[i].values.count + 1)")
                        notes.append("printed as \(t.rows[i].cells.debugDescription)")
                    }
                    return t
                }
                return tabGrid(damaged, style, &rng)
            }
            return RenderedReport(text: text, damagedRow: row, notes: notes)
        }
    }

    // MARK: The document around the tables

    typealias TableWriter = ([LogicalTable], PrintStyle, inout SplitMix64) -> [String]

    /// The whole report: title, sections with prose, the tables (printed by `tables`, one text
    /// chunk per table), the signature.
    static func document(_ report: RandomReport, style: PrintStyle, rng: inout SplitMix64, tables writer: TableWriter) -> String {
        let tables = logicalTables(report, style: style, rng: &rng)
        let printedTables = writer(tables, style, &rng)
        var out: [String] = [""]
        let h1 = style.markdownHeadings ? "# " : ""
        let h2 = style.markdownHeadings ? "## " : ""
        switch style.titleStyle {
        case 0: out.append(h1 + "\(report.agency)\(report.year)年政府信息公开工作年度报告")
        case 1: out.append(h1 + "\(report.agency)\(report.year)年度政府信息公开工作年度报告")
        case 2: out.append(h1 + "\(report.agency)关于\(report.year)年政府信息公开工作年度报告")
        default: out += [report.agency, "", "\(report.year) 年政府信息公开工作年度报告"]
        }
        out.append("")
        if rng.chance(50) {
            out += [
                "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，特编制本报告。本报告中所列数据的统计期限自\(report.year)年1月1日起至\(report.year)年12月31日止。",
                "",
            ]
        }
        for section in report.template.sections {
            let title = style.useVariantTitles ? rng.pick(section.variants) : section.title
            out.append(h2 + title)
            if rng.chance(60) || !(2...4).contains(section.number) { out.append("") }
            for paragraph in report.prose[section.number] ?? [] { out += [paragraph, ""] }
            switch section.number {
            case 2: out.append(printedTables[0])
            case 3: out.append(printedTables[1])
            case 4: out.append(printedTables[2])
            default: break
            }
            if (2...4).contains(section.number) { out += ["", ""] }
        }
        out.append("")
        out += report.signature
        out.append("")
        return out.joined(separator: "\n")
    }

    // MARK: Tables as rows of cells

    static func logicalTables(_ report: RandomReport, style: PrintStyle, rng: inout SplitMix64) -> [LogicalTable] {
        [activeTable(report, style: style, rng: &rng), applicationsTable(report, style: style, rng: &rng), reviewTable(report, style: style)]
    }

    static func number(_ v: Int, _ style: PrintStyle) -> String {
        guard style.thousandsSeparators, v >= 1000 else { return String(v) }
        let s = String(v)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    /// "（一）予以公开" → "(一) 予以公开"; "1.属于国家秘密" → "1. 属于国家秘密", as some reports print them.
    static func styled(_ label: String, _ style: PrintStyle) -> String {
        var s = label
        if style.asciiParens, s.hasPrefix("（"), let close = s.firstIndex(of: "）") {
            let inner = s[s.index(after: s.startIndex)..<close]
            s = "(" + inner + ")" + (style.spaceAfterNumber ? " " : "") + s[s.index(after: close)...]
        } else if style.spaceAfterNumber, let first = s.first, first.isASCII, first.isNumber, s.dropFirst().first == "." {
            s = String(s.prefix(2)) + " " + s.dropFirst(2)
        }
        return s
    }

    static func label(_ row: RowSpec, _ style: PrintStyle, _ rng: inout SplitMix64) -> String {
        styled(style.useLabelVariants ? rng.pick(row.labels) : row.label, style)
    }

    static func activeTable(_ report: RandomReport, style: PrintStyle, rng: inout SplitMix64) -> LogicalTable {
        let spec = report.template.activeDisclosure
        var rows: [LogicalRow] = []
        var block: String?
        let width = 1 + (spec.rows.map(\.columns.count).max() ?? 1)
        for row in spec.rows {
            if let b = row.block, b != block {
                block = b
                let headers = spec.blockHeaders[b] ?? []
                rows.append(LogicalRow(kind: .blockLabel, labels: [b], values: [], trailing: style.labelWidth > 0 ? width - 1 : 0))
                rows.append(LogicalRow(kind: .header, labels: headers, values: [], trailing: style.labelWidth > 0 ? width - headers.count : 0))
            }
            let values = row.columns.map { report.activeDisclosure["\(row.key).\($0.key)"]! }
            let trailing = style.labelWidth > 0 ? width - 1 - values.count : 0
            rows.append(LogicalRow(kind: .data, rowKey: row.key, labels: [label(row, style, &rng)], values: values, trailing: trailing))
        }
        return LogicalTable(id: .activeDisclosure, rows: rows)
    }

    static func applicationsTable(_ report: RandomReport, style: PrintStyle, rng: inout SplitMix64) -> LogicalTable {
        let spec = report.template.applications
        let columns = spec.rows[0].columns
        let headers = spec.headerLabels
        // The header labels by role: the 勾稽 note, the "applicants" heading, the legal-person heading.
        let note = headers.first { $0.hasPrefix("（") } ?? headers[0]
        let applicantHeading = headers.first { !$0.hasPrefix("（") && !columns.map(\.label).contains($0) } ?? headers[1]
        let partColumns = columns.dropLast()
        let legalPersonHeading = headers.first {
            $0 != note && $0 != applicantHeading && !columns.map(\.label).contains($0)
        } ?? headers[3]
        let labelWidth = 3
        let valueWidth = columns.count
        var rows: [LogicalRow] = []
        // Three header rows as the template prints them.
        rows.append(LogicalRow(
            kind: .header, labels: [note, "", applicantHeading] + Array(repeating: "", count: valueWidth - 2) + [columns.last!.label],
            values: []))
        rows.append(LogicalRow(
            kind: .header, labels: ["", "", partColumns.first!.label, legalPersonHeading] + Array(repeating: "", count: valueWidth - 2),
            values: []))
        rows.append(LogicalRow(
            kind: .header, labels: ["", "", ""] + partColumns.dropFirst().map(\.label) + [""], values: []))
        // Data rows: the top-level group (三、本年度办理结果) heads the first outcome row; a sub-group
        // (（三）不予公开) heads its first item, in the second label column.
        let topGroup = report.applicationRows.first { $0.group != nil }?.group
        // The top-level group is printed in one of its wordings ("三、本年度办理结果" / "三、本年处理结果").
        let topGroupLabel: String? = topGroup.map { top in
            let wordings = spec.groupLabels.filter { LabelText.numbering(of: $0) == LabelText.numbering(of: top) }
            return style.useLabelVariants && !wordings.isEmpty ? rng.pick(wordings) : top
        }
        var lastGroup: String?
        for row in report.applicationRows {
            var labels: [String]
            let text = label(row, style, &rng)
            if row.group == nil {
                labels = [text]
            } else if row.group == topGroup {
                labels = [lastGroup == row.group ? "" : topGroupLabel!, text]
            } else {
                let sub = row.group!
                labels = ["", lastGroup == sub ? "" : styled(sub, style), text]
            }
            lastGroup = row.group
            if style.labelWidth > 0 {
                while labels.count < min(style.labelWidth, labelWidth) { labels.append("") }
            }
            let values = columns.map { number(report.applications["\(row.key).\($0.key)"]!, style) }
            let trailing = rng.chance(style.trailingBlankPercent) ? 1 : 0
            rows.append(LogicalRow(kind: .data, rowKey: row.key, labels: labels, values: values, trailing: trailing))
        }
        return LogicalTable(id: .applications, rows: rows)
    }

    static func reviewTable(_ report: RandomReport, style: PrintStyle) -> LogicalTable {
        let spec = report.template.reviewLitigation
        let columns = spec.rows[0].columns.map(\.label)
        let n = columns.count
        let review = spec.rows[0], litigation = Array(spec.rows.dropFirst())
        let litigationLabel = spec.groupLabels.first ?? ""
        var rows: [LogicalRow] = []
        rows.append(LogicalRow(
            kind: .header, labels: [review.label] + Array(repeating: "", count: n - 1) + [litigationLabel]
                + Array(repeating: "", count: n * litigation.count - 1), values: []))
        rows.append(LogicalRow(
            kind: .header,
            labels: columns + litigation.flatMap { [$0.label] + Array(repeating: "", count: n - 1) }, values: []))
        rows.append(LogicalRow(
            kind: .header, labels: Array(repeating: "", count: n) + litigation.flatMap { _ in columns }, values: []))
        let values = spec.rows.flatMap { row in row.columns.map { number(report.reviewLitigation["\(row.key).\($0.key)"]!, style) } }
        rows.append(LogicalRow(kind: .data, labels: [], values: values))
        return LogicalTable(id: .reviewLitigation, rows: rows)
    }

    // MARK: (e) shifting

    /// Some rows lose their leading empty cells, or gain an empty cell before the label or before
    /// the values. All of it is recoverable: the values stay together and in order.
    static func shift(_ table: LogicalTable, rng: inout SplitMix64, notes: inout [String]) -> LogicalTable {
        var t = table
        for i in t.rows.indices where t.rows[i].kind == .data && rng.chance(35) {
            var row = t.rows[i]
            let before = row.cells
            switch rng.int(0...2) {
            case 0 where row.labels.first == "":
                while row.labels.first == "" { row.labels.removeFirst() }
            case 0, 1:
                row.labels.insert("", at: 0)
            default:
                row.labels.append("")
            }
            if row.labels.isEmpty && t.id != .reviewLitigation { row.labels = [""] }
            t.rows[i] = row
            notes.append("\(table.id.rawValue) \(row.rowKey ?? "values"): \(before.count) → \(row.cells.count) cells")
        }
        return t
    }

    // MARK: Writers

    /// (a) tab-separated grid.
    static func tabGrid(_ tables: [LogicalTable], _ style: PrintStyle, _ rng: inout SplitMix64) -> [String] {
        tables.map { table in
            var lines: [String] = []
            for row in table.rows {
                lines.append(row.cells.joined(separator: "\t"))
                if style.blankLinesInGrid && rng.chance(8) { lines.append("") }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// (b) markdown pipe tables; table 2's 第二十条 labels as paragraphs between its pipe tables.
    static func markdown(_ tables: [LogicalTable], _ style: PrintStyle, _ rng: inout SplitMix64) -> [String] {
        tables.map { table in
            var chunks: [String] = []
            var current: [String] = []
            func flush() {
                if !current.isEmpty { chunks.append(current.joined(separator: "\n")) }
                current = []
            }
            for row in table.rows {
                if row.kind == .blockLabel {
                    flush()
                    chunks.append(row.labels[0])
                    continue
                }
                var cells = row.cells
                if style.boldHeaders && row.kind == .header { cells = cells.map { $0.isEmpty ? $0 : "**\($0)**" } }
                current.append("| " + cells.joined(separator: " | ") + " |")
                if current.count == 1 {
                    current.append("|" + Array(repeating: "---|", count: cells.count).joined())
                }
            }
            flush()
            return chunks.joined(separator: "\n\n")
        }
    }

    /// (c)/(d) one cell per line, each starting with a tab; rows separated by a blank line. With
    /// `wrapLabels`, label cells are broken onto an untabbed continuation line (sometimes after a
    /// blank line, as in 001's table 4 header).
    static func cellPerLine(_ tables: [LogicalTable], _ style: PrintStyle, _ rng: inout SplitMix64) -> [String] {
        tables.map { table in
            table.rows.map { row in
                var lines: [String] = []
                for label in row.labels {
                    if style.wrapLabels, let (head, tail) = wrap(label, rng: &rng, header: row.kind != .data) {
                        lines.append("\t" + head + (rng.chance(30) ? "\n\n" : "\n") + tail)
                    } else {
                        lines.append("\t" + label)
                    }
                }
                lines += row.values.map { "\t" + $0 }
                lines += Array(repeating: "\t", count: row.trailing)
                return lines.joined(separator: "\n")
            }.joined(separator: "\n\n")
        }
    }

    /// A cut of a label into a tabbed head and an untabbed tail the extractor takes as the same
    /// cell: the tail at most 12 characters and not itself numbered like a title ("三、…").
    static func wrap(_ label: String, rng: inout SplitMix64, header: Bool) -> (String, String)? {
        let chars = Array(label)
        guard chars.count >= 3, rng.chance(header ? 80 : 35) else { return nil }
        let lowest = max(1, chars.count - 12)
        guard lowest <= chars.count - 1 else { return nil }
        let cut = rng.int(lowest...(chars.count - 1))
        let head = String(chars[..<cut]), tail = String(chars[cut...])
        guard !tail.trimmingCharacters(in: .whitespaces).isEmpty, !head.trimmingCharacters(in: .whitespaces).isEmpty,
            !(tail.count >= 2 && "一二三四五六七八九十".contains(tail.first!) && Array(tail)[1] == "、"),
            !tail.hasPrefix("#"), !tail.hasPrefix("|"), tail.first != " "
        else { return nil }
        return (head, tail)
    }
}

/// The perturbations of layout (h), on the rendered text.
enum RealPageShapes {
    /// A crawler's text render: the cells of a line parted by one space, empty cells gone.
    static func oneSpace(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ") }
            .joined(separator: "\n")
    }

    static func perturb(_ text: String, rng: inout SplitMix64, notes: inout [String]) -> String {
        var lines = text.components(separatedBy: "\n")
        func index(_ prefix: String, containing word: String) -> Int? {
            lines.firstIndex { line in
                let t = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "## ", with: "")
                return t.hasPrefix(prefix) && t.contains(word) && t.count < 40
            }
        }
        // Section 四's heading: reworded, mistyped, or gone; or run into the last row of table 三.
        if let four = index("四、", containing: "行政复议") {
            switch rng.int(0...4) {
            case 0: lines[four] = "四、政府信息公开行政复议与行政诉讼情况"; notes.append("四 with 与")
            case 1: lines[four] = "四、政府信息公开行政法复议、行政诉讼情况"; notes.append("四 mistyped")
            case 2: lines[four] = ""; notes.append("四 missing")
            case 3:
                if let last = lines[..<four].lastIndex(where: { $0.contains("结转下年度继续办理") }) {
                    let title = lines[four].replacingOccurrences(of: "## ", with: "")
                    lines[last] = lines[last].replacingOccurrences(of: "\t", with: " ") + " " + title
                    lines[four] = ""
                    notes.append("last row run into 四")
                }
            default: break
            }
        }
        if rng.chance(40), let five = index("五、", containing: "问题") {
            lines[five] = "五、存在的主要问题及明年工作计划"
            notes.append("五 reworded")
        }
        if rng.chance(30), let six = index("六、", containing: "其他需要报告") {
            lines[six] = ""
            notes.append("六 missing")
        }
        // Table 二 run into a paragraph.
        if rng.chance(40), let two = index("二、", containing: "主动公开"),
            let three = lines.indices.first(where: { $0 > two && lines[$0].contains("收到和处理") && lines[$0].count < 40 }),
            let first = lines[two..<three].firstIndex(where: { $0.contains("第二十条") })
        {
            let table = lines[first..<three].filter { !$0.isEmpty }.joined(separator: " ")
            lines.replaceSubrange(first..<three, with: ["本年主动公开政府信息占全部信息的21.02%。 " + table, ""])
            notes.append("table 二 in prose")
        }
        var out = lines.joined(separator: "\n")
        if rng.chance(50), let r = out.range(of: #"三、本年度办理结果[\t ]*[（(]一[)）] ?予以公开"#, options: .regularExpression) {
            out.replaceSubrange(r, with: "三三、本年度办理结果（一）予以公开")
            notes.append("merged numbering")
        }
        if rng.chance(50), let r = out.range(of: #"行政复议([\t ]+)行政诉讼"#, options: .regularExpression) {
            out.replaceSubrange(r, with: "行 政 复 议 行 政 诉 讼")
            notes.append("spaced header")
        }
        if rng.chance(50), let r = out.range(of: "年度报告\n") {
            out.replaceSubrange(r, with: "年度报告\n本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。\n")
            notes.append("body starts 本报告")
        }
        return out
    }
}
