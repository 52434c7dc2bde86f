import Foundation

/// Decides which template a report follows from the labels it prints, falling back on its year.
enum TemplateDetector {
    struct Detection {
        var version: TemplateVersion
        /// What decided it, for the diagnostic.
        var evidence: String
        var fromLabels: Bool
    }

    /// The labels only one template prints, longest first, with their scalar values.
    /// Each occurrence is removed once counted: "本年处理决定数量" (2021) must not also count as
    /// "处理决定数量" (2019).
    private static let markers: [(label: String, scalars: [UInt32], version: TemplateVersion)] =
        uniqueLabels().flatMap { version, labels in labels.map { ($0, version, $0.count) } }
        .sorted { $0.2 > $1.2 }
        .map { ($0.0, $0.0.unicodeScalars.map(\.value), $0.1) }
    private static let markersArePlain = markers.allSatisfy { $0.scalars.allSatisfy(PlainText.isPlain) }
    private static let separator: [UInt32] = [0x7C]  // "|"

    static func detect(lines: [ParseLine], year: Int?) -> Detection {
        // The distinct labels found for each template, in the order found.
        var votes2021: [String] = [], votes2019: [String] = []
        func vote(_ label: String, _ version: TemplateVersion) {
            switch version {
            case .v2021: if !votes2021.contains(label) { votes2021.append(label) }
            case .v2019: if !votes2019.contains(label) { votes2019.append(label) }
            }
        }
        for line in lines {
            for cell in line.cells {
                if markersArePlain, var normalized = LabelText.normalizedScalars(cell.text) {
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
        let v21 = votes2021.count, v19 = votes2019.count
        if v21 != v19 {
            let version: TemplateVersion = v21 > v19 ? .v2021 : .v2019
            return Detection(version: version, evidence: "labels " + Array((v21 > v19 ? votes2021 : votes2019).prefix(3)).joined(separator: ", "), fromLabels: true)
        }
        if let year {
            return Detection(version: year <= 2020 ? .v2019 : .v2021, evidence: "report year \(year)", fromLabels: false)
        }
        return Detection(version: .v2021, evidence: "no distinguishing labels and no year", fromLabels: false)
    }

    /// Normalised column and row labels of section 二 that only one template prints: the 2021
    /// template's, then the 2019 one's.
    static func uniqueLabels() -> [(TemplateVersion, [String])] {
        let labels2021 = labels(of: ReportTemplate.v2021.activeDisclosure), labels2019 = labels(of: ReportTemplate.v2019.activeDisclosure)
        return [
            (.v2021, labels2021.filter { !labels2019.contains($0) && $0.count >= 4 }),
            (.v2019, labels2019.filter { !labels2021.contains($0) && $0.count >= 4 }),
        ]
    }

    static func labels(of table: TableSpec) -> Set<String> {
        var all = Set(table.rows.flatMap { $0.labels + $0.columns.map(\.label) })
        all.formUnion(table.headerLabels)
        return Set(all.map(LabelText.normalize))
    }
}
