import NianbaoDocument
import NianbaoSupport
/// Evaluates the template's 勾稽 rules on a report's tables. A rule that touches a null cell is
/// "not evaluated", never failed.
public enum ConsistencyChecker {
    /// One rule at one place: the sum of `parts` must equal the sum of `totals` (cells of `table`).
    package struct Equation: Sendable {
        package var rule: CheckRule
        package var table: TableID
        package var place: String
        package var statement: String
        package var parts: [CellKey]
        package var totals: [CellKey]

        /// nil when a cell is null; otherwise whether the sums agree (`cells` keyed by path within the table).
        package func holds(in cells: [String: CellValue]) -> Bool? {
            var left = 0.0, right = 0.0
            for key in parts { guard let n = cells[key.path]?.number else { return nil }; left += n }
            for key in totals { guard let n = cells[key.path]?.number else { return nil }; right += n }
            return abs(left - right) < 1e-6
        }
    }

    public static func check(_ report: AnnualReport) -> [CheckResult] {
        equations(report.template, alternativeRows: report.tables.alternativeRows).map { evaluate($0, report.tables[$0.table]) }
    }

    /// The template's rules spelled out at every place they apply, for the rows the report prints.
    package static func equations(_ template: ReportTemplate, alternativeRows: Set<String>) -> [Equation] {
        var result: [Equation] = []
        for rule in template.rules {
            switch rule {
            case let .columnBalance(table, left, right):
                let spec = template.table(table)
                let sides = "\(labels(left, spec)) = \(labels(right, spec))"
                for column in spec.rows[0].columns {
                    result.append(Equation(
                        rule: .balance, table: table, place: column.key,
                        statement: "\(sides)（\(column.label)）",
                        parts: left.map { CellKey(table, row: $0, column: column.key) },
                        totals: right.map { CellKey(table, row: $0, column: column.key) }))
                }
            case let .rowSum(table, rows, parts, total):
                let spec = template.table(table)
                for key in rows where spec.prints(key, alternatives: alternativeRows) {
                    guard let row = spec.row(key) else { continue }
                    let partLabels = parts.compactMap { p in row.columns.first { $0.key == p }?.label }
                    let totalLabel = row.columns.first { $0.key == total }?.label ?? total
                    result.append(Equation(
                        rule: table == .reviewLitigation ? .groupSum : .rowSum, table: table, place: key,
                        statement: "\(row.label)：\(partLabels.joined(separator: "+")) = \(totalLabel)",
                        parts: parts.map { CellKey(table, row: key, column: $0) }, totals: [CellKey(table, row: key, column: total)]))
                }
            case let .columnDecomposition(table, total, parts):
                let spec = template.table(table)
                let used = parts.filter { spec.prints($0, alternatives: alternativeRows) }
                let sides = "\(labels([total], spec)) = \(groupedLabels(used, spec))"
                for column in spec.rows[0].columns {
                    result.append(Equation(
                        rule: .decomposition, table: table, place: column.key,
                        statement: "\(sides)（\(column.label)）",
                        parts: used.map { CellKey(table, row: $0, column: column.key) }, totals: [CellKey(table, row: total, column: column.key)]))
                }
            }
        }
        return result
    }

    static func evaluate(_ e: Equation, _ cells: [String: CellValue]) -> CheckResult {
        let all = e.parts + e.totals
        let nulls = all.filter { cells[$0.path]?.number == nil }
        guard nulls.isEmpty else {
            return CheckResult(
                rule: e.rule, table: e.table, place: e.place, statement: e.statement, expected: nil, actual: nil, status: .notEvaluated,
                cells: all, reason: "null cell\(nulls.count == 1 ? "" : "s"): " + nulls.prefix(3).map(\.path).joined(separator: ", ") + (nulls.count > 3 ? "…" : ""))
        }
        let expected = e.parts.reduce(0.0) { $0 + (cells[$1.path]?.number ?? 0) }
        let actual = e.totals.reduce(0.0) { $0 + (cells[$1.path]?.number ?? 0) }
        // Sums beyond 2^53 are not exact in a Double, so neither a pass nor a fail could be trusted.
        let magnitude = all.reduce(0.0) { $0 + abs(cells[$1.path]?.number ?? 0) }
        guard magnitude <= Double(CellValue.largestExactInteger) else {
            return CheckResult(
                rule: e.rule, table: e.table, place: e.place, statement: e.statement, expected: nil, actual: nil, status: .notEvaluated,
                cells: all, reason: "the numbers add up to more than 2^53, which cannot be summed exactly")
        }
        return CheckResult(
            rule: e.rule, table: e.table, place: e.place, statement: e.statement, expected: expected, actual: actual,
            status: abs(expected - actual) < 1e-6 ? .pass : .fail, cells: all, reason: nil)
    }

    static func labels(_ keys: [String], _ spec: TableSpec) -> String {
        keys.map { key in shortLabel(spec.row(key)?.label ?? key) }.joined(separator: "+")
    }

    /// Parts named by their group where the whole group is summed: "（一）+（二）+（三）+…".
    static func groupedLabels(_ keys: [String], _ spec: TableSpec) -> String {
        var names: [String] = []
        for key in keys {
            guard let row = spec.row(key) else { continue }
            let name = row.group.flatMap { g in g.hasPrefix("（") && !row.label.hasPrefix("（") ? g : nil } ?? row.label
            let short = shortLabel(name)
            if names.last != short { names.append(short) }
        }
        return names.joined(separator: "+")
    }

    /// "（二）部分公开（区分处理的…）" → "（二）部分公开".
    static func shortLabel(_ label: String) -> String {
        guard let open = label.dropFirst().firstIndex(of: "（") else { return label }
        return String(label[..<open])
    }
}
