/// The outcome of one 勾稽 rule at one place (a column, a row, a group).
public struct CheckResult: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Sendable { case pass, fail, notEvaluated }

    /// "balance" (一+二 = （七）+四), "rowSum" (six applicant columns = 总计), "decomposition"
    /// (（七）总计 = sum of outcomes) or "groupSum" (table 4: 维持+纠正+其他+尚未审结 = 总计).
    public var rule: String
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
    /// Full dotted keys of the cells involved (for marking them in output).
    public var cells: [String]
    /// Why the rule was not evaluated, if it was not.
    public var reason: String?
}
