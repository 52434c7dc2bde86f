import Foundation
import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate

/// Decides which template a report follows from the labels it prints, falling back on its year.
package enum TemplateDetector {
    struct Detection {
        var version: TemplateVersion
        /// What decided it, for the diagnostic.
        var evidence: String
        var fromLabels: Bool
    }

    /// The labels only one template prints, longest first, with their scalar values.
    /// Each occurrence is removed once counted: "本年处理决定数量" (2021) must not also count as
    /// "处理决定数量" (2019).
    private static let markers: [(label: String, scalars: [UInt32], version: TemplateVersion)] = {
        let counted: [(label: String, version: TemplateVersion, count: Int)] =
            uniqueLabels().flatMap { version, labels in labels.map { ($0, version, $0.count) } }
        let sorted = counted.sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
        return sorted.map { ($0.label, $0.label.unicodeScalars.map(\.value), $0.version) }
    }()
    private static let markersArePlain = markers.allSatisfy { $0.scalars.allSatisfy(PlainText.isPlain) }
    private static let separator: [UInt32] = [0x7C]  // "|"

    static func detect(lines: [ParseLine], year: Int?) -> Detection {
        // The distinct labels found for each template, in the order found.
        var votes: [TemplateVersion: [String]] = [:]
        func vote(_ label: String, _ version: TemplateVersion) {
            if !(votes[version]?.contains(label) ?? false) { votes[version, default: []].append(label) }
        }
        for line in lines {
            for cell in line.cells {
                if markersArePlain {
                    var normalized = LabelText.key(cell.text)
                    guard !normalized.isEmpty else { continue }
                    for marker in markers where PlainText.contains(normalized, marker.scalars) {
                        PlainText.replaceAll(marker.scalars, with: separator, in: &normalized)
                        vote(marker.label, marker.version)
                    }
                    continue
                }
                var normalized = LabelText.normalize(cell.text)
                guard !normalized.isEmpty else { continue }
                for (label, _, version) in markers where normalized.contains(label) {
                    normalized = normalized.replacingOccurrences(of: label, with: "|")
                    vote(label, version)
                }
            }
        }
        // The template with the most labels, when one has more than every other.
        let ranked = votes.sorted { $0.value.count > $1.value.count }
        if let best = ranked.first, ranked.count == 1 || best.value.count > ranked[1].value.count {
            return Detection(version: best.key, evidence: "labels " + best.value.prefix(3).joined(separator: ", "), fromLabels: true)
        }
        if let year {
            return Detection(version: ReportTemplate.inForce(year: year).version, evidence: "report year \(year)", fromLabels: false)
        }
        return Detection(version: ReportTemplate.newest.version, evidence: "no distinguishing labels and no year", fromLabels: false)
    }

    /// Normalised column and row labels of section 二 that only one template prints, per template.
    static func uniqueLabels() -> [(TemplateVersion, [String])] {
        let all = ReportTemplate.all.map { ($0.version, labels(of: $0.activeDisclosure)) }
        return all.map { version, own in
            let others = all.filter { $0.0 != version }.map(\.1)
            return (version, own.filter { label in label.count >= 4 && !others.contains { $0.contains(label) } }.sorted())
        }
    }

    static func labels(of table: TableSpec) -> Set<String> {
        var all = Set(table.rows.flatMap { $0.labels + $0.columns.map(\.label) })
        all.formUnion(table.headerLabels)
        return Set(all.map(LabelText.normalize))
    }
}
