import Foundation
import Testing
@testable import NianbaoKit

/// The page read back into a report. Until the HTML extractor lands, a stand-in: the page's
/// elements as lines of text (headings and paragraphs one a line, a table row's cells joined by
/// tabs, as a table block gives them), read by the text extractor and parsed. Tables, metadata
/// and section titles must come back unchanged. (Section text is left out: the text extractor
/// joins lines into paragraphs by its own rules, which an HTML extractor will not need.)
@Suite("HTML reads back")
struct HTMLReadBackTests {
    static func text(ofPage html: String) -> String {
        let body = String(html[html.range(of: "<article")!.lowerBound...])
        let elements = HTMLTableScan.matches(#"<(h1|h2|h3|p)[^>]*>(.*?)</\1>|<tr>(.*?)</tr>"#, in: body)
        return elements.map { m in
            if !m[1].isEmpty { return HTMLTableScan.unescape(m[2]) }
            return HTMLTableScan.matches(#"<t[hd][^>]*>(.*?)</t[hd]>"#, in: m[3]).map { HTMLTableScan.unescape($0[1]) }.joined(separator: "\t")
        }.joined(separator: "\n\n") + "\n"
    }

    @Test("tables, title, agency, year, date, template and section titles come back", arguments: Fixtures.withTruth(in: "text"))
    func readsBack(_ fixture: String) throws {
        let report = try Fixtures.report(fixture)
        let text = Self.text(ofPage: ReportHTML.document(report))
        let back = try ReportParser().parse(DocumentReader.read(bytes: Array(text.utf8), path: "page.txt"))
        #expect(back.metadata == report.metadata)
        #expect(back.sections.map(\.title) == report.sections.map(\.title))
        #expect(back.sections.map(\.number) == report.sections.map(\.number))
        #expect(back.tables.alternativeRows == report.tables.alternativeRows)
        for id in TableID.allCases {
            for key in report.printedRows(id).flatMap(\.cellKeys) {
                #expect(back.tables[id][key]?.number == report.tables[id][key]?.number, "\(id).\(key)")
            }
            #expect(back.tables[id].filter { $0.value.number != nil }.count == report.tables[id].filter { $0.value.number != nil }.count)
        }
    }
}
