import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// Says which template row, if any, a candidate's labels name.
package struct RowIdentifier: Sendable {
    package enum Identity: Equatable {
        /// A data row, by key.
        case row(String)
        /// A group or header label (no values of its own).
        case structural
        /// Text that names no template label.
        case unknown
        /// No label at all.
        case none
    }

    let rows: [RowSpec]
    let structuralLabels: [String]

    /// Structural labels normalised, longest first.
    let normalizedStructural: [String]
    let rowCandidates: LabelMatcher.Candidates<String>
    /// `normalizedStructural` as scalar values, and as patterns to score against.
    let structuralKeys: [[UInt32]]
    let structuralPatterns: [LCSPattern]
    let structuralArePlain: Bool

    package init(table: TableSpec) {
        rows = table.rows
        structuralLabels = table.groupLabels + table.headerLabels + table.blockHeaders.keys.sorted()
        let distinct: [(label: String, count: Int)] = Set(structuralLabels.map(LabelText.normalize)).filter { !$0.isEmpty }.map { ($0, $0.count) }
        normalizedStructural = distinct.sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }.map(\.label)
        rowCandidates = LabelMatcher.Candidates(table.rows.map { (id: $0.key, labels: $0.labels) })
        structuralKeys = normalizedStructural.map { $0.unicodeScalars.map(\.value) }
        structuralPatterns = structuralKeys.map(LCSPattern.init)
        structuralArePlain = structuralKeys.allSatisfy { $0.allSatisfy(PlainText.isPlain) }
    }

    /// The identifier of a template's table, prepared once.
    static func of(_ template: ReportTemplate, _ id: TableID) -> RowIdentifier {
        let prepared: Prepared
        switch template.version {
        case .v2021: prepared = v2021
        case .v2019: prepared = v2019
        }
        switch id {
        case .activeDisclosure: return prepared.activeDisclosure
        case .applications: return prepared.applications
        case .reviewLitigation: return prepared.reviewLitigation
        }
    }

    private static let v2021 = Prepared(.v2021)
    private static let v2019 = Prepared(.v2019)

    /// The identifiers of one template's tables.
    private struct Prepared: Sendable {
        let activeDisclosure, applications, reviewLitigation: RowIdentifier

        init(_ version: TemplateVersion) {
            let template = ReportTemplate.of(version)
            activeDisclosure = RowIdentifier(table: template.activeDisclosure)
            applications = RowIdentifier(table: template.applications)
            reviewLitigation = RowIdentifier(table: template.reviewLitigation)
        }
    }

    /// The data row named by the last label, or else by all labels run together, or else by what
    /// remains of the last label once the headers and group labels run into it are taken out
    /// (a flattened page prints "三、本年度办理结果（一）予以公开" as one run of text).
    package func identify(_ labels: [String]) -> Identity {
        guard let last = labels.last else { return .none }
        let lastKey = LabelText.key(last)
        if let key = matchRow(key: lastKey) { return .row(key) }
        if isStructural(key: lastKey) {
            // A header run into a row label in one cell ("现行有效件数 规章"): the row, once the header is taken out.
            if let key = matchRunIn(last) { return .row(key) }
            return .structural
        }
        if labels.count > 1, let key = matchRow(labels.joined()) { return .row(key) }
        if let key = matchRunIn(last) { return .row(key) }
        // A character or two left over from a label printed down a column ("结" of 本年度办理结果)
        // names nothing: the row counts as unlabelled.
        if labels.allSatisfy({ (LabelText.normalizedScalars($0)?.count ?? LabelText.normalize($0).count) <= 2 }) { return .none }
        return .unknown
    }

    /// Matches a label that has structural labels run into it. The structural labels are taken out
    /// longest first, and the rest is tried after each: "三、本年处理结果 （七）总计" is （七）总计 once the
    /// group is out, before the header 总计 would take the row's own word.
    func matchRunIn(_ text: String) -> String? {
        if structuralArePlain, var rest = LabelText.normalizedScalars(text) {
            for label in structuralKeys where rest.count > label.count {
                let before = rest.count
                PlainText.replaceAll(label, with: [], in: &rest)
                guard rest.count < before, !rest.isEmpty else { continue }
                if let match = LabelMatcher.bestMatch(for: rest, among: rowCandidates) { return match.id }
            }
            guard !rest.isEmpty else { return nil }
            return LabelMatcher.bestMatch(for: rest, among: rowCandidates)?.id
        }
        var rest = LabelText.normalize(text)
        for label in normalizedStructural where rest.count > label.count {
            rest = rest.replacingOccurrences(of: label, with: "")
        }
        guard !rest.isEmpty else { return nil }
        return LabelMatcher.bestMatch(for: rest.unicodeScalars.map(\.value), among: rowCandidates)?.id
    }

    func matchRow(_ text: String) -> String? {
        matchRow(key: LabelText.key(text))
    }

    func matchRow(key: [UInt32]) -> String? {
        LabelMatcher.bestMatch(for: key, among: rowCandidates)?.id
    }

    func isStructural(_ text: String) -> Bool {
        isStructural(key: LabelText.key(text))
    }

    func isStructural(key: [UInt32]) -> Bool {
        guard !key.isEmpty else { return true }
        return structuralPatterns.contains { LabelMatcher.score(key, $0) >= LabelMatcher.threshold }
    }
}
