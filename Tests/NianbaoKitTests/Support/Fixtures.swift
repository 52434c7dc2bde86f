import Foundation
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// Paths of the repository's Fixtures/ folder and its truth files.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Every input under `folder` that has a `*.truth.json` beside it.
    static func withTruth(in folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".truth.json") }.map { "\(folder)/\($0.dropLast(".truth.json".count))" }.sorted()
    }
}

/// A ground-truth file (see docs/KEYS.md).
struct Truth {
    var agency: String
    var year: Int
    var template: String
    var publishedOn: String?
    var sections: [String]?
    /// Dotted key ("tables.applications.granted.total") → value (nil = blank in the source).
    var cells: [String: Double?]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        agency = json["agency"] as! String
        year = json["year"] as! Int
        template = json["template"] as! String
        publishedOn = json["publishedOn"] as? String
        sections = json["sections"] as? [String]
        var cells: [String: Double?] = [:]
        for (key, value) in json["cells"] as! [String: Any] {
            cells[key] = (value as? NSNumber).map { $0.doubleValue }
        }
        self.cells = cells
    }

    /// The value at a dotted key ("tables.applications.granted.total") of a report's JSON output:
    /// `.some(nil)` for a null, `.none` when the key is not there (so that a missing cell never
    /// passes for a blank one).
    static func number(at key: String, inJSON json: [String: Any]) -> Double?? {
        var node: Any? = json
        for part in key.split(separator: ".") { node = (node as? [String: Any])?[String(part)] }
        guard let node else { return .none }
        if node is NSNull { return .some(nil) }
        return (node as? NSNumber).map { .some($0.doubleValue) } ?? .none
    }

    /// Every number under `tables` of a report's JSON output, by its dotted key.
    static func numbers(inJSON json: [String: Any]) -> [String: Double] {
        var found: [String: Double] = [:]
        func walk(_ node: Any, _ key: String) {
            if let object = node as? [String: Any] {
                for (name, child) in object { walk(child, key + "." + name) }
            } else if let number = node as? NSNumber {
                found[key] = number.doubleValue
            }
        }
        walk(json["tables"] ?? [:], "tables")
        return found
    }
}

extension AnnualReport {
    /// The number at a full dotted key such as "tables.applications.granted.total".
    func number(at fullKey: String) -> Double? {
        let parts = fullKey.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "tables", let table = TableID(rawValue: parts[1]) else { return nil }
        return tables[table][parts[2]]?.number
    }

    /// Every cell with its full dotted key.
    var allCells: [(key: String, value: CellValue)] {
        TableID.allCases.flatMap { id in tables[id].map { (key: "tables.\(id.rawValue).\($0.key)", value: $0.value) } }
    }
}
