import NianbaoDocument
import NianbaoSupport
/// The kinds of 勾稽 (consistency) rule a check applies.
public enum CheckRule: String, Codable, Sendable, CaseIterable {
    /// 一+二 = （七）总计+四, per applicant column.
    case balance
    /// The six applicant columns sum to 总计, per row of table 三.
    case rowSum
    /// （七）总计 = （一）+（二）+ every item of （三）（四）（五）（六）, per column.
    case decomposition
    /// Table 四: 维持+纠正+其他+尚未审结 = 总计, per group.
    case groupSum

    /// What the rule states, for the README and the schema.
    public var meaning: String {
        switch self {
        case .balance: return "一+二 = （七）总计+四, per applicant column"
        case .rowSum: return "the six applicant columns = 总计, per row of table 三"
        case .decomposition: return "（七）总计 = （一）+（二）+ every item of （三）（四）（五）（六）, per column"
        case .groupSum: return "table 四: 维持+纠正+其他+尚未审结 = 总计, per group"
        }
    }
}

/// The outcome of one 勾稽 rule at one place (a column, a row, a group).
public struct CheckResult: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Sendable { case pass, fail, notEvaluated }

    public var rule: CheckRule
    public var table: TableID
    /// The column, row or group the rule was applied to, as a key ("naturalPerson", "granted", "review").
    public var place: String
    /// A readable statement of the rule at this place, with the template's labels.
    public var statement: String
    /// The value the rule requires (the sum of the parts).
    public var expected: Double?
    /// The value printed (the total).
    public var actual: Double?
    public var status: Status
    /// The cells involved (for marking them in output).
    public var cells: [CellKey]
    /// Why the rule was not evaluated, if it was not.
    public var reason: String?
}

extension CheckResult {
    /// A result as stored elsewhere (the SQLite corpus), read back.
    package static func stored(
        rule: CheckRule, table: TableID, place: String, statement: String, expected: Double?, actual: Double?, status: Status,
        cells: [CellKey], reason: String?
    ) -> CheckResult {
        CheckResult(
            rule: rule, table: table, place: place, statement: statement, expected: expected, actual: actual, status: status,
            cells: cells, reason: reason)
    }
}
