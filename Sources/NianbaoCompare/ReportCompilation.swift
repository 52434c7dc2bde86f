import Foundation
import NianbaoDocument
import NianbaoEmit
import NianbaoSupport
import NianbaoTemplate

/// Several units' reports summed into one (`nianbao compile`): every cell of the template's
/// standard rows, a cell null when any unit's is (with a diagnostic naming those units), the 勾稽
/// checks run on the sum; and, against a published summary, every cell where it differs.
public struct ReportCompilation: Sendable {
    /// A cell where the published summary and the compiled sum differ.
    public struct Difference: Sendable {
        public var cell: CellKey
        public var published: Double?
        public var compiled: Double?
        /// Each unit's value of the cell, in the order given.
        public var contributions: [(unit: String, value: Double?)]
    }

    public var units: [AnnualReport]
    public var compiled: AnnualReport

    /// Sums `units` (at least one, all of one template) into a report named `name`.
    public init(_ units: [AnnualReport], name: String?) throws(NianbaoError) {
        guard let first = units.first else { throw .unreadableInput(path: "compile", reason: "no unit reports given") }
        let version = first.metadata.template
        if let other = units.first(where: { $0.metadata.template != version }) {
            throw .unreadableInput(
                path: other.source.file,
                reason: "its template is \(other.metadata.template.rawValue), the first unit's \(version.rawValue): reports of different templates are not summed")
        }
        self.units = units
        let years = Set(units.compactMap(\.metadata.year))
        let metadata = ReportMetadata(title: name, agency: name, year: years.count == 1 ? years.first : nil, template: version)
        let source = SourceInfo(file: units.map(\.source.file).joined(separator: " + "), format: .compiled,
                                sha256: SHA256.hex(Array(units.map(\.source.sha256).joined(separator: "\n").utf8)))
        var report = AnnualReport(source: source, metadata: metadata, sections: [], tables: ReportTables())
        for id in TableID.allCases {
            for key in report.recordedCells(id) {
                let values = units.map { $0[cell: key].number }
                let missing = zip(units, values).filter { $0.1 == nil }.map { Self.unitName($0.0) }
                if missing.isEmpty {
                    let sum = values.reduce(0.0) { $0 + ($1 ?? 0) }
                    report.tables[id][key.path] = CellValue(number: sum, raw: NumberText.canonical(sum))
                } else {
                    report.tables[id][key.path] = CellValue(number: nil, raw: nil)
                    report.diagnostics.append(Diagnostic(
                        .warning, .unitValueMissing, "null in \(missing.count) of \(units.count) units: \(missing.joined(separator: ", "))", key: key.dotted))
                }
            }
        }
        report.checks = ConsistencyChecker.check(report)
        compiled = report
    }

    /// The cells of the compiled sum's rows where `published` prints another value (or a number
    /// where the sum is null, or the reverse).
    public func differences(against published: AnnualReport) -> [Difference] {
        TableID.allCases.flatMap { compiled.recordedCells($0) }.compactMap { key in
            let mine = compiled[cell: key].number, theirs = published[cell: key].number
            if let mine, let theirs, abs(mine - theirs) < 1e-6 { return nil }
            if mine == nil && theirs == nil { return nil }
            return Difference(cell: key, published: theirs, compiled: mine, contributions: units.map { (Self.unitName($0), $0[cell: key].number) })
        }
    }

    /// A unit as messages name it: its agency, else its file.
    static func unitName(_ report: AnnualReport) -> String { report.metadata.agency ?? report.source.file }

    /// The differences as text, one line a cell with the units' contributions.
    public static func text(_ differences: [Difference]) -> String {
        differences.map { d in
            let parts = d.contributions.map { "\($0.unit) \(NumberText.canonical($0.value))" }.joined(separator: " + ")
            return "\(d.cell.dotted): published \(NumberText.canonical(d.published)), compiled \(NumberText.canonical(d.compiled)) (\(parts))\n"
        }.joined()
    }
}
