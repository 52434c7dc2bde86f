import NianbaoDocument
import NianbaoSupport
// The national templates as data: every section title, table row and column label with its
// canonical key (docs/KEYS.md), the label variants seen in real reports, and the 勾稽 rules.
// The parser, the checks and the emitters all read the template from here.

private let applicantColumns: [ColumnSpec] = [
    ColumnSpec(key: "naturalPerson", label: "自然人"),
    ColumnSpec(key: "commercial", label: "商业企业"),
    ColumnSpec(key: "research", label: "科研机构"),
    ColumnSpec(key: "publicInterest", label: "社会公益组织"),
    ColumnSpec(key: "legalService", label: "法律服务机构"),
    ColumnSpec(key: "other", label: "其他"),
    ColumnSpec(key: "total", label: "总计"),
]

private let reviewColumns: [ColumnSpec] = [
    ColumnSpec(key: "upheld", label: "结果维持"),
    ColumnSpec(key: "corrected", label: "结果纠正"),
    ColumnSpec(key: "other", label: "其他结果"),
    ColumnSpec(key: "pending", label: "尚未审结"),
    ColumnSpec(key: "total", label: "总计"),
]

private func row(
    _ key: String, _ label: String, _ variants: [String] = [], group: String? = nil,
    columns: [ColumnSpec] = applicantColumns, block: String? = nil, replaces: [String] = []
) -> RowSpec {
    RowSpec(key: key, label: label, variants: variants, group: group, columns: columns, block: block, replaces: replaces)
}

private func columns(_ pairs: KeyValuePairs<String, String>) -> [ColumnSpec] {
    pairs.map { ColumnSpec(key: $0.key, label: $0.value) }
}

