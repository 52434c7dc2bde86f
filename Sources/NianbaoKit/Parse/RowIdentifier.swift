import Foundation

/// Says which template row, if any, a candidate's labels name.
struct RowIdentifier: Sendable {
    enum Identity: Equatable {
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
    let structuralKeys: [[UInt32]]

    init(table: TableSpec) {
        rows = table.rows
        structuralLabels = table.groupLabels + table.headerLabels + table.blockHeaders.keys.sorted()
        normalizedStructural = Set(structuralLabels.map(LabelText.normalize)).filter { !$0.isEmpty }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        rowCandidates = LabelMatcher.Candidates(table.rows.map { (id: $0.key, labels: $0.labels) })
        structuralKeys = normalizedStructural.map { $0.unicodeScalars.map(\.value) }
    }

    /// The data row named by the last label, or else by all labels run together, or else by what
    /// remains of the last label once the headers and group labels run into it are taken out
    /// (a flattened page prints "三、本年度办理结果（一）予以公开" as one run of text).
    func identify(_ labels: [String]) -> Identity {
        guard let last = labels.last else { return .none }
        if let key = matchRow(last) { return .row(key) }
        if isStructural(last) { return .structural }
        if labels.count > 1, let key = matchRow(labels.joined()) { return .row(key) }
        if let key = matchRunIn(last) { return .row(key) }
        // A character or two left over from a label printed down a column ("结" of 本年度办理结果)
        // names nothing: the row counts as unlabelled.
        if labels.allSatisfy({ LabelText.normalize($0).count <= 2 }) { return .none }
        return .unknown
    }

    /// Matches a label that has structural labels run into it.
    func matchRunIn(_ text: String) -> String? {
        var rest = LabelText.normalize(text)
        for label in normalizedStructural where rest.count > label.count {
            rest = rest.replacingOccurrences(of: label, with: "")
        }
        guard !rest.isEmpty else { return nil }
        return LabelMatcher.bestMatch(for: rest.unicodeScalars.map(\.value), among: rowCandidates)?.id
    }

    func matchRow(_ text: String) -> String? {
        LabelMatcher.bestMatch(for: LabelText.key(text), among: rowCandidates)?.id
    }

    func isStructural(_ text: String) -> Bool {
        let key = LabelText.key(text)
        guard !key.isEmpty else { return true }
        return structuralKeys.contains { LabelMatcher.score(key, $0) >= LabelMatcher.threshold }
    }
}
