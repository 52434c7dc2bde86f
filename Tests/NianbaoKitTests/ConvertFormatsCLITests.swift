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

@Suite("Command line: CSV and HTML")
struct ConvertFormatsCLITests {
    let seed = Fixtures.path("text/001_88f1d5ea082339d9.txt")
    let pingtan = Fixtures.path("text/pingtan_2019_page.txt")

    @Test("-o picks the format by extension: .csv long CSV, .html and .htm a page")
    func formatByExtension() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, start) in [("a.csv", "source,agency,year,template,table,row,column,"), ("a.html", "<!DOCTYPE html>"), ("a.HTM", "<!DOCTYPE html>")] {
            let out = dir.appendingPathComponent(name).path
            let result = try CLI.run(["convert", seed, "-o", out])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix(start), "\(name)")
        }
        let stdout = try CLI.run(["convert", seed, "--to", "html", "--fragment"])
        #expect(stdout.stdout.hasPrefix("<article class=\"nianbao-report\">"))
        let wide = try CLI.run(["convert", seed, "--csv", "wide"])
        #expect(wide.stdout.hasPrefix("source,format,sha256,"))
        #expect(wide.stdout.components(separatedBy: "\r\n").count == 3)
    }

    @Test("several inputs make one CSV with one header")
    func severalInputs() throws {
        let result = try CLI.run(["convert", seed, pingtan, "--to", "csv"])
        #expect(result.status == 0)
        let rows = try CSVReader.table(result.stdout).rows
        #expect(rows.count == 200 + 198)
        #expect(Set(rows.map { $0["agency"]! }) == ["管头镇", "平潭综合实验区"])
        #expect(!result.stdout.hasPrefix("\u{FEFF}"))
    }

    @Test("a failing input is reported and left out; the CSV is written for the others; exit 2")
    func failingInput() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let note = dir.appendingPathComponent("note.txt")
        try Data("今天天气很好。\n".utf8).write(to: note)
        let out = dir.appendingPathComponent("all.csv").path
        let result = try CLI.run(["convert", seed, note.path, dir.appendingPathComponent("missing.txt").path, pingtan, "--csv", "wide", "-o", out])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].contains("note.txt: not a government information disclosure annual report"))
        #expect(lines[1].contains("missing.txt: cannot read the file (no such file)"))
        #expect(lines[2].contains("2 of 4 inputs converted"))
        let rows = try CSVReader.table(String(contentsOfFile: out, encoding: .utf8)).rows
        #expect(rows.map { $0["agency"]! } == ["管头镇", "平潭综合实验区"])
    }

    @Test("when no input converts nothing is written")
    func allFail() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("all.csv").path
        let result = try CLI.run(["convert", dir.appendingPathComponent("a.txt").path, dir.appendingPathComponent("b.txt").path, "--to", "csv", "-o", out])
        #expect(result.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(result.stderr.split(separator: "\n").count == 2)
    }

    @Test("options that do not fit the format are usage errors (64)", arguments: [
        ["--to", "json", "FILE", "FILE"], ["FILE", "FILE"], ["--to", "html", "FILE", "FILE"], ["--bom", "FILE"], ["--to", "html", "--csv", "wide", "FILE"],
        ["--fragment", "FILE", "-o", "x.csv"], ["--annotate", "FILE"], ["--compact", "--to", "csv", "FILE"], ["--csv", "tall", "FILE"],
        ["--to", "csv", "-", "-"],
    ])
    func usage(_ arguments: [String]) throws {
        let result = try CLI.run(["convert"] + arguments.map { $0 == "FILE" ? seed : $0 })
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }

    @Test("--annotate marks the failed cells of a report whose totals do not add up")
    func annotate() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = try String(contentsOfFile: Fixtures.path("text/002_9589ac1eaec416c0.txt"), encoding: .utf8)
        text = text.replacingOccurrences(of: "(一) 予以公开\t0\t0", with: "(一) 予以公开\t4\t0")
        let bad = dir.appendingPathComponent("bad.txt")
        try Data(text.utf8).write(to: bad)
        let result = try CLI.run(["convert", bad.path, "--to", "html", "--annotate"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(
            "<td class=\"check-failed\" title=\"勾稽不符：（一）予以公开：自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他 = 总计：各项之和 4，填报 0"))
        let plain = try CLI.run(["convert", bad.path, "--to", "html"])
        #expect(!plain.stdout.contains("check-failed\""))
    }
}
