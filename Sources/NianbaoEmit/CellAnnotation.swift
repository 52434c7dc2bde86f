import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// What `--annotate` adds to a value cell of the HTML tables: `data-key` (the cell's dotted key,
/// as in the JSON and KEYS.md), the class `check-failed` with a `title` stating each failed 勾稽
/// rule it is part of, and the class `null` with a `title` saying why a cell has no value (the
/// diagnostics of its cell or row, else that none was read). Without `--annotate` nothing is added,
/// so the clean page stays as it is.
struct CellAnnotation {
    let isEnabled: Bool
    private let failed: [CellKey: [CheckResult]]
    private let diagnostics: [String: [Diagnostic]]

    /// Nothing added to any cell.
    static let none = CellAnnotation(isEnabled: false, failed: [:], diagnostics: [:])

    private init(isEnabled: Bool, failed: [CellKey: [CheckResult]], diagnostics: [String: [Diagnostic]]) {
        self.isEnabled = isEnabled
        self.failed = failed
        self.diagnostics = diagnostics
    }

    init(_ report: AnnualReport) {
        var byKey: [String: [Diagnostic]] = [:]
        for diagnostic in report.diagnostics {
            if let key = diagnostic.key { byKey[key, default: []].append(diagnostic) }
        }
        self.init(isEnabled: true, failed: ReportHTML.failedChecksByCell(report), diagnostics: byKey)
    }

    /// The attributes of a value cell, each with its leading space: class, title, data-key.
    func attributes(_ key: CellKey?, _ value: CellValue) -> String {
        guard isEnabled, let key else { return "" }
        var classes: [String] = []
        var notes: [String] = []
        if let checks = failed[key] {
            classes.append("check-failed")
            notes += checks.map(ReportHTML.failureNote)
        }
        if value.number == nil {
            classes.append("null")
            notes.append(nullNote(key))
        }
        var out = ""
        if !classes.isEmpty {
            out += " class=\"\(classes.joined(separator: " "))\" title=\"\(ReportHTML.annotation(notes.joined(separator: "\n")))\""
        }
        return out + " data-key=\"\(HTMLEscape.attribute(key.dotted))\""
    }

    /// "空值：…" with the messages of the diagnostics on the cell or its row.
    func nullNote(_ key: CellKey) -> String {
        let reasons = (diagnostics[key.dotted] ?? []) + (diagnostics[key.rowKey.dotted] ?? [])
        guard !reasons.isEmpty else { return "空值：报告中未读到此格的数值" }
        return "空值：" + reasons.map(\.message).joined(separator: "；")
    }
}
