import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// A readable account of a report's 勾稽 checks and diagnostics, with the template's labels.
public enum CheckReport {
    public static func text(for report: AnnualReport, showPassing: Bool = false) -> String {
        var out = ""
        let m = report.metadata
        out += "\(report.source.file)\n"
        out += "  \(m.agency ?? "（机关未识别）") \(m.year.map(String.init) ?? "????")年 · template \(m.template.rawValue) (\(report.template.issuedBy))\n"
        let counts = Dictionary(grouping: report.checks, by: \.status).mapValues(\.count)
        out += "  checks: \(counts[.pass] ?? 0) passed, \(counts[.fail] ?? 0) failed, \(counts[.notEvaluated] ?? 0) not evaluated\n"
        for table in TableID.allCases {
            let results = report.checks.filter { $0.table == table && (showPassing || $0.status != .pass) }
            guard !results.isEmpty else { continue }
            out += "  \(report.template.table(table).title)\n"
            for c in results {
                switch c.status {
                case .pass:
                    out += "    ok    \(c.statement): \(number(c.expected))\n"
                case .fail:
                    out += "    FAIL  \(c.statement): parts sum to \(number(c.expected)), printed \(number(c.actual))\n"
                case .notEvaluated:
                    out += "    --    \(c.statement): not evaluated (\(c.reason ?? "null cells"))\n"
                }
            }
        }
        let notable = report.diagnostics.filter { $0.severity >= .warning }
        if !notable.isEmpty {
            out += "  diagnostics:\n"
            for d in notable {
                let place = d.location.map { "\($0): " } ?? ""
                out += "    \(d.severity.rawValue) \(place)\(d.message) [\(d.code)]\n"
            }
        }
        return out
    }

    static func number(_ n: Double?) -> String {
        guard let n else { return "null" }
        return JSONValue.format(n)
    }
}
