import Foundation
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// A report written as an HTML page (``ReportHTML/document(_:annotate:)``) and read back through
/// the HTML extractor and the parser, with the differences between the two.
struct RoundTrip {
    var original: AnnualReport
    var html: String
    var back: AnnualReport

    /// Writes `report` as HTML (`annotate`: failed checks marked) and reads the page back as `path`
    /// (an `.html` name, so the HTML extractor reads it).
    init(_ report: AnnualReport, annotate: Bool = false, path: String = "page.html") throws {
        original = report
        html = ReportHTML.document(report, annotate: annotate)
        back = try ReportParser().parse(DocumentReader.read(bytes: Array(html.utf8), path: path))
    }

    /// Metadata that differ: title, agency, year, publishedOn, template. A report without a title
    /// gets one on the page (``ReportHTML/title(of:)``, made from agency and year), which is what
    /// it reads back with.
    var metadataDifferences: [String] {
        var a = original.metadata
        let b = back.metadata
        a.title = a.title ?? ReportHTML.title(of: original)
        var out: [String] = []
        if a.title != b.title { out.append("title \(b.title ?? "nil") ≠ \(a.title ?? "nil")") }
        if a.agency != b.agency { out.append("agency \(b.agency ?? "nil") ≠ \(a.agency ?? "nil")") }
        if a.year != b.year { out.append("year \(b.year.map(String.init) ?? "nil") ≠ \(a.year.map(String.init) ?? "nil")") }
        if a.publishedOn != b.publishedOn { out.append("publishedOn \(b.publishedOn ?? "nil") ≠ \(a.publishedOn ?? "nil")") }
        if a.template != b.template { out.append("template \(b.template.rawValue) ≠ \(a.template.rawValue)") }
        return out
    }

    /// Cells whose number differs (a null on one side only counts), cells on one side only, and
    /// a different set of rows printed in place of others.
    var tableDifferences: [String] {
        var out: [String] = []
        if back.tables.alternativeRows != original.tables.alternativeRows {
            out.append("alternative rows \(back.tables.alternativeRows.sorted()) ≠ \(original.tables.alternativeRows.sorted())")
        }
        for id in TableID.allCases {
            let a = original.tables[id], b = back.tables[id]
            for key in Set(a.keys).union(b.keys).sorted() {
                switch (a[key], b[key]) {
                case let (x?, y?) where x.number != y.number:
                    out.append("\(id.rawValue).\(key) = \(Self.show(y.number)), was \(Self.show(x.number))")
                case (nil, _?): out.append("\(id.rawValue).\(key) only read back")
                case (_?, nil): out.append("\(id.rawValue).\(key) not read back")
                default: break
                }
            }
        }
        return out
    }

    /// The sections the page must read back as: the original's. Nothing is normalised: numbers,
    /// titles, block kinds and block texts must be identical.
    var expectedSections: [ReportSection] { original.sections }

    /// The closing matter the page must read back as: the original's, after the signature lines
    /// the writer adds before it (``ReportHTML/signatureLines(_:)``: the date, and the agency when
    /// the title does not name it, when the report's own closing does not print them), which read
    /// back as the signature they are.
    var expectedClosing: [SectionBlock] {
        ReportHTML.signatureLines(original).map { SectionBlock(kind: .paragraph, text: $0) } + original.closing
    }

    /// Preamble and closing blocks that differ from the original's (``expectedClosing``).
    var matterDifferences: [String] {
        var out: [String] = []
        if back.preamble != original.preamble { out.append("preamble \(back.preamble.map(\.text)) ≠ \(original.preamble.map(\.text))") }
        if back.closing != expectedClosing { out.append("closing \(back.closing.map(\.text)) ≠ \(expectedClosing.map(\.text))") }
        return out
    }

    /// Section numbers, titles and blocks (kind and text) that differ from ``expectedSections``.
    var sectionDifferences: [String] {
        var out: [String] = []
        let a = expectedSections, b = back.sections
        if a.map(\.number) != b.map(\.number) { out.append("section numbers \(b.map(\.number)) ≠ \(a.map(\.number))") }
        for (x, y) in zip(a, b) {
            if x.title != y.title { out.append("section \(x.number) title \(y.title) ≠ \(x.title)") }
            let xb = x.blocks, yb = y.blocks
            guard xb != yb else { continue }
            let first = (0..<min(xb.count, yb.count)).first { xb[$0] != yb[$0] } ?? min(xb.count, yb.count)
            let got = first < yb.count ? "\(yb[first].kind.rawValue) \(yb[first].text.debugDescription)" : "nothing"
            let want = first < xb.count ? "\(xb[first].kind.rawValue) \(xb[first].text.debugDescription)" : "nothing"
            out.append("section \(x.number): \(yb.count) blocks for \(xb.count); block \(first) is \(got), was \(want)")
        }
        return out
    }

    var differences: [String] { metadataDifferences + tableDifferences + sectionDifferences + matterDifferences }

    static func show(_ v: Double?) -> String { v.map { NumberText.canonical($0) } ?? "null" }
}

