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

/// Every input `scripts/fuzz` kept in Fixtures/fuzz runs through extract, parse and every writer,
/// and gives what Fixtures/fuzz/expected.json says (see Fixtures/fuzz/README.md).
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = Fixtures.root.appendingPathComponent("fuzz")
    static let inputs = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0 != "README.md" && $0 != "expected.json" }.sorted()

    static func expected() throws -> [String: [String: String]] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("expected.json"))) as! [String: [String: String]]
    }

    @Test("every kept input has an expected outcome, and every outcome an input")
    func complete() throws {
        #expect(!Self.inputs.isEmpty)
        #expect(try Self.expected().keys.sorted() == Self.inputs)
    }

    @Test("a kept input gives its expected outcome, through every writer", arguments: inputs)
    func replay(_ name: String) throws {
        let expected = try #require(try Self.expected()[name])
        let bytes = try DocumentReader.bytes(of: Self.folder.appendingPathComponent(name).path)
        let result = Result { () throws(NianbaoError) in try ReportParser().parse(DocumentReader.read(bytes: bytes, path: name)) }
        switch result {
        case let .success(report):
            #expect(expected["outcome"] == "report", "\(name) gave a report")
            #expect(report.metadata.agency == expected["agency"])
            let json = ReportJSON.value(of: report).serialized()
            #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
            #expect(ReportCSV.text([report], layout: .long).hasPrefix(ReportCSV.longHeader.joined(separator: ",") + "\r\n"))
            #expect(ReportCSV.text([report], layout: .wide).components(separatedBy: "\r\n").count == 3)
            #expect(ReportHTML.document(report, annotate: true).hasSuffix("</html>\n"))
            #expect(!CheckReport.text(for: report, showPassing: true).isEmpty)
        case let .failure(error):
            let kind = Mirror(reflecting: error).children.first?.label
            #expect(kind == expected["outcome"], "\(name): \(error)")
        }
    }
}
