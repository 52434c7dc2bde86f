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

@Suite("CSV output")
struct CSVOutputTests {
    static let seed = "text/001_88f1d5ea082339d9.txt"
    static let pingtan = "text/pingtan_2019_page.txt"

    @Test("fields are quoted as RFC 4180 says, records end in CRLF")
    func quoting() throws {
        #expect(CSVText.field("自然人") == "自然人")
        #expect(CSVText.field("a,b") == "\"a,b\"")
        #expect(CSVText.field("说\"明\"") == "\"说\"\"明\"\"\"")
        #expect(CSVText.field("两\n行") == "\"两\n行\"")
        #expect(CSVText.field("两\r\n行") == "\"两\r\n行\"")
        #expect(CSVText.record(["1", "", "x,y"]) == "1,,\"x,y\"\r\n")
        let awkward = ["逗号,在内", "引号\"在内\"", "换行\r\n在内", "", " 空格 "]
        let text = CSVText.document(header: ["a", "b", "c", "d", "e"], records: [awkward], byteOrderMark: true)
        #expect(text.hasPrefix("\u{FEFF}a,b,c,d,e\r\n"))
        #expect(try CSVReader.records(text) == [["a", "b", "c", "d", "e"], awkward])
    }

    @Test("long: one record per cell of the rows the report prints, with the template's labels")
    func long2021() throws {
        let report = try Fixtures.report(Self.seed)
        let (header, rows) = try CSVReader.table(ReportCSV.text([report], layout: .long))
        #expect(header == ["source", "agency", "year", "template", "table", "row", "column", "group", "row_label", "column_label", "value", "raw", "ocr", "ocr_confidence"])
        // Read from text, not by OCR: no provenance.
        #expect(rows.allSatisfy { $0["ocr"] == "" && $0["ocr_confidence"] == "" })
        // 2021: section 二 has 10 cells, section 三 25 rows × 7 (（六） as three rows), section 四 3 × 5.
        #expect(rows.count == 10 + 25 * 7 + 15)
        #expect(rows.allSatisfy { $0["source"] == "Fixtures/text/001_88f1d5ea082339d9.txt" && $0["agency"] == "管头镇" && $0["year"] == "2024" && $0["template"] == "2021" })
        let stateSecret = try #require(rows.first { $0["row"] == "denied.stateSecret" && $0["column"] == "naturalPerson" })
        #expect(stateSecret["table"] == "applications")
        #expect(stateSecret["group"] == "（三）不予公开")
        #expect(stateSecret["row_label"] == "1.属于国家秘密")
        #expect(stateSecret["column_label"] == "自然人")
        #expect(stateSecret["value"] == "0")
        let punishment = try #require(rows.first { $0["row"] == "punishment" })
        #expect(punishment["group"] == "第二十条第（六）项")
        #expect(punishment["column_label"] == "本年处理决定数量")
        #expect(punishment["value"] == "1")
        #expect(punishment["raw"] == "1")
        let direct = try #require(rows.first { $0["table"] == "reviewLitigation" && $0["row"] == "litigationDirect" && $0["column"] == "pending" })
        #expect(direct["group"] == "行政诉讼")
        #expect(direct["row_label"] == "未经复议直接起诉")
        #expect(direct["column_label"] == "尚未审结")
        #expect(!rows.contains { $0["row"] == "otherHandling.total" })
        // Every value is the report's number.
        for row in rows {
            let table = try #require(TableID(rawValue: row["table"]!))
            let number = report.tables[table]["\(row["row"]!).\(row["column"]!)"]?.number
            #expect(row["value"] == number.map { JSONValue.format($0) } ?? "", "\(row)")
        }
    }

