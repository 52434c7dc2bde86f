import NianbaoDocument
import NianbaoSupport
/// The two national templates of the annual report.
public enum TemplateVersion: String, Codable, Sendable, CaseIterable {
    /// 国办公开办函〔2021〕30号, for reports on 2021 and later.
    case v2021 = "2021"
    /// The 2019 trial template 国办公开办函〔2019〕60号, for reports on 2019 and 2020.
    case v2019 = "2019"
}

/// The three statistical tables every report carries.
public enum TableID: String, Codable, Sendable, CaseIterable {
    /// Section 二: items of 第二十条.
    case activeDisclosure
    /// Section 三: applications received and handled.
    case applications
    /// Section 四: administrative review and litigation.
    case reviewLitigation
}

/// A column of a table: its canonical key and the label the template prints.
public struct ColumnSpec: Sendable, Hashable {
    public let key: String
    public let label: String
}

/// A row of a table that carries values.
public struct RowSpec: Sendable, Hashable {
    /// The dotted row key within its table, e.g. "denied.stateSecret".
    public let key: String
    /// The label as the template prints it, e.g. "1.属于国家秘密".
    public let label: String
    /// Other wordings real reports print for the same row.
    public let variants: [String]
    /// The group the row belongs to, e.g. "（三）不予公开" (nil for rows that stand alone).
    public let group: String?
    /// The row's value columns.
    public let columns: [ColumnSpec]
    /// A heading block printed above the row in the template (section 二: "第二十条第（一）项").
    public let block: String?
    /// For a row printed instead of several others (（六）其他处理 as one row), the keys it replaces.
    public let replaces: [String]

    /// Every cell key of the row within its table, e.g. "denied.stateSecret.naturalPerson".
    public var cellKeys: [String] { columns.map { CellKey.path(row: key, column: $0.key) } }
    /// The row's cells in `table`.
    public func cells(in table: TableID) -> [CellKey] { columns.map { CellKey(table, row: key, column: $0.key) } }
    /// The row's key in `table`.
    public func key(in table: TableID) -> RowKey { RowKey(table, row: key) }
    /// All printed wordings of the label, the template's first.
    public var labels: [String] { [label] + variants }
}

/// A table of the template: its rows in printed order and the labels around them.
public struct TableSpec: Sendable {
    public let id: TableID
    public let title: String
    public let rows: [RowSpec]
    /// Labels that head groups of rows and carry no values of their own.
    public let groupLabels: [String]
    /// Header labels (column titles, notes) that carry no values.
    public let headerLabels: [String]
    /// Column headers per heading block (section 二), keyed by the block label.
    public let blockHeaders: [String: [String]]
    /// How the template prints the table (read by writers that rebuild it, not by the parser).
    public let layout: TableLayout
    /// Where the table begins when its section's title is missing: a line containing every word
    /// of one of these sets (its first header or row words).
    public let startMarkers: [[String]]

    /// Rows that are printed by default, i.e. not alternatives replacing others.
    public var standardRows: [RowSpec] { rows.filter { $0.replaces.isEmpty } }

    public func row(_ key: String) -> RowSpec? { rows.first { $0.key == key } }
}

/// A column header of a printed table: over one value column, or over a group of headers.
public struct HeaderSpec: Sendable, Hashable {
    /// The label as the template prints it, e.g. "法人或其他组织".
    public let label: String
    /// The column key of a header over one value column ("commercial"); nil over a group.
    public let key: String?
    /// The headers under a group header, in printed order.
    public let children: [HeaderSpec]

    /// A header over the value column `key`.
    public static func column(_ key: String, _ label: String) -> HeaderSpec { HeaderSpec(label: label, key: key, children: []) }
    /// A header over the headers `children`.
    public static func group(_ label: String, _ children: [HeaderSpec]) -> HeaderSpec { HeaderSpec(label: label, key: nil, children: children) }
}