private let sectionSpecs: [SectionSpec] = [
    SectionSpec(number: 1, title: "一、总体情况", variants: ["一、总体情况", "一、概述"], keywordSets: [["总体情况"], ["概述"]]),
    SectionSpec(
        number: 2, title: "二、主动公开政府信息情况", variants: ["二、主动公开政府信息情况"],
        keywordSets: [["主动公开政府信息"]], table: .activeDisclosure),
    SectionSpec(
        number: 3, title: "三、收到和处理政府信息公开申请情况", variants: ["三、收到和处理政府信息公开申请情况"],
        keywordSets: [["收到和处理"], ["处理政府信息公开申请情况"]], table: .applications),
    SectionSpec(
        number: 4, title: "四、政府信息公开行政复议、行政诉讼情况",
        variants: [
            "四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        ],
        keywordSets: [["行政复议", "行政诉讼"]], table: .reviewLitigation),
    SectionSpec(
        number: 5, title: "五、存在的主要问题及改进情况",
        variants: [
            "五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况",
            "五、存在的主要问题及明年工作计划",
        ],
        keywordSets: [["问题", "改进"], ["问题", "整改"], ["问题", "工作计划"]]),
    SectionSpec(
        number: 6, title: "六、其他需要报告的事项", variants: ["六、其他需要报告的事项"],
        keywordSets: [["其他需要报告"]]),
]

private let applicationsRows2021: [RowSpec] = [
    row("newReceived", "一、本年新收政府信息公开申请数量", ["本年新收政府信息公开申请"]),
    row("carriedOver", "二、上年结转政府信息公开申请数量", ["上年结转政府信息公开申请"]),
    row("granted", "（一）予以公开", group: "三、本年度办理结果"),
    row("partiallyGranted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["（二）部分公开"], group: "三、本年度办理结果"),
    row("denied.stateSecret", "1.属于国家秘密", group: "（三）不予公开"),
    row("denied.lawProhibited", "2.其他法律行政法规禁止公开", group: "（三）不予公开"),
    row("denied.safetyStability", "3.危及“三安全一稳定”", group: "（三）不予公开"),
    row("denied.thirdPartyRights", "4.保护第三方合法权益", group: "（三）不予公开"),
    row("denied.internalAffairs", "5.属于三类内部事务信息", group: "（三）不予公开"),
    row("denied.processInformation", "6.属于四类过程性信息", group: "（三）不予公开"),
    row("denied.enforcementFiles", "7.属于行政执法案卷", group: "（三）不予公开"),
    row("denied.administrativeQuery", "8.属于行政查询事项", group: "（三）不予公开"),
    row("unableToProvide.notHeld", "1.本机关不掌握相关政府信息", group: "（四）无法提供"),
    row("unableToProvide.needsCreation", "2.没有现成信息需要另行制作", group: "（四）无法提供"),
    row("unableToProvide.stillUnclear", "3.补正后申请内容仍不明确", group: "（四）无法提供"),
    row("notProcessed.complaint", "1.信访举报投诉类申请", group: "（五）不予处理"),
    row("notProcessed.duplicate", "2.重复申请", group: "（五）不予处理"),
    row("notProcessed.publication", "3.要求提供公开出版物", group: "（五）不予处理"),
    row("notProcessed.excessive", "4.无正当理由大量反复申请", group: "（五）不予处理"),
    row("notProcessed.confirmation", "5.要求行政机关确认或重新出具已获取信息", group: "（五）不予处理"),
    row(
        "otherHandling.overdueCorrection", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        group: "（六）其他处理"),
    row(
        "otherHandling.unpaidFees", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        group: "（六）其他处理"),
    row("otherHandling.other", "3.其他", group: "（六）其他处理"),
    row(
        "otherHandling.total", "（六）其他处理", group: "三、本年度办理结果",
        replaces: ["otherHandling.overdueCorrection", "otherHandling.unpaidFees", "otherHandling.other"]),
    row("totalHandled", "（七）总计", group: "三、本年度办理结果"),
    row("carriedForward", "四、结转下年度继续办理"),
]

/// The 2019 template prints （六）其他处理 as one row.
private let applicationsRows2019: [RowSpec] = applicationsRows2021.compactMap { spec in
    if spec.key == "otherHandling.total" {
        return row(spec.key, spec.label, group: spec.group)
    }
    return spec.group == "（六）其他处理" ? nil : spec
}

private let applicationsGroups = [
    "三、本年度办理结果", "三、本年处理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理",
]
private let applicationsHeaders = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人", "法人或其他组织",
    "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
]

/// How both templates print section 三: the 勾稽 note in the corner, applicants over the values.
private let applicationsLayout = TableLayout.rowsDown(
    corner: applicationsHeaders[0],
    columns: [
        .group("申请人情况", [
            .column(applicantColumns[0].key, applicantColumns[0].label),
            .group("法人或其他组织", applicantColumns[1...5].map { .column($0.key, $0.label) }),
            .column(applicantColumns[6].key, applicantColumns[6].label),
        ])
    ],
    groupParents: [
        "（三）不予公开": "三、本年度办理结果", "（四）无法提供": "三、本年度办理结果", "（五）不予处理": "三、本年度办理结果",
        "（六）其他处理": "三、本年度办理结果",
    ])

private func applicationsTable(_ rows: [RowSpec]) -> TableSpec {
    TableSpec(
        id: .applications, title: "收到和处理政府信息公开申请情况", rows: rows, groupLabels: applicationsGroups,
        headerLabels: applicationsHeaders, blockHeaders: [:], layout: applicationsLayout,
        startMarkers: [["本年新收"], ["申请人情况"]])
}

private let reviewLitigationTable = TableSpec(
    id: .reviewLitigation, title: "政府信息公开行政复议、行政诉讼情况",
    rows: [
        row("review", "行政复议", columns: reviewColumns),
        row("litigationDirect", "未经复议直接起诉", group: "行政诉讼", columns: reviewColumns),
        row("litigationAfterReview", "复议后起诉", group: "行政诉讼", columns: reviewColumns),
    ],
    groupLabels: ["行政诉讼"], headerLabels: reviewColumns.map(\.label), blockHeaders: [:], layout: .rowsAcross,
    startMarkers: [["行政复议", "行政诉讼"], ["行政复议", "结果维持"]])

private let item1 = "第二十条第（一）项"
private let item5 = "第二十条第（五）项"
private let item6 = "第二十条第（六）项"
private let item8 = "第二十条第（八）项"
private let item9 = "第二十条第（九）项"

private let activeDisclosure2021: TableSpec = {
    let documents = columns(["issued": "本年制发件数", "repealed": "本年废止件数", "inForce": "现行有效件数"])
    let decisions = columns(["decisions": "本年处理决定数量"])
    let fees = columns(["amount": "本年收费金额（单位：万元）"])
    return TableSpec(
        id: .activeDisclosure, title: "主动公开政府信息情况",
        rows: [
            row("regulations", "规章", columns: documents, block: item1),
            row("normativeDocuments", "行政规范性文件", ["规范性文件"], columns: documents, block: item1),
            row("licensing", "行政许可", columns: decisions, block: item5),
            row("punishment", "行政处罚", columns: decisions, block: item6),
            row("coercion", "行政强制", columns: decisions, block: item6),
            row("fees", "行政事业性收费", columns: fees, block: item8),
        ],
        groupLabels: [item1, item5, item6, item8], headerLabels: ["信息内容"] + (documents + decisions + fees).map(\.label),
        blockHeaders: [
            item1: ["信息内容"] + documents.map(\.label), item5: ["信息内容"] + decisions.map(\.label),
            item6: ["信息内容"] + decisions.map(\.label), item8: ["信息内容"] + fees.map(\.label),
        ], layout: .headingBlocks(valueColumns: 3), startMarkers: [["第二十条"]])
}()

private let activeDisclosure2019: TableSpec = {
    let documents = columns(["made": "本年新制作数量", "published": "本年新公开数量", "total": "对外公开总数量"])
    let items = columns(["previousYear": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量"])
    let fees = columns(["previousYear": "上一年项目数量", "change": "本年增/减"])
    let procurement = columns(["projects": "采购项目数量", "amount": "采购总金额"])
    return TableSpec(
        id: .activeDisclosure, title: "主动公开政府信息情况",
        rows: [
            row("regulations", "规章", columns: documents, block: item1),
            row("normativeDocuments", "规范性文件", ["行政规范性文件"], columns: documents, block: item1),
            row("licensing", "行政许可", columns: items, block: item5),
            row("otherServices", "其他对外管理服务事项", columns: items, block: item5),
            row("punishment", "行政处罚", columns: items, block: item6),
            row("coercion", "行政强制", columns: items, block: item6),
            row("fees", "行政事业性收费", columns: fees, block: item8),
            row("procurement", "政府集中采购", columns: procurement, block: item9),
        ],
        groupLabels: [item1, item5, item6, item8, item9],
        headerLabels: ["信息内容"] + (documents + items + procurement).map(\.label),
        blockHeaders: [
            item1: ["信息内容"] + documents.map(\.label), item5: ["信息内容"] + items.map(\.label),
            item6: ["信息内容"] + items.map(\.label), item8: ["信息内容"] + fees.map(\.label),
            item9: ["信息内容"] + procurement.map(\.label),
        ], layout: .headingBlocks(valueColumns: 4), startMarkers: [["第二十条"]])
}()

private func consistencyRules(_ applications: [RowSpec]) -> [ConsistencyRule] {
    let outcomes = applications.filter { $0.group != nil && $0.key != "totalHandled" }.map(\.key)
    return [
        .columnBalance(table: .applications, left: ["newReceived", "carriedOver"], right: ["totalHandled", "carriedForward"]),
        .rowSum(
            table: .applications, rows: applications.map(\.key),
            parts: applicantColumns.dropLast().map(\.key), total: "total"),
        .columnDecomposition(table: .applications, total: "totalHandled", parts: outcomes),
        .rowSum(
            table: .reviewLitigation, rows: reviewLitigationTable.rows.map(\.key),
            parts: reviewColumns.dropLast().map(\.key), total: "total"),
    ]
}

package extension ReportTemplate {
    /// 国办公开办函〔2021〕30号.
    public static let v2021 = ReportTemplate(
        version: .v2021, issuedBy: "国办公开办函〔2021〕30号", firstYear: 2021, sections: sectionSpecs,
        activeDisclosure: activeDisclosure2021, applications: applicationsTable(applicationsRows2021),
        reviewLitigation: reviewLitigationTable, rules: consistencyRules(applicationsRows2021))

    /// 国办公开办函〔2019〕60号 (trial).
    public static let v2019 = ReportTemplate(
        version: .v2019, issuedBy: "国办公开办函〔2019〕60号", firstYear: 2019, sections: sectionSpecs,
        activeDisclosure: activeDisclosure2019, applications: applicationsTable(applicationsRows2019),
        reviewLitigation: reviewLitigationTable, rules: consistencyRules(applicationsRows2019))
}
