import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

@Suite("Label matching")
struct LabelMatchingTests {
    let identifier = RowIdentifier(table: ReportTemplate.v2021.applications)
    let table2 = RowIdentifier(table: ReportTemplate.v2021.activeDisclosure)

    @Test("numbering, width, spaces and quotes do not matter", arguments: [
        ("1.属于国家秘密", "denied.stateSecret"), ("1、属于国家秘密", "denied.stateSecret"), ("1．属于国家秘密", "denied.stateSecret"),
        ("１. 属于 国家秘密", "denied.stateSecret"), ("(一) 予以公开", "granted"), ("（一）予以公开", "granted"),
        ("3.危及\"三安全一稳定\"", "denied.safetyStability"), ("3. 危及“三安全一稳定”", "denied.safetyStability"),
        ("（二）部分公开", "partiallyGranted"), ("(七) 总计", "totalHandled"), ("四、结转下年度继续办理", "carriedForward"),
        ("⼀、本年新收政府信息公开申请数量", "newReceived"),
    ])
    func variants(_ label: String, _ key: String) {
        #expect(identifier.identify([label]) == .row(key))
    }

    @Test("typos and truncated labels still name their row", arguments: [
        ("2.其他法律行政止公开", "denied.lawProhibited"), ("4. 无正当理由大量反", "notProcessed.excessive"),
        ("5.要求行政机关确认或重新出具已获取", "notProcessed.confirmation"),
        ("2.申请人逾期未按收费通知要求缴纳费用", "otherHandling.unpaidFees"),
    ])
    func typos(_ label: String, _ key: String) {
        #expect(identifier.identify([label]) == .row(key))
    }

    @Test("a label shared by two rows' beginnings names neither")
    func ambiguousPrefix() {
        #expect(identifier.identify(["申请人"]) == .unknown)
    }

    @Test("group and header labels are structural, not rows", arguments: ["（三）不予公开", "三、本年度办理结果", "申请人情况", "商业企业", "本年处理结果"])
    func structural(_ label: String) {
        #expect(identifier.identify([label]) == .structural)
    }

    @Test("the last label of a row decides; run-in headers are taken out")
    func runIn() {
        #expect(identifier.identify(["(三) 不予公开", "1.属于国家秘密"]) == .row("denied.stateSecret"))
        #expect(identifier.identify(["三、本年度办理结果(四)无法提供1.本机关不掌握相关政府信息"]) == .row("unableToProvide.notHeld"))
        #expect(table2.identify(["第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章"]) == .row("regulations"))
    }

    @Test("section 二 rows, with the 2019 wording of 规范性文件")
    func table2Labels() {
        #expect(table2.identify(["行政规范性文件"]) == .row("normativeDocuments"))
        #expect(table2.identify(["规范性文件"]) == .row("normativeDocuments"))
        #expect(table2.identify(["行政事业性收费"]) == .row("fees"))
        #expect(table2.identify(["行政许可类信息"]) == .unknown)
    }

    @Test("normalisation")
    func normalisation() {
        #expect(LabelText.normalize("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开区分处理的只计这一情形不计其他情形")
        #expect(LabelText.numbering(of: "（十二）x") == .parenthesized(12))
        #expect(LabelText.numbering(of: "三、本年度") == .chinese(3))
        #expect(LabelText.numbering(of: "1.5万元") == nil)
    }

    @Test("a parenthesized numbering whose opening bracket a scan lost or misread is still a numbering")
    func numberingWithoutOpeningBracket() {
        // Read by chi_sim from a degraded 200-dpi scan: "(七)总计" as "人七)总计".
        #expect(LabelText.normalize("人七)总计") == "总计")
        #expect(LabelText.numbering(of: "人七)总计") == .parenthesized(7))
        #expect(LabelText.numbering(of: "〈十二)其他") == .parenthesized(12))
        #expect(LabelText.normalize("三)不予公开") == "不予公开")
        #expect(LabelText.normalize("（三）不予公开") == "不予公开")
        // Without a closing bracket right after the numeral, nothing is taken away.
        #expect(LabelText.numbering(of: "人七总计") == nil)
        #expect(LabelText.normalize("其他处理)") == "其他处理")
        #expect(LabelText.numbering(of: "总计三)") == nil)
    }
}
