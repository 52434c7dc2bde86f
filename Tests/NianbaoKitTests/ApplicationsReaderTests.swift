import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// The steps of reading table 三, each on its own: identify → choose the （六） layout → place
/// unlabelled rows → resolve → report missing rows.
@Suite("Table 三, step by step")
struct ApplicationsReaderTests {
    let reader = ApplicationsReader(template: .v2021)

    /// The row candidates of tab-separated table lines.
    func candidates(_ rows: [String]) -> [RowCandidate] {
        let document = TextExtractor().extract(rows.joined(separator: "\n") + "\n", source: SourceInfo(file: "t.txt", format: "txt", sha256: ""))
        let lines = LineStream.lines(of: document, sections: ReportTemplate.anySections)
        return RowCandidate.candidates(in: lines, range: lines.indices)
    }

    @Test("identify: labelled rows get their key, an unlabelled row the key of the label line above it, a group row none")
    func identify() {
        let (entries, diagnostics) = reader.identify(candidates([
            "（一）予以公开\t11\t12\t13\t14\t15\t16\t81",
            "（二）部分公开",
            "\t21\t22\t23\t24\t25\t26\t141",
            "（三）不予公开\t1\t2\t3\t4\t5\t6\t21",
        ]))
        #expect(entries.map(\.key) == ["granted", nil])
        #expect(entries.map(\.pendingKey) == [nil, "partiallyGranted"])
        #expect(diagnostics.map(\.code) == [.valuesOnGroupRow])
    }

    @Test("identify: label lines above a row whose own label starts another item (cells holding their text at the top, a narrow label column) do not name it")
    func topAlignedLabels() {
        // "2.其他法律行政法规禁止公开" wraps two characters a line below its values; "3.危" starts the
        // next row. The lines between belong to the row above, so the row of 3.危 is not 2.其他…
        let (entries, _) = reader.identify(candidates([
            "1.属于国家秘密\t13\t1\t2\t3\t4\t5\t28",
            "2.其\t30\t6\t7\t8\t9\t10\t70",
            "他法", "律行", "政法", "规禁", "止公", "开",
            "3.危\t11\t12\t14\t15\t16\t17\t85",
            "及“", "三安", "全一", "稳", "定”",
        ]))
        #expect(!entries.contains { $0.key == "denied.lawProhibited" || $0.pendingKey == "denied.lawProhibited" }, "\(entries.map { ($0.key, $0.pendingKey) })")
        #expect(entries.first?.key == "denied.stateSecret")
        // What is left of a label fits a row when its item number and characters are that row's.
        #expect(reader.fits("3.危", "denied.safetyStability"))
        #expect(!reader.fits("3.危", "denied.lawProhibited"))
        #expect(!reader.fits("危", "denied.lawProhibited"))
        #expect(reader.fits("2.其", "denied.lawProhibited"))
        #expect(reader.fits(nil, "denied.lawProhibited"))
    }

    @Test("a row whose label and values go on over the next line (13612 wrapped as 136 over 12): its cells are null with the reason, never 136")
    func wrappedValues() {
        let rows = [
            "一、本年新收政府信\t136\t252\t1\t45\t128\t32\t140",
            "息公开申请数量\t12\t\t\t\t\t\t69",
            "二、上年结转政府信息公开申请数量\t535\t6\t2\t1\t18\t3\t565",
            // A row whose garbled label runs on into the row above, with a full row of values: its own.
            "（四）无法提供\t1.本机关不掌握相关政府信息\t252\t53\t156\t64\t105\t90\t720",
            "人\t335\t81\t27\t83\t130\t115\t771",
            "（七）总计\t133\t252\t0\t44\t121\t29\t138",
            // In a text a lone number on the next line may be the numbering of a label: not a wrap.
            "\t3",
            ". 结转下年度继续办理\t783\t6\t0\t2\t25\t3\t819",
        ]
        let reading = reader.read(candidates(rows))
        #expect(reading.cells["newReceived.naturalPerson"] == .missing)
        #expect(reading.cells["newReceived.total"] == .missing)
        #expect(reading.diagnostics.contains { $0.code == .rowValueCount && $0.message.contains("cut in two") }, "\(reading.diagnostics.map(\.message))")
        // The rows around are read as usual.
        #expect(reading.cells["carriedOver.naturalPerson"]?.number == 535)
        #expect(reading.cells["totalHandled.naturalPerson"]?.number == 133)
        #expect(reading.cells["unableToProvide.notHeld.total"]?.number == 720)
        // A few values alone *under* a full row's (a PDF's boxes): see OCRTests.borderlessWrapped.
        func token(_ raw: String, _ x: Double, _ y: Double) -> ValueToken {
            ValueToken(raw: raw, reading: CellValueParser.read(raw), location: SourceLocation(page: 5, line: 1, box: .init(x0: x, y0: y, x1: x + 18, y1: y + 13)), glued: false)
        }
        let upper = [token("133", 230, 100), token("252", 270, 100), token("138", 480, 100)]
        #expect(ApplicationsReader.standsUnder([token("64", 231, 114), token("10", 481, 114)], upper))
        #expect(!ApplicationsReader.standsUnder([token("64", 231, 140)], upper))
        #expect(!ApplicationsReader.standsUnder([token("64", 320, 114)], upper))
        #expect(!ApplicationsReader.standsUnder([ValueToken(raw: "3", reading: .number(3, note: nil), location: SourceLocation(line: 4), glued: false)], upper))
    }

