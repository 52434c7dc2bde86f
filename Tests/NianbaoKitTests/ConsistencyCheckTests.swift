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

@Suite("勾稽 checks")
struct ConsistencyCheckTests {
    /// Seed 002 (all zeros) with some numbers changed, parsed from memory.
    func report(replacing edits: [(String, String)]) throws -> AnnualReport {
        var text = try String(contentsOfFile: Fixtures.path("text/002_9589ac1eaec416c0.txt"), encoding: .utf8)
        for (old, new) in edits {
            let before = text
            text = text.replacingOccurrences(of: old, with: new)
            #expect(text != before, "edit \(old) did not apply")
        }
        return try ReportParser().parse(DocumentReader.read(bytes: Array(text.utf8), path: "edited.txt"))
    }

    @Test("a consistent report passes every rule")
    func allPass() throws {
        let r = try report(replacing: [])
        #expect(r.checks.count == 7 + 25 + 7 + 3)
        #expect(r.checks.allSatisfy { $0.status == .pass })
    }

    @Test("a wrong 总计 fails its row sum, the balance and the decomposition of its column")
    func failures() throws {
        // 一、本年新收: 自然人 2, 总计 2 — but （七）总计 stays 0.
        let r = try report(replacing: [("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0", "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2")])
        let failed = r.checks.filter { $0.status == .fail }
        #expect(Set(failed.map { "\($0.rule):\($0.place)" }) == ["balance:naturalPerson", "balance:total"])
        let balance = try #require(failed.first { $0.place == "naturalPerson" })
        #expect(balance.expected == 2)
        #expect(balance.actual == 0)
        #expect(balance.cells.contains(CellKey(.applications, row: "newReceived", column: "naturalPerson")))
    }

    @Test("row sums: six applicant columns must add up to 总计")
    func rowSum() throws {
        let r = try report(replacing: [("(一) 予以公开\t0\t0\t0\t0\t0\t0\t0", "(一) 予以公开\t3\t0\t0\t0\t0\t0\t0")])
        // （七）总计 still says 0, so its decomposition fails too; the balance does not involve （一）.
        let failed = r.checks.filter { $0.status == .fail }.map { "\($0.rule):\($0.place)" }
        #expect(Set(failed) == ["rowSum:granted", "decomposition:naturalPerson"])
    }

    @Test("a null cell makes a rule not evaluated, never failed")
    func nullIsNotFailure() throws {
        let r = try report(replacing: [("(一) 予以公开\t0\t0\t0\t0\t0\t0\t0", "(一) 予以公开\t/\t0\t0\t0\t0\t0\t0")])
        #expect(r.tables.applications["granted.naturalPerson"]?.number == nil)
        #expect(r.tables.applications["granted.naturalPerson"]?.raw == "/")
        #expect(!r.checks.contains { $0.status == .fail })
        let granted = try #require(r.checks.first { $0.rule == .rowSum && $0.place == "granted" })
        #expect(granted.status == .notEvaluated)
    }

    @Test("table 4 group sums")
    func groupSums() throws {
        let zeros = Array(repeating: "0", count: 15).joined(separator: "\t")
        let edited = ["10", "1", "0", "0", "0"] + Array(repeating: "0", count: 10)
        let r = try report(replacing: [(zeros, edited.joined(separator: "\t"))])
        let review = try #require(r.checks.first { $0.rule == .groupSum && $0.place == "review" })
        #expect(review.status == .fail)
        #expect(review.expected == 11)
        #expect(review.actual == 0)
    }
}