    @Test("long, 2019: （六）其他处理 as one row, a null cell has an empty value")
    func long2019() throws {
        let report = try Fixtures.report(Self.pingtan)
        let rows = try CSVReader.table(ReportCSV.text([report], layout: .long)).rows
        // 2019: section 二 has 3+3+3+3+3+3+2+2 cells, section 三 23 rows × 7, section 四 15.
        #expect(rows.count == 22 + 23 * 7 + 15)
        #expect(rows.filter { $0["row"] == "otherHandling.total" }.count == 7)
        #expect(!rows.contains { $0["row"] == "otherHandling.other" })
        let made = try #require(rows.first { $0["row"] == "normativeDocuments" && $0["column"] == "made" })
        #expect(made["row_label"] == "规范性文件")
        #expect(made["column_label"] == "本年新制作数量")
        #expect(made["value"] == "")
        let received = try #require(rows.first { $0["row"] == "newReceived" && $0["column"] == "total" })
        #expect(received["value"] == "23")
        #expect(received["row_label"] == "一、本年新收政府信息公开申请数量")
        #expect(received["group"] == "")
    }

    @Test("wide: the same header for both templates, every cell key of either once, in template order")
    func wideHeader() throws {
        let columns = ReportCSV.wideCellColumns
        #expect(Set(columns).count == columns.count)
        var all: Set<String> = []
        for version in TemplateVersion.allCases {
            for id in TableID.allCases {
                for key in ReportTemplate.of(version).table(id).rows.flatMap(\.cellKeys) { all.insert("tables.\(id.rawValue).\(key)") }
            }
        }
        #expect(Set(columns) == all)
        #expect(columns.contains("tables.applications.otherHandling.total.total"))
        func index(_ key: String) throws -> Int { try #require(columns.firstIndex(of: "tables.\(key)")) }
        #expect(try index("activeDisclosure.regulations.inForce") < index("activeDisclosure.regulations.made"))
        #expect(try index("activeDisclosure.regulations.total") < index("activeDisclosure.normativeDocuments.issued"))
        #expect(try index("activeDisclosure.licensing.change") < index("activeDisclosure.otherServices.previousYear"))
        #expect(try index("activeDisclosure.otherServices.decisions") < index("activeDisclosure.punishment.decisions"))
        #expect(try index("activeDisclosure.fees.change") < index("activeDisclosure.procurement.projects"))
        #expect(try index("applications.otherHandling.other.total") < index("applications.otherHandling.total.naturalPerson"))
        #expect(try index("applications.otherHandling.total.total") < index("applications.totalHandled.naturalPerson"))
        #expect(try index("reviewLitigation.review.upheld") > index("applications.carriedForward.total"))
        #expect(columns.first == "tables.activeDisclosure.regulations.issued")
        #expect(columns.last == "tables.reviewLitigation.litigationAfterReview.total")
    }

    @Test("wide: one record per report, numbers under their own keys, the other template's keys empty")
    func wideRecords() throws {
        let seed = try Fixtures.report(Self.seed), pingtan = try Fixtures.report(Self.pingtan)
        let (header, rows) = try CSVReader.table(ReportCSV.text([seed, pingtan], layout: .wide))
        #expect(header == ReportCSV.wideMetadataHeader + ReportCSV.wideCellColumns)
        #expect(rows.count == 2)
        let (a, b) = (rows[0], rows[1])
        #expect(a["title"] == "管头镇2024年政府信息公开工作年报")
        #expect(a["published_on"] == "2025-01-24")
        #expect(a["format"] == "txt")
        #expect(a["sha256"] == seed.source.sha256)
        #expect(a["checks_failed"] == "0")
        #expect(a["tables.activeDisclosure.punishment.decisions"] == "1")
        #expect(a["tables.activeDisclosure.punishment.previousYear"] == "")
        #expect(a["tables.activeDisclosure.regulations.made"] == "")
        #expect(a["tables.applications.otherHandling.total.total"] == "")
        #expect(a["tables.applications.otherHandling.other.total"] == "0")
        #expect(b["agency"] == "平潭综合实验区")
        #expect(b["template"] == "2019")
        #expect(b["tables.activeDisclosure.regulations.made"] == "0")
        #expect(b["tables.activeDisclosure.regulations.issued"] == "")
        #expect(b["tables.activeDisclosure.normativeDocuments.made"] == "")
        #expect(b["tables.applications.newReceived.naturalPerson"] == "23")
        #expect(b["tables.applications.newReceived.total"] == "23")
        #expect(b["tables.applications.otherHandling.total.total"] == "0")
        #expect(b["tables.applications.otherHandling.other.total"] == "")
        // Every cell of each report's printed rows lands under its key.
        for (report, row) in [(seed, a), (pingtan, b)] {
            for id in TableID.allCases {
                for key in report.printedRows(id).flatMap(\.cellKeys) {
                    #expect(row["tables.\(id.rawValue).\(key)"] == NumberText.canonical(report.tables[id][key]?.number), "\(key)")
                }
            }
        }
    }

    @Test("numbers: integers without decimals, decimals in the shortest exact form")
    func numbers() {
        #expect(NumberText.canonical(316441) == "316441")
        #expect(NumberText.canonical(96171.6) == "96171.6")
        #expect(NumberText.canonical(-5) == "-5")
        #expect(NumberText.canonical(nil) == "")
        #expect(NumberText.asPrinted(CellValue(number: 12.5, raw: "12.50")) == "12.50")
        #expect(NumberText.asPrinted(CellValue(number: 12.5, raw: "12.5万元")) == "12.5")
        #expect(NumberText.asPrinted(CellValue(number: 1036, raw: "+1036")) == "1036")
        #expect(NumberText.asPrinted(CellValue(number: 251000, raw: "251000元")) == "251000")
        #expect(NumberText.asPrinted(CellValue(number: nil, raw: "—")) == "")
    }

    @Test("Python's csv module reads the CLI's CSV (with BOM) as the Swift reader does, Chinese intact")
    func pythonReadsIt() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = """
            import csv, json, sys
            with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
                print(json.dumps(list(csv.reader(f, strict=True)), ensure_ascii=False))
            """
        for layout in ["long", "wide"] {
            let out = dir.appendingPathComponent("\(layout).csv").path
            let convert = try CLI.run(["convert", Fixtures.path(Self.seed), Fixtures.path(Self.pingtan), "--csv", layout, "--bom", "-o", out])
            #expect(convert.status == 0, "\(convert.stderr)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let python = try Program.run("python3", ["-c", reader, out])
            #expect(python.status == 0, "\(python.stderr)")
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[String]])
            let swift = try CSVReader.records(String(decoding: bytes, as: UTF8.self))
            #expect(parsed == swift)
            let header = try #require(parsed.first)
            if layout == "long" {
                #expect(parsed.count == 1 + 200 + 198)
                let secret = try #require(parsed.first { $0[0].hasSuffix("pingtan_2019_page.txt") && $0[5] == "unableToProvide.notHeld" && $0[6] == "naturalPerson" })
                #expect(Dictionary(uniqueKeysWithValues: zip(header, secret))["row_label"] == "1.本机关不掌握相关政府信息")
                #expect(Dictionary(uniqueKeysWithValues: zip(header, secret))["value"] == "7")
            } else {
                #expect(parsed.count == 3)
                let second = Dictionary(uniqueKeysWithValues: zip(header, parsed[2]))
                #expect(second["title"] == "平潭综合实验区2019年政府信息公开工作年度报告")
                #expect(second["tables.applications.unableToProvide.stillUnclear.naturalPerson"] == "5")
                #expect(second["tables.applications.notProcessed.duplicate.total"] == "3")
            }
        }
    }
}

