import NianbaoDocument
import NianbaoSupport
/// Rules between two consecutive years' reports of one body (`nianbao compare`), with the
/// template data: a rule applies where both reports' templates have its cells (the same key
/// means the same thing in both versions).
public enum CrossYearRule: String, Codable, Sendable, CaseIterable {
    /// LATER's 二、上年结转 = EARLIER's 四、结转下年度继续办理, per applicant column.
    case carryOver
    /// 2019 template, table 二: LATER's 上一年项目数量 = EARLIER's 上一年项目数量 + 本年增/减, per item.
    case itemCount
    /// Table 二, 现行有效件数: LATER's ≈ EARLIER's + LATER's 本年制发 − 本年废止 (documents also expire
    /// or are revised without being counted: a difference is a warning, never a failure).
    case documentsInForce

    /// What the rule states.
    public var meaning: String {
        switch self {
        case .carryOver: return "LATER 二、上年结转 = EARLIER 四、结转下年度继续办理, per applicant column"
        case .itemCount: return "LATER 上一年项目数量 = EARLIER 上一年项目数量 + 本年增/减, per 第二十条 item (2019 template)"
        case .documentsInForce: return "LATER 现行有效件数 ≈ EARLIER 现行有效件数 + LATER 本年制发 − 本年废止 (a warning only)"
        }
    }

    /// Whether a difference fails the comparison (exact rules) or is only reported (rough ones).
    public var isExact: Bool { self != .documentsInForce }

    /// The rule at every place it applies between reports of these templates: LATER's `later` cell
    /// against the signed sum of the `earlier` terms (EARLIER's cells) and `laterTerms` (LATER's own).
    package func equations(earlier: ReportTemplate, later: ReportTemplate) -> [CrossYearEquation] {
        func has(_ template: ReportTemplate, _ key: CellKey) -> Bool {
            template.table(key.table).row(key.row)?.columns.contains { $0.key == key.column } ?? false
        }
        let candidates: [CrossYearEquation]
        switch self {
        case .carryOver:
            candidates = (later.applications.row("carriedOver")?.columns ?? []).map { column in
                CrossYearEquation(
                    rule: self, place: column.key, later: CellKey(.applications, row: "carriedOver", column: column.key),
                    earlierTerms: [(CellKey(.applications, row: "carriedForward", column: column.key), 1)], laterTerms: [])
            }
        case .itemCount:
            candidates = later.activeDisclosure.rows.map { row in
                CrossYearEquation(
                    rule: self, place: row.key, later: CellKey(.activeDisclosure, row: row.key, column: "previousYear"),
                    earlierTerms: [(CellKey(.activeDisclosure, row: row.key, column: "previousYear"), 1),
                                   (CellKey(.activeDisclosure, row: row.key, column: "change"), 1)], laterTerms: [])
            }
        case .documentsInForce:
            candidates = later.activeDisclosure.rows.map { row in
                CrossYearEquation(
                    rule: self, place: row.key, later: CellKey(.activeDisclosure, row: row.key, column: "inForce"),
                    earlierTerms: [(CellKey(.activeDisclosure, row: row.key, column: "inForce"), 1)],
                    laterTerms: [(CellKey(.activeDisclosure, row: row.key, column: "issued"), 1),
                                 (CellKey(.activeDisclosure, row: row.key, column: "repealed"), -1)])
            }
        }
        return candidates.filter { equation in
            has(later, equation.later) && equation.earlierTerms.allSatisfy { has(earlier, $0.key) }
                && equation.laterTerms.allSatisfy { has(later, $0.key) }
        }
    }
}

/// One cross-year rule at one place.
package struct CrossYearEquation: Sendable {
    package var rule: CrossYearRule
    package var place: String
    package var later: CellKey
    package var earlierTerms: [(key: CellKey, sign: Double)]
    package var laterTerms: [(key: CellKey, sign: Double)]
}
