import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// The second guard on values read by OCR, after the confidence threshold (``TableReading``): a
/// 勾稽 rule that fails over cells read by OCR means one of them may be misread (a 7 read as a
/// 4 with confidence 84 in a degraded 200-dpi scan) or the report is inconsistent, and which
/// cannot be told. So every OCR'd value of the failed rule is null, with a diagnostic naming the
/// rule and the cells, lowest confidence first (their printed text stays in `cellSources`).
/// Rules over cells not read by OCR are untouched: their failure is the report's own.
package enum OCRRuleGuard {
    /// Nulls the OCR'd values of the failed rules of `report.checks`; true when any was nulled
    /// (the checks must then be evaluated again).
    static func apply(to report: inout AnnualReport) -> Bool {
        var changed = false
        // The values as read, before any is nulled: each failed rule names all of its own.
        let tables = report.tables
        for check in report.checks where check.status == .fail {
            let read = check.cells.compactMap { key -> (key: CellKey, confidence: Int, location: SourceLocation?)? in
                guard let cell = tables[key.table][key.path], cell.number != nil, let ocr = cell.location?.ocr else { return nil }
                return (key, ocr.confidence, cell.location)
            }.sorted { ($0.confidence, $0.key.dotted) < ($1.confidence, $1.key.dotted) }
            guard let lowest = read.first else { continue }
            for cell in read { report.tables[cell.key.table][cell.key.path]?.number = nil }
            let named = read.map { "\($0.key.dotted) (\(report.tables[$0.key.table][$0.key.path]?.raw ?? ""), confidence \($0.confidence))" }
            report.diagnostics.append(Diagnostic(
                .warning, .ocrRuleFailed,
                "\(check.statement) fails over values read by OCR (\(Self.number(check.expected)) ≠ \(Self.number(check.actual))); left null: "
                    + named.joined(separator: ", "),
                at: lowest.location?.pageAndLine, key: lowest.key.dotted))
            changed = true
        }
        return changed
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "?" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
