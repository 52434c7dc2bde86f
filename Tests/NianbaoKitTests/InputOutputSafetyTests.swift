import Foundation
import GRDB
import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

extension CLI {
    /// Runs a /bin/sh command line.
    static func runShell(_ command: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Issue 10: inputs and outputs a careless user or a broken file can give: odd names, odd option
/// values, huge and deep inputs, outputs that are inputs, devices, links, full disks, long names and
/// foreign databases. Each: the example from the issue and a sibling.
@Suite("Input and output safety", .serialized)
struct InputOutputSafetyTests {
    let seed = Fixtures.path("text/001_88f1d5ea082339d9.txt")

    /// The report's JSON without `source` (which names the file and its SHA-256).
    static func content(_ report: AnnualReport) throws -> NSDictionary {
        let json = ReportJSON.value(of: report).serialized(pretty: false)
        var object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["source"] = nil
        return object as NSDictionary
    }

    // MARK: item 9: file names

    @Test("a file named ... or ending in a dot is read by its content, not a crash")
    func dotNames() throws {
        let dir = try CLI.temporaryDirectory()
        for name in ["...", "report.", ".", "a..b."] where name != "." {
            let path = dir.appendingPathComponent(name).path
            try FileManager.default.copyItem(atPath: seed, toPath: path)
            let result = try CLI.run(["convert", path])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.contains("\"agency\": \"管头镇\""))
        }
        #expect(try InputFormat.detect(path: "...", bytes: Array("text".utf8)) == .txt)
        #expect(try InputFormat.detect(path: "dir/x.", bytes: Array("%PDF-1.4".utf8)) == .pdf)
        #expect(try InputFormat.detect(path: ".", bytes: Array("<html><body>".utf8)) == .html)
    }

    // MARK: item 8: numeric options

    @Test("numeric options that are not finite or out of range are usage errors", arguments: [
        ["convert", "SEED", "--timeout", "nan"], ["convert", "SEED", "--timeout", "inf"], ["convert", "SEED", "--timeout=-1"],
        ["convert", "SEED", "--timeout", "0"], ["convert", "SEED", "--timeout", "1e300"], ["convert", "SEED", "--timeout", "0.00001"],
        ["convert", "SEED", "--max-bytes", "0"], ["convert", "SEED", "--max-bytes=-5"], ["convert", "SEED", "SEED", "--to", "csv", "--jobs", "0"],
        ["convert", "SEED", "--jobs", "100000"], ["check", "SEED", "--max-bytes", "0"], ["extract", "SEED", "--max-bytes", "0"],
        ["scrape", "http://127.0.0.1:9/", "--out", "OUT", "--delay", "inf"],
        ["scrape", "http://127.0.0.1:9/", "--out", "OUT", "--delay", "1e300"],
        ["scrape", "http://127.0.0.1:9/", "--out", "OUT", "--delay", "nan"],
        ["scrape", "http://127.0.0.1:9/", "--out", "OUT", "--delay=-1"],
        ["scrape", "http://127.0.0.1:9/", "--out", "OUT", "--timeout", "nan"],
        ["scrape", "http://127.0.0.1:9/", "--out", "OUT", "--retries", "1000"],
        ["scrape", "http://127.0.0.1:9/", "--out", "OUT", "--max-bytes", "0"],
        ["scrape", "http://127.0.0.1:9/", "--out", "OUT", "--since", "99999"],
    ])
    func badNumbers(arguments: [String]) throws {
        let out = try CLI.temporaryDirectory().appendingPathComponent("out").path
        let result = try CLI.run(arguments.map { $0 == "SEED" ? seed : $0 == "OUT" ? out : $0 })
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("must be"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("numeric options within range are taken")
    func goodNumbers() throws {
        let result = try CLI.run(["convert", seed, "--timeout", "0.5", "--max-bytes", "100000", "--compact"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("{\"schemaVersion\":1"))
    }

    // MARK: item 25: not regular files

    @Test("a FIFO or a device as input is refused as not a regular file, not as permission denied")
    func notRegularFiles() throws {
        let dir = try CLI.temporaryDirectory()
        let fifo = dir.appendingPathComponent("report.txt").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, kind) in [(fifo, "a named pipe (FIFO)"), ("/dev/zero", "a device"), ("/dev/null", "a device")] {
            let result = try CLI.run(["convert", path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("it is \(kind), not a regular file"), "\(result.stderr)")
            #expect(!result.stderr.contains("permission denied"))
        }
        let check = try CLI.run(["check", "/dev/zero"])
        #expect(check.status == 2)
        #expect(check.stderr.contains("not a regular file"))
    }

    // MARK: item 14: input size

    @Test("an input over the size limit is refused before it is read; one at the limit is read")
    func sizeLimit() throws {
        let dir = try CLI.temporaryDirectory()
        let size = try #require(FileManager.default.attributesOfItem(atPath: seed)[.size] as? Int)
        let over = try CLI.run(["convert", seed, "--max-bytes", String(size - 1)])
        #expect(over.status == 2)
        #expect(over.stderr.contains("it is \(size) bytes, over the limit of \(size - 1) bytes; --max-bytes raises it"), "\(over.stderr)")
        let at = try CLI.run(["convert", seed, "--max-bytes", String(size)])
        #expect(at.status == 0, "\(at.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: seed))
        let stdin = try CLI.run(["convert", "-", "--max-bytes", "4000"], stdin: bytes)
        #expect(stdin.status == 2)
        #expect(stdin.stderr.contains("standard input is over the limit of 4000 bytes"), "\(stdin.stderr)")
        // The default: 100 MiB. A sparse file one byte over it is refused by its size, without reading it.
        let huge = dir.appendingPathComponent("huge.txt").path
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, off_t(DocumentReader.defaultMaxBytes + 1)) == 0)
        let started = Date()
        let refused = try CLI.run(["convert", huge])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("it is 104857601 bytes, over the limit of 104857600 bytes"), "\(refused.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
        // In a batch, the same limit per input; the other inputs convert.
        let batch = try CLI.run(["convert", huge, seed, "--out", dir.appendingPathComponent("out").path])
        #expect(batch.status == 2)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/001_88f1d5ea082339d9.json").path))
    }

    // MARK: item 16: outputs that are inputs

    @Test("convert *.html --out . refuses to write over its sources, before writing anything")
    func outputIsInputBatch() throws {
        let dir = try CLI.temporaryDirectory()
        let names = ["qingshan_district_2023_trs.html", "shanghai_gov_office_2019.html"]
        var originals: [Data] = []
        for name in names {
            try FileManager.default.copyItem(atPath: Fixtures.path("html/\(name)"), toPath: dir.appendingPathComponent(name).path)
            originals.append(try Data(contentsOf: dir.appendingPathComponent(name)))
        }
        let result = try CLI.run(["convert"] + names.map { dir.appendingPathComponent($0).path } + ["--out", dir.path, "--to", "html"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("is the input"), "\(result.stderr)")
        for (name, original) in zip(names, originals) {
            #expect(try Data(contentsOf: dir.appendingPathComponent(name)) == original)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == names.sorted())
    }

    @Test("-o naming an input, a hard link or a symbolic link to it is refused; the input is untouched")
    func outputIsInputSingle() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("report.json").path
        try FileManager.default.copyItem(atPath: seed, toPath: input)
        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        let hard = dir.appendingPathComponent("hard.json").path
        let soft = dir.appendingPathComponent("soft.json").path
        #expect(link(input, hard) == 0)
        try FileManager.default.createSymbolicLink(atPath: soft, withDestinationPath: input)
        for output in [input, hard, soft] {
            let result = try CLI.run(["convert", input, "-o", output])
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains("is the input"))
        }
        let csv = try CLI.run(["convert", seed, input, "--to", "csv", "-o", hard])
        #expect(csv.status == 64)
        let extract = try CLI.run(["extract", input, "-o", soft])
        #expect(extract.status == 64)
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == original)
    }

    // MARK: item 17: devices, FIFOs, links

    @Test("-o /dev/null writes through and leaves the device a device")
    func outputDevice() throws {
        let result = try CLI.run(["convert", seed, "--to", "json", "-o", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFCHR)
        let full = try CLI.run(["convert", seed, "--to", "json", "-o", "/dev/full"])
        #expect(full.status == 3)
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
    }

    @Test("-o a FIFO writes into the pipe")
    func outputFIFO() async throws {
        let dir = try CLI.temporaryDirectory()
        let fifo = dir.appendingPathComponent("out.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader runs on a thread of its own, not a task: the tasks' threads may all be
        // blocked waiting for processes (this one included), and the writer's open() waits for it.
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let handle = FileHandle(forReadingAtPath: fifo)
            box.data = handle?.readDataToEndOfFile() ?? Data()
            try? handle?.close()
            done.signal()
        }
        let result = try CLI.run(["convert", seed, "-o", fifo])
        done.wait()
        let read = box.data
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: read, as: UTF8.self).contains("\"agency\": \"管头镇\""))
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("-o a symbolic link writes its target, and the link stays a link (also when the target is new)")
    func outputSymlink() throws {
        let dir = try CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("real"), withIntermediateDirectories: true)
        let target = dir.appendingPathComponent("real/report.json").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        #expect(chmod(target, 0o640) == 0)
        let link = dir.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/report.json")
        let dangling = dir.appendingPathComponent("dangling.json").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "real/new.json")
        for (path, written) in [(link, target), (dangling, dir.appendingPathComponent("real/new.json").path)] {
            let result = try CLI.run(["convert", seed, "-o", path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path).hasPrefix("real/"))
            #expect(try String(contentsOfFile: written, encoding: .utf8).contains("\"agency\": \"管头镇\""))
        }
        var status = stat()
        #expect(stat(target, &status) == 0 && status.st_mode & 0o777 == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("real").path).sorted() == ["new.json", "report.json"])
    }

    // MARK: item 18: failing writes

    /// Runs nianbao with its file size limited to `blocks` KiB and SIGXFSZ ignored, so that a write
    /// past it fails with EFBIG as on a full disk.
    static func runWithFileSizeLimit(_ arguments: [String], blocks: Int = 8) throws -> CLI.Result {
        let quoted = ([CLI.executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try CLI.runShell("trap '' XFSZ; ulimit -f \(blocks); exec \(quoted.joined(separator: " "))")
    }

    @Test("a write that fails midway leaves no temporary file and the old output as it was")
    func failingWrite() throws {
        let dir = try CLI.temporaryDirectory()
        let output = dir.appendingPathComponent("report.json").path
        try Data("previous".utf8).write(to: URL(fileURLWithPath: output))
        let result = try Self.runWithFileSizeLimit(["convert", seed, "-o", output])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("File too large"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"])
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous")
        // The same in a batch: no .NAME.PID.N.tmp beside the outputs.
        let out = dir.appendingPathComponent("out").path
        let batch = try Self.runWithFileSizeLimit(["convert", seed, Fixtures.path("html/qingshan_district_2023_trs.html"), "--out", out, "--to", "html"])
        #expect(batch.status == 3, "\(batch.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    // MARK: item 22: long names

    @Test("an output name near 255 bytes is written (its temporary name is cut to fit)")
    func longNames() throws {
        let dir = try CLI.temporaryDirectory()
        let ascii = String(repeating: "a", count: 250) + ".json"
        let result = try CLI.run(["convert", seed, "-o", dir.appendingPathComponent(ascii).path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(ascii).path))
        // 80 Chinese characters: 240 bytes of name. As a batch input, its output name is cut to fit.
        let chinese = String(repeating: "报", count: 80) + ".txt"
        try FileManager.default.copyItem(atPath: seed, toPath: dir.appendingPathComponent(chinese).path)
        let out = dir.appendingPathComponent("out").path
        let batch = try CLI.run(["convert", dir.appendingPathComponent(chinese).path, "--out", out])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).contains(String(repeating: "报", count: 50) + ".json"))
        for name in [ascii, String(repeating: "报", count: 85), String(repeating: "é", count: 127)] {
            let temporary = AtomicFile.temporaryName(for: name, pid: 4_194_304, attempt: 99)
            #expect(temporary.utf8.count <= 255)
            #expect(temporary.hasSuffix(".4194304.99.tmp"))
        }
    }

    // MARK: item 24: a foreign database

    @Test("--db naming another program's SQLite file is refused and the file left byte for byte")
    func foreignDatabase() throws {
        let dir = try CLI.temporaryDirectory()
        for (name, sql) in [
            ("people.sqlite", "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('李四');"),
            // another GRDB program: it has grdb_migrations, but not the corpus's tables
            ("grdb.sqlite", "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('v1'); CREATE TABLE notes (text TEXT);"),
        ] {
            let path = dir.appendingPathComponent(name).path
            try DatabaseQueue(path: path).write { try $0.execute(sql: sql) }
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let result = try CLI.run(["convert", seed, "--db", path])
            #expect(result.status == 3)
            #expect(result.stderr.contains("not a nianbao corpus"), "\(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
        // An empty file is an empty database: it becomes a corpus.
        let empty = dir.appendingPathComponent("empty.sqlite").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let result = try CLI.run(["convert", seed, "--db", empty])
        #expect(result.status == 0, "\(result.stderr)")
        let again = try CLI.run(["convert", seed, "--db", empty, "--force"])
        #expect(again.status == 0, "\(again.stderr)")
    }

    // MARK: item 15: deep nesting

    /// `html` with `count` copies of `unit` inserted right after its `<body>` tag.
    static func nested(_ path: String, _ unit: String, count: Int) throws -> [UInt8] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let marker = Array("<body".utf8)
        let start = try #require((0...(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker })
        let end = try #require(bytes[start...].firstIndex(of: UInt8(ascii: ">")))
        return Array(bytes[...end]) + Array(String(repeating: unit, count: count).utf8) + Array(bytes[(end + 1)...])
    }

    @Test("HTML with hundreds or thousands of unclosed <font> reads whole: every section, table and the date", arguments: [300, 5_000])
    func deepFont(count: Int) throws {
        let path = Fixtures.path("html/qingshan_district_2023_trs.html")
        let plain = try ReportReader.report(path)
        #expect(plain.metadata.publishedOn == "2024-01-26")
        #expect(plain.sections.count == 6)
        for unit in ["<font size=\"3\">　<br>", "<span class=\"x\"><b>"] {
            let deep = try ReportReader.report(bytes: Self.nested(path, unit, count: count), path: "deep.html")
            #expect(try Self.content(deep) == Self.content(plain), "\(unit) × \(count)")
        }
    }

    @Test("HTML nesting blocks deeper than nianbao reads is an error, never a page cut short")
    func deepBlocks() throws {
        let path = Fixtures.path("html/qingshan_district_2023_trs.html")
        #expect(throws: NianbaoError.self) {
            try ReportReader.report(bytes: Self.nested(path, "<div>", count: 2_000), path: "divs.html")
        }
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("tables.html")
        try Data(Self.nested(path, "<table><tr><td>", count: 400)).write(to: file)
        let result = try CLI.run(["convert", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("nested more than 1000 deep"), "\(result.stderr)")
        // Just within the limit: read whole.
        let within = try ReportReader.report(bytes: Self.nested(path, "<div>", count: 900), path: "divs.html")
        #expect(try Self.content(within) == Self.content(try ReportReader.report(path)))
    }

    // MARK: item 7: huge pages

    @Test("page sizes are checked before they become pixel counts; overlays are scaled down to a cap")
    func pixelSizes() {
        #expect(PopplerDocument.pixelSize(width: 2e9, height: 842, scale: 1.5) == nil)
        #expect(PopplerDocument.pixelSize(width: .nan, height: 842, scale: 1.5) == nil)
        #expect(PopplerDocument.pixelSize(width: 595, height: .infinity, scale: 1.5) == nil)
        #expect(PopplerDocument.pixelSize(width: 0, height: 842, scale: 1.5) == nil)
        #expect(PopplerDocument.pixelSize(width: 595, height: 842, scale: 1.5).map { [$0.0, $0.1] } == [893, 1263])
        let square = PopplerDocument.overlaySize(width: 16_000, height: 16_000, scale: 2)
        #expect(square.map { Int($0.width) * Int($0.height) <= PopplerDocument.maxOverlayPixels } == true)
        let wide = PopplerDocument.overlaySize(width: 2e9, height: 842, scale: 2)
        #expect(wide.map { [$0.width, $0.height] } == [32_767, 1])
        #expect(PopplerDocument.overlaySize(width: 595, height: 842, scale: 2).map { [$0.width, $0.height] } == [1190, 1684])
        #expect(PopplerDocument.overlaySize(width: .nan, height: 842, scale: 2) == nil)
    }

    @Test("a PDF page 2e9 pt wide or 16,000 pt square converts and draws its overlay without trapping", arguments: [
        (2_000_000_000.0, 842.0), (16_000.0, 16_000.0), (842.0, 2_000_000_000.0),
    ])
    func hugePages(width: Double, height: Double) throws {
        let dir = try CLI.temporaryDirectory()
        let pdf = dir.appendingPathComponent("huge.pdf")
        try Data(MinimalPDF.table(width: width, height: height)).write(to: pdf)
        let convert = try CLI.run(["convert", pdf.path])
        #expect(convert.status == 0 || convert.status == 2, "\(convert.stderr)")
        #expect(!convert.stderr.isEmpty || convert.status == 0)
        let overlay = dir.appendingPathComponent("overlay").path
        let started = Date()
        let extract = try CLI.run(["extract", pdf.path, "--overlay", overlay])
        #expect(extract.status == 0, "\(extract.stderr)")
        #expect(FileManager.default.fileExists(atPath: overlay + "/page-1.png"))
        #expect(Date().timeIntervalSince(started) < 60)
    }
}

/// A one-page PDF with aligned rows of numbers (which the PDF reader renders to look for rulings),
/// on a page of any size.
enum MinimalPDF {
    static func table(width: Double, height: Double) -> [UInt8] {
        var content = "BT /F1 12 Tf\n"
        for (row, values) in [[11, 23, 37], [41, 53, 67], [71, 83, 97]].enumerated() {
            for (column, value) in values.enumerated() {
                content += "1 0 0 1 \(72 + column * 80) \(700 - row * 20) Tm (\(value)) Tj\n"
            }
        }
        content += "ET\n0 0 0 RG 70 640 m 400 640 l S\n"
        func number(_ x: Double) -> String { x == x.rounded() ? String(Int64(x)) : String(x) }
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(number(width)) \(number(height))] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}
