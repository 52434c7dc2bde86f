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

/// Every fixture with a truth file — text, column-aligned text, PDF, HTML and DOCX — converts to its
/// truth cell for cell, with agency, year, template, date and section titles.
@Suite("Fixtures reproduce their truth")
struct FixtureTruthTests {
    /// Each fixture folder and how many fixtures it must hold.
    static let folders = ["text": 7, "layout": 5, "pdf": 13, "html": 5, "docx": 11]
    static let fixtures = folders.keys.sorted().flatMap(Fixtures.withTruth(in:))

    @Test("the fixture sets are complete")
    func fixtureSets() {
        for (folder, count) in Self.folders {
            #expect(Fixtures.withTruth(in: folder).count == count, "\(folder)")
        }
    }

    @Test("every labelled cell, agency, year, template, date and section", arguments: fixtures)
    func reproducesTruth(_ fixture: String) throws {
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        let report = try ReportReader.report(Fixtures.path(fixture))
        #expect(report.metadata.agency == truth.agency)
        #expect(report.metadata.year == truth.year)
        #expect(report.metadata.template.rawValue == truth.template)
        #expect(report.metadata.publishedOn == truth.publishedOn)
        if let sections = truth.sections {
            #expect(report.sections.map(\.title) == sections)
        }
        for (key, expected) in truth.cells.sorted(by: { $0.key < $1.key }) {
            #expect(report.number(at: key) == expected, "\(key)")
        }
    }

    @Test("no value that is not in the truth file", arguments: fixtures)
    func noInventedValues(_ fixture: String) throws {
        let truth = try Truth(path: Fixtures.path(fixture + ".truth.json"))
        let report = try ReportReader.report(Fixtures.path(fixture))
        for (key, cell) in report.allCells where cell.number != nil {
            #expect(truth.cells[key] != nil, "\(key) = \(cell.number!) is not in the truth file")
        }
    }

    @Test("seed 004: the truncated rows are null, each with a diagnostic")
    func truncatedTable() throws {
        let report = try ReportReader.report(Fixtures.path("text/004_5fcbcb2887811187.txt"))
        let lost = [
            "notProcessed.confirmation", "otherHandling.overdueCorrection", "otherHandling.unpaidFees", "otherHandling.other",
            "totalHandled", "carriedForward",
        ]
        for row in lost {
            for column in ["naturalPerson", "commercial", "research", "publicInterest", "legalService", "other", "total"] {
                #expect(report.tables.applications["\(row).\(column)"]?.number == nil)
            }
            #expect(report.diagnostics.contains { $0.key == "tables.applications.\(row)" && $0.code == .rowNotFound }, "\(row)")
        }
        // The cut label "4. 无正当理由大量反" still names its row.
        #expect(report.tables.applications["notProcessed.excessive.total"]?.number == 0)
        let balance = report.checks.filter { $0.rule == .balance }
        #expect(balance.count == 7 && balance.allSatisfy { $0.status == .notEvaluated })
    }

    @Test("pingtan: glued digits are split only where one split exists")
    func gluedDigits() throws {
        let report = try ReportReader.report(Fixtures.path("text/pingtan_2019_page.txt"))
        // "898989" could be 89/89/89 or 8/98/989 …: left null, with the reason.
        #expect(report.tables.activeDisclosure["normativeDocuments.made"]?.number == nil)
        #expect(report.diagnostics.contains {
            $0.key == "tables.activeDisclosure.normativeDocuments" && $0.message.contains("898989")
        })
        // "230 000023" splits three ways, one of which satisfies the row sum: 23 0 0 0 0 0 23.
        #expect(report.tables.applications["newReceived.naturalPerson"]?.number == 23)
        #expect(report.tables.applications["newReceived.total"]?.number == 23)
        #expect(report.diagnostics.contains { $0.key == "tables.applications.newReceived" && $0.code == .rowValuesAdjusted })
        #expect(report.metadata.publishedOn == "2020-01-20")
    }

    @Test("stcsm: rows without labels are placed between labelled rows, and say so")
    func rowsPlacedByOrder() throws {
        let report = try ReportReader.report(Fixtures.path("text/shanghai_stcsm_2024_extract.md"))
        #expect(report.tables.applications["denied.internalAffairs.naturalPerson"]?.number == 1)
        #expect(report.tables.applications["otherHandling.overdueCorrection.total"]?.number == 10)
        #expect(report.diagnostics.contains { $0.code == .rowPlacedByOrder && $0.key == "tables.applications.denied.internalAffairs" })
        // The printed 四、结转 row has six numbers and a blank 总计.
        #expect(report.tables.applications["carriedForward.naturalPerson"]?.number == 1)
        #expect(report.tables.applications["carriedForward.total"]?.number == nil)
        #expect(report.diagnostics.contains { $0.code == .strayValues })
    }
}

@Suite("JSON contract")
struct JSONContractTests {
    @Test("schema/report.schema.json is the schema the template generates")
    func committedSchema() throws {
        let committed = try String(contentsOfFile: Fixtures.root.deletingLastPathComponent().appendingPathComponent("schema/report.schema.json").path, encoding: .utf8)
        #expect(committed == ReportSchema.value().serialized() + "\n", "run: swift run nianbao schema > schema/report.schema.json")
    }

    @Test("tables nest exactly as the dotted keys, every leaf a number or null")
    func nesting() throws {
        let report = try ReportReader.report(Fixtures.path("text/000_9047ba7201a8dd9c.txt"))
        guard case let .object(root) = ReportJSON.value(of: report),
            case let .object(tables)? = root.first(where: { $0.0 == "tables" })?.1,
            case let .object(applications)? = tables.first(where: { $0.0 == "applications" })?.1,
            case let .object(denied)? = applications.first(where: { $0.0 == "denied" })?.1,
            case let .object(stateSecret)? = denied.first(where: { $0.0 == "stateSecret" })?.1
        else {
            Issue.record("tables.applications.denied.stateSecret is not nested as objects")
            return
        }
        #expect(stateSecret.map(\.0) == ["naturalPerson", "commercial", "research", "publicInterest", "legalService", "other", "total"])
        #expect(stateSecret.allSatisfy { $0.1 == .number(0) })
        #expect(applications.map(\.0) == [
            "newReceived", "carriedOver", "granted", "partiallyGranted", "denied", "unableToProvide", "notProcessed", "otherHandling",
            "totalHandled", "carriedForward",
        ])
    }

    @Test("numbers print as integers when whole, as decimals otherwise")
    func numbers() {
        #expect(JSONValue.number(316441).serialized() == "316441")
        #expect(JSONValue.number(96171.6).serialized() == "96171.6")
        #expect(JSONValue.number(-5).serialized() == "-5")
        #expect(JSONValue.string("a\"b\n").serialized() == "\"a\\\"b\\n\"")
    }
}
