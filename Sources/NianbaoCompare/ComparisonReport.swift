import Foundation
import NianbaoDocument
import NianbaoEmit
import NianbaoSupport
import NianbaoTemplate

/// A ``ReportComparison`` as readable text (the default of `nianbao compare`) or as JSON.
public enum ComparisonReport {
    /// The rules first (failures, warnings, then what could not be evaluated), then the changes:
    /// the flagged ones and the cells null in one report, or every one with `allChanges`.
    public static func text(_ c: ReportComparison, allChanges: Bool = false) -> String {
        var out = "EARLIER: \(name(c.earlier))\nLATER:   \(name(c.later))\n\n"
        let count = { (status: CheckResult.Status) in c.checks.filter { $0.status == status }.count }
        out += "Cross-year rules: \(count(.pass)) pass, \(count(.fail)) fail, \(count(.notEvaluated)) not evaluated\n"
        for check in c.checks where check.status != .pass {
            let mark = check.status == .notEvaluated ? "NOT EVALUATED" : (check.rule.isExact ? "FAIL" : "WARN")
            out += "\(mark) \(check.rule.rawValue) (\(check.place)): \(check.cell.dotted)"
            if let actual = check.actual, let expected = check.expected {
                out += " is \(NumberText.canonical(actual)), the earlier report gives \(NumberText.canonical(expected))\n"
            } else {
                out += " — \(check.reason ?? "")\n"
            }
        }
        let shown = c.changes.filter { allChanges || $0.flagged }
        out += "\nChanges: \(c.changes.filter(\.flagged).count) flagged of \(c.changes.count) cells\n"
        for change in shown {
            out += "\(change.flagged ? "*" : " ") \(change.cell.dotted): \(value(change.earlier)) → \(value(change.later))"
            if let delta = change.change { out += " (\(delta >= 0 ? "+" : "")\(NumberText.canonical(delta))\(percent(change.relative)))" }
            out += "\n"
        }
        let nullInOne = c.changes.filter { ($0.earlier == nil) != ($0.later == nil) }
        if !nullInOne.isEmpty && !allChanges {
            out += "\nNull in one of the two: \(nullInOne.count) cell\(nullInOne.count == 1 ? "" : "s")\n"
            for change in nullInOne {
                out += "  \(change.cell.dotted): \(value(change.earlier)) → \(value(change.later))\n"
            }
        }
        if !c.onlyEarlier.isEmpty { out += "\nOnly in EARLIER's template: \(c.onlyEarlier.count) cells (\(c.onlyEarlier.prefix(3).map(\.dotted).joined(separator: ", "))…)\n" }
        if !c.onlyLater.isEmpty { out += "Only in LATER's template: \(c.onlyLater.count) cells (\(c.onlyLater.prefix(3).map(\.dotted).joined(separator: ", "))…)\n" }
        return out
    }

    public static func json(_ c: ReportComparison) -> String {
        let value = JSONValue.object([
            ("earlier", side(c.earlier)), ("later", side(c.later)),
            ("checks", .array(c.checks.map { check in
                .object([
                    ("rule", .string(check.rule.rawValue)), ("exact", .bool(check.rule.isExact)), ("place", .string(check.place)),
                    ("key", .string(check.cell.dotted)), ("expected", .optional(check.expected)), ("actual", .optional(check.actual)),
                    ("status", .string(check.status.rawValue)), ("reason", .optional(check.reason)),
                ])
            })),
            ("changes", .array(c.changes.map { change in
                .object([
                    ("key", .string(change.cell.dotted)), ("earlier", .optional(change.earlier)), ("later", .optional(change.later)),
                    ("change", .optional(change.change)), ("relative", .optional(change.relative)), ("flagged", .bool(change.flagged)),
                ])
            })),
            ("onlyEarlier", .array(c.onlyEarlier.map { .string($0.dotted) })),
            ("onlyLater", .array(c.onlyLater.map { .string($0.dotted) })),
        ])
        return value.serialized() + "\n"
    }

    static func side(_ r: AnnualReport) -> JSONValue {
        .object([
            ("file", .string(r.source.file)), ("agency", .optional(r.metadata.agency)), ("year", .optional(r.metadata.year)),
            ("template", .string(r.metadata.template.rawValue)),
        ])
    }

    static func name(_ r: AnnualReport) -> String {
        "\(r.metadata.agency ?? "(no agency)") \(r.metadata.year.map(String.init) ?? "(no year)") (\(r.source.file), template \(r.metadata.template.rawValue))"
    }

    /// A cell's number, or "null".
    static func value(_ number: Double?) -> String { number == nil ? "null" : NumberText.canonical(number) }

    static func percent(_ relative: Double?) -> String {
        guard let relative, relative.isFinite else { return "" }
        return String(format: ", %+.1f%%", relative * 100)
    }
}