    @Test("choose the layout: （六）其他处理 as one row replaces its three items; printed both ways, both are kept, with a warning")
    func layout() {
        let items = ["otherHandling.overdueCorrection", "otherHandling.unpaidFees", "otherHandling.other"]
        let standard = reader.chooseLayout(keysFound: ["granted"])
        #expect(standard.alternatives.isEmpty && standard.diagnostics.isEmpty)
        #expect(items.allSatisfy(standard.order.contains) && !standard.order.contains("otherHandling.total"))
        let asOne = reader.chooseLayout(keysFound: ["granted", "otherHandling.total"])
        #expect(asOne.order.contains("otherHandling.total") && !items.contains(where: asOne.order.contains))
        #expect(asOne.replaced == Set(items))
        let mixed = reader.chooseLayout(keysFound: ["otherHandling.total", "otherHandling.unpaidFees"])
        #expect(mixed.order.contains("otherHandling.total") && items.allSatisfy(mixed.order.contains))
        #expect(mixed.diagnostics.map(\.code) == [.rowLayoutMixed])
    }

    @Test("place unlabelled rows: as many as the rows missing between two labelled rows go there in order; otherwise none")
    func place() {
        let rows = [
            "（一）予以公开\t11\t12\t13\t14\t15\t16\t81",
            "\t21\t22\t23\t24\t25\t26\t141",
            "1.属于国家秘密\t1\t2\t3\t4\t5\t6\t21",
        ]
        let (entries, _) = reader.identify(candidates(rows))
        let order = reader.chooseLayout(keysFound: Set(entries.compactMap(\.key))).order
        let placed = reader.placeUnlabelled(entries, order: order)
        #expect(placed.assignment == ["granted", "partiallyGranted", "denied.stateSecret"])
        #expect(placed.diagnostics.map(\.code) == [.rowPlacedByOrder])

        // Two unlabelled rows where one row is missing: neither is placed.
        let (crowded, _) = reader.identify(candidates([rows[0], rows[1], "\t31\t32\t33\t34\t35\t36\t201", rows[2]]))
        let notPlaced = reader.placeUnlabelled(crowded, order: order)
        #expect(notPlaced.assignment == ["granted", nil, nil, "denied.stateSecret"])
        #expect(notPlaced.diagnostics.map(\.code) == [.rowUnplaced, .rowUnplaced])
    }

    @Test("resolve: values go to their cells; a row printed twice with other values is null")
    func resolve() {
        let (entries, _) = reader.identify(candidates([
            "（一）予以公开\t11\t12\t13\t14\t15\t16\t81",
            "1.属于国家秘密\t1\t2\t3\t4\t5\t6\t21",
            "1.属于国家秘密\t1\t2\t3\t4\t5\t7\t22",
        ]))
        var reading = TableReading()
        let found = reader.resolve(entries, entries.map(\.key), into: &reading)
        #expect(found == ["granted", "denied.stateSecret"])
        #expect(reading.cells["granted.research"]?.number == 13)
        #expect(reading.cells["granted.total"]?.number == 81)
        #expect(reading.cells["denied.stateSecret.naturalPerson"]?.number == nil)
        #expect(reading.diagnostics.map(\.code) == [.rowDuplicate])
    }

    @Test("report missing: every row in use but not found is null with row-not-found")
    func missing() {
        var reading = TableReading()
        let layout = reader.chooseLayout(keysFound: ["granted"])
        reader.reportMissing(layout, found: ["granted"], into: &reading)
        #expect(reading.diagnostics.count == layout.inUse.count - 1)
        #expect(reading.diagnostics.allSatisfy { $0.code == .rowNotFound })
        #expect(reading.cells["granted.total"] == nil)
        #expect(reading.cells["carriedOver.total"] == .missing)
    }
}
