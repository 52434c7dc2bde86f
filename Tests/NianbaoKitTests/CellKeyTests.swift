import Foundation
import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

@Suite("Cell keys, rules and codes")
struct CellKeyTests {
    @Test("every cell of every template reads back from its dotted key")
    func roundTrip() throws {
        var count = 0
        for template in ReportTemplate.all {
            for table in template.tables {
                for key in table.rows.flatMap({ $0.cells(in: table.id) }) {
                    #expect(CellKey(dotted: key.dotted) == key)
                    #expect(CellKey(table.id, path: key.path) == key)
                    #expect(key.segments.joined(separator: ".") == key.dotted)
                    count += 1
                }
            }
        }
        #expect(count > 200)
        let stateSecret = CellKey(.applications, row: "denied.stateSecret", column: "naturalPerson")
        #expect(stateSecret.dotted == "tables.applications.denied.stateSecret.naturalPerson")
        #expect(stateSecret.path == "denied.stateSecret.naturalPerson")
        #expect(stateSecret.rowKey.dotted == "tables.applications.denied.stateSecret")
        #expect(CellKey(dotted: "tables.applications.denied.stateSecret.naturalPerson") == stateSecret)
    }

    @Test("what is not a cell key is refused", arguments: [
        "tables.applications.granted", "tables.nowhere.granted.total", "table.applications.granted.total",
        "tables.applications..total", "tables.applications.granted.", "", "applications.granted.total",
    ])
    func refused(_ text: String) {
        #expect(CellKey(dotted: text) == nil)
    }

    @Test("every key of every truth file names a cell of its template")
    func truthKeys() throws {
        var checked = 0
        for folder in ["text", "html", "pdf", "layout"] {
            for input in Fixtures.withTruth(in: folder) {
                let truth = try Truth(path: Fixtures.path(input + ".truth.json"))
                let template = try #require(TemplateVersion(rawValue: truth.template).map(ReportTemplate.of))
                for dotted in truth.cells.keys {
                    let key = try #require(CellKey(dotted: dotted), "\(input): \(dotted)")
                    let row = template.table(key.table).row(key.row)
                    #expect(row?.columns.contains { $0.key == key.column } == true, "\(input): \(dotted)")
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
    }

    @Test("a report printing （六）其他处理 as one row prints that row and records the three it replaces as well")
    func printedAndRecordedRows() {
        let table = ReportTemplate.v2021.applications
        let standard = table.printedRows(alternatives: []).map(\.key)
        #expect(standard.contains("otherHandling.overdueCorrection") && !standard.contains("otherHandling.total"))
        #expect(table.recordedRows(alternatives: []).map(\.key) == standard)
        let printed = table.printedRows(alternatives: ["otherHandling.total"]).map(\.key)
        #expect(printed.contains("otherHandling.total") && !printed.contains("otherHandling.overdueCorrection"))
        let recorded = table.recordedRows(alternatives: ["otherHandling.total"]).map(\.key)
        #expect(recorded.contains("otherHandling.total") && recorded.contains("otherHandling.overdueCorrection"))
        #expect(recorded.count == printed.count + 3)
    }

    @Test("the README lists every diagnostic code with its meaning, as DiagnosticCode says")
    func readmeCodes() throws {
        let readme = try String(contentsOfFile: Fixtures.root.deletingLastPathComponent().appendingPathComponent("README.md").path, encoding: .utf8)
        #expect(readme.contains(DiagnosticCode.markdownTable + "\n"))
        for rule in CheckRule.allCases { #expect(readme.contains("`\(rule.rawValue)`")) }
    }

    @Test("the template in force: by first year, the newest when nothing tells")
    func templateInForce() {
        #expect(ReportTemplate.inForce(year: 2018).version == .v2019)
        #expect(ReportTemplate.inForce(year: 2020).version == .v2019)
        #expect(ReportTemplate.inForce(year: 2021).version == .v2021)
        #expect(ReportTemplate.inForce(year: 2025).version == .v2021)
        #expect(ReportTemplate.newest.version == .v2021)
        #expect(ReportTemplate.anySections.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(ReportTemplate.anySections.compactMap(\.table) == TableID.allCases)
    }
}
