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

/// A folder of inputs copied from the fixtures, for batch runs.
enum BatchFolder {
    /// Text and HTML fixtures that convert, by fixture path → name in the folder.
    static let good = [
        "text/001_88f1d5ea082339d9.txt", "text/002_9589ac1eaec416c0.txt", "text/pingtan_2019_page.txt",
        "text/shanghai_stcsm_2024_extract.md", "html/qingshan_district_2023_trs.html",
    ]

    /// Copies `fixtures` (relative to Fixtures/) into `dir`, under their own names or `renamed`.
    static func fill(_ dir: URL, _ fixtures: [String], renamed: [String: String] = [:]) throws {
        for fixture in fixtures {
            let target = dir.appendingPathComponent(renamed[fixture] ?? (fixture as NSString).lastPathComponent)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Fixtures.path(fixture), toPath: target.path)
        }
    }

    /// The files in `dir`, without the batch state.
    static func outputs(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != BatchState.fileName }.sorted()
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }
}

@Suite("Command line: batches", .serialized)
struct BatchCLITests {
    @Test("a folder converts to one output per input, named after the sources; same names get a hash of their path")
    func folder() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        try BatchFolder.fill(inputs, BatchFolder.good, renamed: ["text/002_9589ac1eaec416c0.txt": "sub/deeper/001_88f1d5ea082339d9.txt"])
        // Not inputs: other extensions and hidden files.
        try Data("x".utf8).write(to: inputs.appendingPathComponent("notes.json"))
        try Data("x".utf8).write(to: inputs.appendingPathComponent(".hidden.txt"))

