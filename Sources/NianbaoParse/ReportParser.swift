import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Maps a ``Document`` onto the report template: metadata, sections, the three tables.
///
/// It knows nothing of the source format. Tables are read region by region (section 二, 三, 四),
/// with rows found by their labels; values that cannot be placed with confidence stay null, each
/// with a diagnostic saying where and why.
public struct ReportParser: Sendable {
    public init() {}

    public func parse(_ document: Document) throws(NianbaoError) -> AnnualReport {
        let sectionSpecs = ReportTemplate.anySections
        let lines = LineStream.lines(of: document, sections: sectionSpecs)
        let sections = SectionFinder.find(in: lines, sections: sectionSpecs)
        var diagnostics: [Diagnostic] = []

        let meta = MetadataReader.read(lines: lines, firstSection: sections.first?.line, document: document)
        diagnostics += meta.diagnostics
        let detection = TemplateDetector.detect(lines: lines, year: meta.year)
        if !detection.fromLabels {
            diagnostics.append(Diagnostic(.info, .templateFromYear, "template \(detection.version.rawValue) assumed from \(detection.evidence)"))
        }
        let template = ReportTemplate.of(detection.version)

        let regions = TableRegions(lines: lines, sections: sections, template: template)
        var tables = ReportTables()
        let readings: [(TableID, TableReading)] = [
            (.activeDisclosure, ActiveDisclosureReader(template: template).read(regions.candidates(.activeDisclosure))),
            (.applications, ApplicationsReader(template: template).read(regions.candidates(.applications))),
            (.reviewLitigation, ReviewLitigationReader(template: template).read(regions.candidates(.reviewLitigation))),
        ]
        for (id, reading) in readings {
            tables[id] = reading.cells
            tables.alternativeRows.formUnion(reading.alternativeRows)
            diagnostics += reading.diagnostics
        }
        for (number, missing) in regions.missing { diagnostics.append(Diagnostic(.warning, .tableRegionGuessed, missing, key: "section.\(number)")) }

        let valuesFound = readings.contains { $0.1.cells.values.contains { $0.number != nil } }
        guard meta.title != nil || sections.count >= 2 || valuesFound else {
            throw .notAnnualReport(path: document.source.file, reason: "no report title, no section titles and no table values found")
        }
        // A title alone is no report's content: a section title or a table row (even with blank cells) must be there.
        let rowsFound = readings.contains { $0.1.cells.values.contains { $0 != .missing } }
        guard !sections.isEmpty || rowsFound else {
            let title = meta.title.map { "only a title, \"\($0)\"" } ?? "nothing"
            throw .notAnnualReport(path: document.source.file, reason: "found \(title); no section title and no table row")
        }
        let foundNumbers = Set(sections.map(\.number))
        for spec in sectionSpecs where !foundNumbers.contains(spec.number) {
            diagnostics.append(Diagnostic(.warning, .sectionMissing, "section \(spec.title) was not found", key: "section.\(spec.number)"))
        }

        let tableLabels = TableLabels.of(detection.version)
        var reportSections: [ReportSection] = []
        for (i, found) in sections.enumerated() {
            let end = i + 1 < sections.count ? sections[i + 1].line : lines.count
            reportSections.append(ReportSection(
                number: found.number, title: found.title,
                blocks: SectionTextBuilder.blocks(
                    lines: lines[(found.line + 1)..<end], tableLabels: (2...4).contains(found.number) ? tableLabels : nil),
                location: lines[found.line].location))
        }
        var closing: [SectionBlock] = []
        if let last = reportSections.indices.last {
            (reportSections[last].blocks, closing) = ReportMatter.splitClosing(reportSections[last].blocks)
        }
        let preamble = ReportMatter.preamble(lines: lines, firstSection: sections.first?.line, title: meta.title)

        var report = AnnualReport(
            source: document.source,
            metadata: ReportMetadata(
                title: meta.title, agency: meta.agency, year: meta.year, publishedOn: meta.publishedOn, template: detection.version),
            preamble: preamble, sections: reportSections, closing: closing, tables: tables, diagnostics: diagnostics)
        report.checks = ConsistencyChecker.check(report)
        if OCRRuleGuard.apply(to: &report) { report.checks = ConsistencyChecker.check(report) }
        return report
    }
}