/// CSV formula injection (OWASP): text cells that a spreadsheet would run are neutralised; numbers never.
@Suite("CSV formula cells", .serialized)
struct CSVFormulaTests {
    @Test("a ' before text starting with = + - @ tab or CR; numbers and other text unchanged")
    func neutralised() {
        #expect(CSVText.neutralized("=HYPERLINK(\"http://x\",\"点击\")") == "'=HYPERLINK(\"http://x\",\"点击\")")
        #expect(CSVText.neutralized("@SUM(A1:A9)") == "'@SUM(A1:A9)")
        #expect(CSVText.neutralized("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0")
        #expect(CSVText.neutralized("-2+3") == "'-2+3")
        #expect(CSVText.neutralized("\t=1") == "'\t=1" && CSVText.neutralized("\r=1") == "'\r=1")
        #expect(CSVText.neutralized("-") == "'-" && CSVText.neutralized("-.5") == "'-.5" && CSVText.neutralized("-5.") == "'-5.")
        for number in ["-5", "+1036", "-0.5", "96171.6", "0", "316441"] { #expect(CSVText.neutralized(number) == number) }
        for text in ["管头镇", "（七）总计", "—", "－5", "＝1", "a=b", ""] { #expect(CSVText.neutralized(text) == text) }
        #expect(CSVText.record(["=1+2", "-5", "x,=y"]) == "'=1+2,-5,\"x,=y\"\r\n")
        #expect(CSVText.record(["=1+2", "-5"], raw: true) == "=1+2,-5\r\n")
    }

    static func hostileReport() throws -> AnnualReport {
        var report = try ReportReader.report(Fixtures.path("text/001_88f1d5ea082339d9.txt"))
        report.metadata.title = "=HYPERLINK(\"http://x\",\"点击\")"
        report.metadata.agency = "@SUM(A1)"
        report.source.file = "+reports/2024.txt"
        return report
    }

    @Test("a hostile title, agency and path in the long and wide CSV: neutralised, values still numbers; raw writes them as they are")
    func reportCells() throws {
        let report = try Self.hostileReport()
        let wide = try CSVReader.table(ReportCSV.text([report], layout: .wide)).rows[0]
        #expect(wide["title"] == "'=HYPERLINK(\"http://x\",\"点击\")" && wide["agency"] == "'@SUM(A1)" && wide["source"] == "'+reports/2024.txt")
        #expect(wide["tables.activeDisclosure.punishment.decisions"] == "1" && wide["year"] == "2024")
        let long = try CSVReader.table(ReportCSV.text([report], layout: .long)).rows
        #expect(long.count > 100 && long.allSatisfy { $0["agency"] == "'@SUM(A1)" && $0["source"] == "'+reports/2024.txt" })
        #expect(long.allSatisfy { ($0["value"] ?? "x").isEmpty || Double($0["value"] ?? "x") != nil })
        let raw = try CSVReader.table(ReportCSV.text([report], layout: .wide, raw: true)).rows[0]
        #expect(raw["source"] == "+reports/2024.txt" && raw["title"] == "=HYPERLINK(\"http://x\",\"点击\")")
    }

    @Test("nianbao convert: the title of a text report starting with = is neutralised; --csv-raw keeps it; --csv-raw with JSON is a usage error")
    func commandLine() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: Fixtures.path("text/001_88f1d5ea082339d9.txt"), encoding: .utf8)
        let file = dir.appendingPathComponent("hostile.txt")
        try ("-2+3+cmd|' /C calc'!A0 " + text).write(to: file, atomically: true, encoding: .utf8)
        let safe = try CLI.run(["convert", file.path, "--csv", "wide"])
        #expect(safe.status == 0, "\(safe.stderr)")
        #expect(try CSVReader.table(safe.stdout).rows[0]["title"]?.hasPrefix("'-2+3+cmd|") == true, "\(safe.stdout.prefix(400))")
        let raw = try CLI.run(["convert", file.path, "--csv", "wide", "--csv-raw"])
        #expect(try CSVReader.table(raw.stdout).rows[0]["title"]?.hasPrefix("-2+3+cmd|") == true)
        let misplaced = try CLI.run(["convert", file.path, "--csv-raw"])
        #expect(misplaced.status == 64 && misplaced.stderr.contains("--csv-raw applies to csv output, not json"))
    }
}
