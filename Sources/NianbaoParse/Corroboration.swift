import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Confirms a tentatively placed row (blank end cells taken as cells, so a value may instead have
/// vanished and the others moved) with the template's rules: every number of the row must take
/// part in a rule that holds, and no rule it takes part in may fail.
package enum Corroboration {
    /// nil when confirmed; otherwise why not.
    static func check(
        row: RowSpec, tokens: [ValueToken], table: TableID, cells: [String: CellValue], template: ReportTemplate,
        alternativeRows: Set<String>
    ) -> String? {
        var trial = cells
        var numbered: [String] = []
        for (key, token) in zip(row.cellKeys, tokens) {
            if case let .number(n, _) = token.reading {
                trial[key] = CellValue(number: n, raw: token.raw)
                numbered.append(key)
            } else {
                trial[key] = .missing
            }
        }
        let equations = ConsistencyChecker.equations(template, alternativeRows: alternativeRows).filter { $0.table == table }
        var confirmed = Set<String>()
        for equation in equations {
            let involved = Set((equation.parts + equation.totals).map(\.path)).intersection(numbered)
            guard !involved.isEmpty, let holds = equation.holds(in: trial) else { continue }
            guard holds else { return "a value may be missing from the row: with the blank end cell taken as a cell, \(equation.statement) fails" }
            confirmed.formUnion(involved)
        }
        let unconfirmed = numbered.filter { !confirmed.contains($0) }
        guard unconfirmed.isEmpty else {
            return "a value may be missing from the row (blank end cell), and no rule confirms \(unconfirmed.compactMap { CellKey(table, path: $0)?.column }.joined(separator: ", "))"
        }
        return nil
    }
}