        let result = try CLI.run(["convert", inputs.path, "--out", out.path, "--progress", "none"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("nianbao: 5 converted, 0 up to date, 0 failed, of 5 inputs ("), "\(result.stderr)")
        let top = "\(inputs.path)/001_88f1d5ea082339d9.txt", deep = "\(inputs.path)/sub/deeper/001_88f1d5ea082339d9.txt"
        let hash = { (path: String) in String(SHA256.hex(Array(path.utf8)).prefix(8)) }
        #expect(try BatchFolder.outputs(out) == [
            "001_88f1d5ea082339d9-\(hash(top)).json", "001_88f1d5ea082339d9-\(hash(deep)).json",
            "pingtan_2019_page.json", "qingshan_district_2023_trs.json", "shanghai_stcsm_2024_extract.json",
        ].sorted())
        let agencies: [String: String] = [
            "001_88f1d5ea082339d9-\(hash(top)).json": "管头镇", "pingtan_2019_page.json": "平潭综合实验区",
            "qingshan_district_2023_trs.json": "青山区人民政府",
        ]
        for (name, agency) in agencies {
            let json = try BatchFolder.json(out.appendingPathComponent(name))
            #expect((json["report"] as! [String: Any])["agency"] as? String == agency, "\(name)")
        }
        let deepJSON = try BatchFolder.json(out.appendingPathComponent("001_88f1d5ea082339d9-\(hash(deep)).json"))
        #expect((deepJSON["source"] as! [String: Any])["file"] as? String == deep)
        // The same report from its own fixture path, converted alone, is the same JSON but for the path.
        let single = try CLI.run(["convert", Fixtures.path("text/002_9589ac1eaec416c0.txt")])
        let batchText = try String(contentsOf: out.appendingPathComponent("001_88f1d5ea082339d9-\(hash(deep)).json"), encoding: .utf8)
        #expect(batchText == single.stdout.replacingOccurrences(of: Fixtures.path("text/002_9589ac1eaec416c0.txt"), with: deep))
    }

    @Test("a failing input is reported on one line and counted; the others are converted; exit 2")
    func failures() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        try BatchFolder.fill(inputs, ["text/001_88f1d5ea082339d9.txt", "pdf/not-a-pdf.pdf", "html/qingshan_district_2023_trs.html"])
        try Data("今天天气很好。\n".utf8).write(to: inputs.appendingPathComponent("b-note.txt"))
        let result = try CLI.run(["convert", inputs.path, "--out", out.path, "--jobs", "2"])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.stderr)")
        #expect(Set(lines.prefix(2)) == [
            "nianbao: \(inputs.path)/b-note.txt: not a government information disclosure annual report (no report title, no section titles and no table values found)",
            "nianbao: \(inputs.path)/not-a-pdf.pdf: cannot read the file (not a PDF (it does not start with %PDF))",
        ])
        #expect(lines[2].hasPrefix("nianbao: 2 converted, 0 up to date, 2 failed, of 4 inputs ("))
        #expect(try BatchFolder.outputs(out) == ["001_88f1d5ea082339d9.json", "qingshan_district_2023_trs.json"])
        let state = BatchState.load(directory: out.path, settings: "json")
        #expect(state.outputs.keys.sorted() == ["001_88f1d5ea082339d9.json", "qingshan_district_2023_trs.json"])
    }

    @Test("a re-run skips up-to-date outputs, converts a changed or deleted one again, and --force converts all")
    func rerun() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        try BatchFolder.fill(inputs, BatchFolder.good)
        let arguments = ["convert", inputs.path, "--out", out.path]
        #expect(try CLI.run(arguments).status == 0)
        let page = out.appendingPathComponent("pingtan_2019_page.json")
        try Data("stale".utf8).write(to: page)   // marks the file: a skipped output is not rewritten

        let second = try CLI.run(arguments)
        #expect(second.status == 0)
        #expect(second.stderr.hasPrefix("nianbao: 0 converted, 5 up to date, 0 failed, of 5 inputs"), "\(second.stderr)")
        #expect(try String(contentsOf: page, encoding: .utf8) == "stale")

        // A changed source is converted again; so is a deleted output.
        let source = inputs.appendingPathComponent("pingtan_2019_page.txt")
        try Data((try String(contentsOf: source, encoding: .utf8) + "\n").utf8).write(to: source)
        try FileManager.default.removeItem(at: out.appendingPathComponent("qingshan_district_2023_trs.json"))
        let third = try CLI.run(arguments)
        #expect(third.stderr.hasPrefix("nianbao: 2 converted, 3 up to date, 0 failed, of 5 inputs"), "\(third.stderr)")
        #expect(try String(contentsOf: page, encoding: .utf8).contains("\"agency\": \"平潭综合实验区\""))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("qingshan_district_2023_trs.json").path))

        // Other options make other files: everything again.
        #expect(try CLI.run(arguments + ["--compact"]).stderr.hasPrefix("nianbao: 5 converted, 0 up to date"))
        #expect(try CLI.run(arguments + ["--compact"]).stderr.hasPrefix("nianbao: 0 converted, 5 up to date"))
        #expect(try CLI.run(arguments + ["--compact", "--force"]).stderr.hasPrefix("nianbao: 5 converted, 0 up to date"))
    }

    @Test("--jobs 2 writes the same bytes as --jobs 1 (PDF, HTML and text)")
    func parallelSameBytes() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in")
        try BatchFolder.fill(inputs, BatchFolder.good + [
            "pdf/hongze_2023.pdf", "pdf/synthetic_2021_chromium.pdf", "pdf/synthetic_2019_libreoffice.pdf", "html/jiangning_county_2022_word_gbk.html",
        ])
        for format in ["json", "html", "csv"] {
            let one = dir.appendingPathComponent("one-\(format)"), two = dir.appendingPathComponent("two-\(format)")
            #expect(try CLI.run(["convert", inputs.path, "--to", format, "--out", one.path, "--jobs", "1"]).status == 0)
            #expect(try CLI.run(["convert", inputs.path, "--to", format, "--out", two.path, "--jobs", "2"]).status == 0)
            let names = try BatchFolder.outputs(one)
            #expect(names.count == 9)
            #expect(try BatchFolder.outputs(two) == names)
            for name in names {
                let a = try Data(contentsOf: one.appendingPathComponent(name)), b = try Data(contentsOf: two.appendingPathComponent(name))
                #expect(a == b, "\(format): \(name)")
            }
        }
    }

    @Test("--from-list reads paths and folders, skipping blank lines and # comments; --progress lines ends at N/N")
    func fromList() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        try BatchFolder.fill(inputs, ["text/001_88f1d5ea082339d9.txt", "html/qingshan_district_2023_trs.html"])
        let list = dir.appendingPathComponent("list.txt")
        try Data("""
            # reports to convert
            \(inputs.path)/001_88f1d5ea082339d9.txt

              \(Fixtures.path("html"))   
            # \(inputs.path)/qingshan_district_2023_trs.html

            """.utf8).write(to: list)
        let result = try CLI.run(["convert", "--from-list", list.path, "--out", out.path, "--progress", "lines"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try BatchFolder.outputs(out) == [
            "001_88f1d5ea082339d9.json", "hangzhou_style_2025_fixture.json", "jiangning_county_2022_word_gbk.json",
            "linchuan_office_2019_ucap.json", "qingshan_district_2023_trs.json", "shanghai_gov_office_2019.json",
        ])
        let json = try BatchFolder.json(out.appendingPathComponent("qingshan_district_2023_trs.json"))
        #expect((json["source"] as! [String: Any])["file"] as? String == Fixtures.path("html") + "/qingshan_district_2023_trs.html")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.dropLast().last?.hasPrefix("nianbao: 6/6 100%, ") == true, "\(result.stderr)")
        #expect(!result.stderr.contains("\r"))
    }

    @Test("a folder with --to csv makes one CSV of every report, in path order")
    func folderToOneCSV() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in")
        try BatchFolder.fill(inputs, BatchFolder.good)
        let all = dir.appendingPathComponent("all.csv")
        let result = try CLI.run(["convert", inputs.path, "--csv", "wide", "-o", all.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let rows = try CSVReader.table(String(contentsOf: all, encoding: .utf8)).rows
        let byPath = BatchFolder.good.sorted { ($0 as NSString).lastPathComponent < ($1 as NSString).lastPathComponent }
        #expect(rows.map { $0["agency"]! } == (try byPath.map { try Truth(path: Fixtures.path($0 + ".truth.json")).agency }))
        #expect(rows.map { ($0["source"]! as NSString).lastPathComponent } == BatchFolder.good.map { ($0 as NSString).lastPathComponent }.sorted())
    }

    @Test("batch usage errors are exit 64", arguments: [
        ["DIR"], ["DIR", "-o", "x.json"], ["DIR", "--out", "OUT", "-o", "x.csv"], ["DIR", "--out", "OUT", "--jobs", "0"],
        ["-", "--out", "OUT"], ["DIR", "--progress", "sometimes", "--out", "OUT"],
    ])
    func usage(_ arguments: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let resolved = arguments.map { $0 == "DIR" ? Fixtures.path("text") : $0 == "OUT" ? dir.appendingPathComponent("out").path : $0 }
        let result = try CLI.run(["convert"] + resolved)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("an --out that cannot be created is exit 3")
    func unwritableOut() throws {
        let result = try CLI.run(["convert", Fixtures.path("text"), "--out", "/proc/nianbao-out"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("/proc/nianbao-out: cannot write the output (cannot create the folder)"))
    }
}