/// How the template lays a table out on the page: the header rows, the nesting of row groups,
/// and which way the rows run. Writers that rebuild the official table (HTML) read it; the parser
/// finds rows by label and does not.
public enum TableLayout: Sendable {
    /// Section 二: each heading block (``RowSpec/block``) prints its label across the table, then a
    /// header row from ``TableSpec/blockHeaders``, then its rows. Under the label column the form
    /// is ruled into `valueColumns` columns; a block with fewer columns spans them, spare ones going
    /// to its middle columns (the 2019 form: 4, so 本年新公开数量 spans two, 采购项目数量 two).
    case headingBlocks(valueColumns: Int)
    /// Section 三: one printed row per template row. `corner` is printed in the top-left cell above
    /// the row labels, `columns` are the header rows above the values, and `groupParents` names the
    /// group each nested group is printed inside ("（三）不予公开" inside "三、本年度办理结果").
    case rowsDown(corner: String, columns: [HeaderSpec], groupParents: [String: String])
    /// Section 四: the template rows stand side by side in one printed row of values, each row's
    /// label (under its group's) heading its columns.
    case rowsAcross
}

/// One of the six sections of the report.
public struct SectionSpec: Sendable {
    /// 1…6, as numbered 一…六 in the template.
    public let number: Int
    /// The title the template prints, with its number, e.g. "一、总体情况".
    public let title: String
    /// Full titles real reports print, used to find titles run into surrounding text.
    public let variants: [String]
    /// A line is this section's title when its text contains every word of one of these sets.
    public let keywordSets: [[String]]
    /// The statistical table the section holds (二, 三, 四), if any.
    public var table: TableID? = nil
}

/// A 勾稽 (consistency) rule of the template.
public enum ConsistencyRule: Sendable {
    /// In every column of `table`: sum of `left` rows = sum of `right` rows (一+二 = （七）+四).
    case columnBalance(table: TableID, left: [String], right: [String])
    /// In every listed row of `table`: the `parts` columns sum to the `total` column.
    case rowSum(table: TableID, rows: [String], parts: [String], total: String)
    /// In every column of `table`: row `total` = sum of `parts` rows (（七）总计 = （一）+…+（六））.
    /// Where the report prints a row that replaces some parts (see ``RowSpec/replaces``), it stands in for them.
    case columnDecomposition(table: TableID, total: String, parts: [String])
}

/// A whole template version: sections, tables and rules.
public struct ReportTemplate: Sendable {
    public let version: TemplateVersion
    /// The document that issued it, e.g. "国办公开办函〔2021〕30号".
    public let issuedBy: String
    /// The first year whose reports follow it; a report follows the template of the latest first
    /// year not after its own year (reports before the earliest, the earliest).
    public let firstYear: Int
    public let sections: [SectionSpec]
    public let activeDisclosure: TableSpec
    public let applications: TableSpec
    public let reviewLitigation: TableSpec
    public let rules: [ConsistencyRule]

    public var tables: [TableSpec] { [activeDisclosure, applications, reviewLitigation] }

    public func table(_ id: TableID) -> TableSpec {
        switch id {
        case .activeDisclosure: return activeDisclosure
        case .applications: return applications
        case .reviewLitigation: return reviewLitigation
        }
    }

    /// The template of a version. Every place that treats versions apart switches over them
    /// exhaustively, so that a new version does not compile until each of them handles it.
    public static func of(_ version: TemplateVersion) -> ReportTemplate {
        switch version {
        case .v2021: return .v2021
        case .v2019: return .v2019
        }
    }

    /// Every template, oldest first.
    public static var all: [ReportTemplate] { TemplateVersion.allCases.map(of).sorted { $0.firstYear < $1.firstYear } }

    /// The template reports on `year` follow.
    public static func inForce(year: Int) -> ReportTemplate {
        all.last { $0.firstYear <= year } ?? all[0]
    }

    /// The newest template: assumed when nothing else tells.
    public static var newest: ReportTemplate { all[all.count - 1] }

    /// The sections of every template, by number (their title variants and keywords merged), for
    /// finding section titles before the template is known.
    public static let anySections: [SectionSpec] = {
        var merged: [SectionSpec] = []
        for spec in all.flatMap(\.sections) {
            guard let i = merged.firstIndex(where: { $0.number == spec.number }) else { merged.append(spec); continue }
            let old = merged[i]
            merged[i] = SectionSpec(
                number: old.number, title: old.title, variants: old.variants + spec.variants.filter { !old.variants.contains($0) },
                keywordSets: old.keywordSets + spec.keywordSets.filter { !old.keywordSets.contains($0) }, table: old.table ?? spec.table)
        }
        return merged.sorted { $0.number < $1.number }
    }()
}
