/// Evaluates the template's 勾稽 rules on a report's tables. A rule that touches a null cell is
/// "not evaluated", never failed.
public enum ConsistencyChecker {
    /// One rule at one place: the sum of `parts` must equal the sum of `totals` (cell keys within `table`).
    struct Equation: Sendable {
        var rule: String
        var table: TableID
        var place: String
        var statement: String
        var parts: [String]
        var totals: [String]

        /// nil when a cell is null; otherwise whether the sums agree.
        func holds(in cells: [String: CellValue]) -> Bool? {
            var left = 0.0, right = 0.0
            for key in parts { guard let n = cells[key]?.number else { return nil }; left += n }
            for key in totals { guard let n = cells[key]?.number else { return nil }; right += n }
            return abs(left - right) < 1e-6
        }
    }

    public static func check(_ report: AnnualReport) -> [CheckResult] {
        equations(report.template, alternativeRows: report.tables.alternativeRows).map { evaluate($0, report.tables[$0.table]) }
    }

    /// The template's rules spelled out at every place they apply, for the rows the report prints.
    static func equations(_ template: ReportTemplate, alternativeRows: Set<String>) -> [Equation] {
        var result: [Equation] = []
        for rule in template.rules {
            switch rule {
            case let .columnBalance(table, left, right):
                let spec = template.table(table)
                let sides = "\(labels(left, spec)) = \(labels(right, spec))"
                for column in spec.rows[0].columns {
                    result.append(Equation(
                        rule: "balance", table: table, place: column.key,
                        statement: "\(sides)（\(column.label)）",
                        parts: left.map { "\($0).\(column.key)" }, totals: right.map { "\($0).\(column.key)" }))
                }
            case let .rowSum(table, rows, parts, total):
                let spec = template.table(table)
                for key in rows where inUse(key, spec, alternativeRows) {
                    guard let row = spec.row(key) else { continue }
                    let partLabels = parts.compactMap { p in row.columns.first { $0.key == p }?.label }
                    let totalLabel = row.columns.first { $0.key == total }?.label ?? total
                    result.append(Equation(
                        rule: table == .reviewLitigation ? "groupSum" : "rowSum", table: table, place: key,
                        statement: "\(row.label)：\(partLabels.joined(separator: "+")) = \(totalLabel)",
                        parts: parts.map { "\(key).\($0)" }, totals: ["\(key).\(total)"]))
                }
            case let .columnDecomposition(table, total, parts):
                let spec = template.table(table)
                let used = parts.filter { inUse($0, spec, alternativeRows) }
                let sides = "\(labels([total], spec)) = \(groupedLabels(used, spec))"
                for column in spec.rows[0].columns {
                    result.append(Equation(
                        rule: "decomposition", table: table, place: column.key,
                        statement: "\(sides)（\(column.label)）",
                        parts: used.map { "\($0).\(column.key)" }, totals: ["\(total).\(column.key)"]))
                }
            }
        }
        return result
    }

    /// Whether a row is part of the report's layout: an alternative row only when printed, a row it
    /// replaces only when the alternative was not printed.
    static func inUse(_ key: String, _ spec: TableSpec, _ printed: Set<String>) -> Bool {
        guard let row = spec.row(key) else { return false }
        if !row.replaces.isEmpty { return printed.contains(key) }
        return !spec.rows.contains { printed.contains($0.key) && $0.replaces.contains(key) }
    }

    static func evaluate(_ e: Equation, _ cells: [String: CellValue]) -> CheckResult {
        let all = e.parts + e.totals
        let nulls = all.filter { cells[$0]?.number == nil }
        let fullKeys = all.map { "tables.\(e.table.rawValue).\($0)" }
        guard nulls.isEmpty else {
            return CheckResult(
                rule: e.rule, table: e.table, place: e.place, statement: e.statement, expected: nil, actual: nil, status: .notEvaluated,
                cells: fullKeys, reason: "null cell\(nulls.count == 1 ? "" : "s"): " + nulls.prefix(3).joined(separator: ", ") + (nulls.count > 3 ? "…" : ""))
        }
        let expected = e.parts.reduce(0.0) { $0 + (cells[$1]?.number ?? 0) }
        let actual = e.totals.reduce(0.0) { $0 + (cells[$1]?.number ?? 0) }
        // Sums beyond 2^53 are not exact in a Double, so neither a pass nor a fail could be trusted.
        let magnitude = all.reduce(0.0) { $0 + abs(cells[$1]?.number ?? 0) }
        guard magnitude <= Double(CellValueParser.largestExactInteger) else {
            return CheckResult(
                rule: e.rule, table: e.table, place: e.place, statement: e.statement, expected: nil, actual: nil, status: .notEvaluated,
                cells: fullKeys, reason: "the numbers add up to more than 2^53, which cannot be summed exactly")
        }
        return CheckResult(
            rule: e.rule, table: e.table, place: e.place, statement: e.statement, expected: expected, actual: actual,
            status: abs(expected - actual) < 1e-6 ? .pass : .fail, cells: fullKeys, reason: nil)
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
