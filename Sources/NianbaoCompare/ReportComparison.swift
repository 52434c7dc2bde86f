import Foundation
import NianbaoDocument
import NianbaoEmit
import NianbaoSupport
import NianbaoTemplate

/// Two reports of one body, an earlier year's and a later one's (`nianbao compare`): the
/// cross-year rules (``CrossYearRule``) and the change of every cell both record.
public struct ReportComparison: Sendable {
    /// One cross-year rule at one place.
    public struct Check: Sendable {
        public var rule: CrossYearRule
        /// The row or column the rule was applied to.
        public var place: String
        /// The later report's cell the rule is about.
        public var cell: CellKey
        /// What the earlier report (and the later one's own terms) require; nil when not evaluated.
        public var expected: Double?
        /// What the later report prints; nil when not evaluated.
        public var actual: Double?
        public var status: CheckResult.Status
        /// Why the rule was not evaluated.
        public var reason: String?
        /// The earlier report's cells the rule takes.
        public var earlierCells: [CellKey] = []
    }

    /// One cell both reports record.
    public struct Change: Sendable {
        public var cell: CellKey
        public var earlier: Double?
        public var later: Double?
        /// later − earlier; nil when either is null.
        public var change: Double? { earlier.flatMap { e in later.map { $0 - e } } }
        /// The change relative to the earlier value; nil when either is null or the earlier is 0.
        public var relative: Double? { change.flatMap { c in earlier.flatMap { $0 == 0 ? nil : c / abs($0) } } }
        /// Beyond the threshold, or from zero to a number that is not zero.
        public var flagged: Bool
    }

    public var earlier: AnnualReport
    public var later: AnnualReport
    public var checks: [Check]
    public var changes: [Change]
    /// Cells only one of the two templates has.
    public var onlyEarlier: [CellKey]
    public var onlyLater: [CellKey]

    /// Whether an exact cross-year rule fails.
    public var fails: Bool { checks.contains { $0.status == .fail && $0.rule.isExact } }

    /// Compares `earlier` with `later`; a change whose size relative to the earlier value is over
    /// `flagChange` (0.5 for 50 %) is flagged, and so is one from 0 to another number.
    public init(earlier: AnnualReport, later: AnnualReport, flagChange: Double = 0.5) {
        self.earlier = earlier
        self.later = later
        checks = CrossYearRule.allCases.flatMap { rule in
            rule.equations(earlier: earlier.template, later: later.template).map { Self.evaluate($0, earlier: earlier, later: later) }
        }
        let earlierKeys = TableID.allCases.flatMap { earlier.recordedCells($0) }
        let laterKeys = TableID.allCases.flatMap { later.recordedCells($0) }
        let inLater = Set(laterKeys), inEarlier = Set(earlierKeys)
        changes = laterKeys.filter(inEarlier.contains).map { key in
            var change = Change(cell: key, earlier: earlier[cell: key].number, later: later[cell: key].number, flagged: false)
            if let e = change.earlier, let l = change.later {
                change.flagged = e == 0 ? l != 0 : abs(l - e) / abs(e) > flagChange
            }
            return change
        }
        onlyEarlier = earlierKeys.filter { !inLater.contains($0) }
        onlyLater = laterKeys.filter { !inEarlier.contains($0) }
    }

    static func evaluate(_ e: CrossYearEquation, earlier: AnnualReport, later: AnnualReport) -> Check {
        let terms = e.earlierTerms.map { (earlier[cell: $0.key].number, $0.sign, "EARLIER " + $0.key.dotted) }
            + e.laterTerms.map { (later[cell: $0.key].number, $0.sign, "LATER " + $0.key.dotted) }
            + [(later[cell: e.later].number, 0, "LATER " + e.later.dotted)]
        let nulls = terms.filter { $0.0 == nil }.map(\.2)
        let earlierCells = e.earlierTerms.map(\.key)
        guard nulls.isEmpty else {
            return Check(rule: e.rule, place: e.place, cell: e.later, status: .notEvaluated, reason: "null: " + nulls.joined(separator: ", "), earlierCells: earlierCells)
        }
        let expected = terms.reduce(0.0) { $0 + ($1.0 ?? 0) * $1.1 }
        let actual = later[cell: e.later].number ?? 0
        return Check(
            rule: e.rule, place: e.place, cell: e.later, expected: expected, actual: actual,
            status: abs(expected - actual) < 1e-6 ? .pass : .fail, earlierCells: earlierCells)
    }
}
