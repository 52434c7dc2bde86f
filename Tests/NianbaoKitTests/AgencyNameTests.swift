import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// `compare --db` pairs one body's reports by their agency names: real variants of one name are
/// one body; different bodies with similar names never are.
@Suite("Agency names: one body across its name's variants")
struct AgencyNameTests {
    @Test("normalised: width, white space, 人民政府 and the office suffixes, 街道办事处", arguments: [
        ("淮安市洪泽区人民政府", "淮安市洪泽区"),
        ("洪泽区人民政府办公室", "洪泽区"),
        ("洪泽区政府办", "洪泽区"),
        ("北京市　朝阳区人民政府", "北京市朝阳区"),
        ("上海市浦东新区人民政府办公厅", "上海市浦东新区"),
        ("高良涧街道办事处", "高良涧街道"),
        ("管头镇人民政府", "管头镇"),
        ("ＸＸ县第１中学", "XX县第1中学"),
        ("市政府", "市政府"),
    ])
    func normalised(_ name: String, _ expected: String) {
        #expect(AgencyNames.normalise(name) == expected)
    }

    /// Pairs of names as reports print them, and whether they are one body.
    static let pairs: [(String, String, Bool)] = [
        ("淮安市洪泽区人民政府", "洪泽区人民政府", true),
        ("淮安市洪泽区人民政府办公室", "洪泽区政府", true),
        ("江苏省淮安市洪泽区人民政府", "淮安市洪泽区人民政府", true),
        ("江苏省淮安市洪泽区人民政府", "洪泽区人民政府", true),
        ("上海市浦东新区人民政府", "浦东新区人民政府", true),
        ("江苏省苏州市人民政府", "苏州市人民政府", true),
        ("杭州市余杭区教育局", "余杭区教育局", true),
        ("洪泽区高良涧街道办事处", "高良涧街道", true),
        ("北京市　朝阳区人民政府", "北京市朝阳区人民政府", true),
        // Two 区 of one name in two cities, both with their city.
        ("北京市朝阳区人民政府", "长春市朝阳区人民政府", false),
        ("济南市市中区人民政府", "枣庄市市中区人民政府", false),
        // Another level: a street office is not a town, a county not its district, a 乡 not a 镇.
        ("城关街道办事处", "城关镇人民政府", false),
        ("洪泽县人民政府", "洪泽区人民政府", false),
        ("通化县人民政府", "通化市人民政府", false),
        ("三河乡人民政府", "三河镇人民政府", false),
        ("沙县人民政府", "三明市沙县区人民政府", false),
        // A department without a place is no county's department.
        ("教育局", "洪泽区教育局", false),
        ("住房和城乡建设局", "洪泽区住房和城乡建设局", false),
        ("市场监督管理局", "淮安市市场监督管理局", false),
        ("城市管理局", "洪泽区城市管理局", false),
        // One body's government and one of its departments.
        ("洪泽区人民政府", "洪泽区教育局", false),
    ]

    @Test("a table of real name variants: one body or not")
    func variants() {
        for (a, b, same) in Self.pairs {
            let grouping = AgencyNames.group([a, b])
            #expect((grouping.body[a] == grouping.body[b]) == same, "\(a) / \(b)")
            #expect(grouping.ambiguous.isEmpty)
        }
    }

    @Test("a name two bodies' names end with is ambiguous: reported with both, merged with neither")
    func ambiguous() {
        let grouping = AgencyNames.group(["北京市朝阳区人民政府", "长春市朝阳区人民政府", "朝阳区人民政府", "朝阳区政府办公室"])
        #expect(grouping.ambiguous == ["朝阳区": ["北京市朝阳区", "长春市朝阳区"]])
        #expect(grouping.body["朝阳区人民政府"] == "朝阳区" && grouping.body["朝阳区政府办公室"] == "朝阳区")
        #expect(grouping.body["北京市朝阳区人民政府"] == "北京市朝阳区" && grouping.body["长春市朝阳区人民政府"] == "长春市朝阳区")
        // Through a middle name too: 淮安市洪泽区 is one of two provinces' names.
        let deeper = AgencyNames.group(["江苏省淮安市洪泽区", "某省淮安市洪泽区", "淮安市洪泽区", "洪泽区"])
        #expect(deeper.ambiguous == ["淮安市洪泽区": ["某省淮安市洪泽区", "江苏省淮安市洪泽区"], "洪泽区": ["某省淮安市洪泽区", "江苏省淮安市洪泽区"]])
    }

    @Test("an alias file joins what the rules keep apart and settles an ambiguity")
    func aliases() throws {
        let aliases = try AgencyNames.Aliases(text: """
            # renamed in 2016
            淮安市洪泽区人民政府 = 洪泽县人民政府
            北京市朝阳区 = 朝阳区
            """, path: "aliases.txt")
        let names = ["洪泽县人民政府", "洪泽区人民政府", "淮安市洪泽区人民政府", "北京市朝阳区人民政府", "长春市朝阳区人民政府", "朝阳区政府"]
        let grouping = AgencyNames.group(names, aliases: aliases)
        #expect(grouping.ambiguous.isEmpty)
        #expect(Set(["洪泽县人民政府", "洪泽区人民政府", "淮安市洪泽区人民政府"].map { grouping.body[$0] }) == ["淮安市洪泽区"])
        #expect(grouping.body["朝阳区政府"] == "北京市朝阳区" && grouping.body["长春市朝阳区人民政府"] == "长春市朝阳区")
    }

    @Test("an alias file's mistakes name the line", arguments: [
        ("洪泽区\n", "aliases.txt: cannot read the file (line 1: an alias line is 名称 = 名称 [= …])"),
        ("甲县 = 乙县\n\n乙县 = 丙县\n", "aliases.txt: cannot read the file (line 3: 乙县 is already an alias of 甲县)"),
    ])
    func aliasErrors(_ text: String, _ message: String) {
        #expect(throws: NianbaoError.self) { try AgencyNames.Aliases(text: text, path: "aliases.txt") }
        do { _ = try AgencyNames.Aliases(text: text, path: "aliases.txt") } catch { #expect(error.description == message) }
    }
}

extension AgencyNameTests {
    /// The grouping by its definition, every name against every other (what the indexed one must equal).
    static func bruteForce(_ names: [String]) -> AgencyNames.Grouping {
        let keyOf = Dictionary(names.map { ($0, AgencyNames.normalise($0)) }, uniquingKeysWith: { a, _ in a })
        let keys = Set(keyOf.values)
        var bodyOf: [String: String] = [:], ambiguous: [String: [String]] = [:]
        for key in keys {
            let longer = keys.filter { AgencyNames.isTail(key, of: $0) }
            let maximal = Set(longer.filter { l in !keys.contains { AgencyNames.isTail(l, of: $0) } })
            if maximal.count == 1, let only = maximal.first {
                bodyOf[key] = only
            } else {
                bodyOf[key] = key
                if !maximal.isEmpty { ambiguous[key] = maximal.sorted() }
            }
        }
        return AgencyNames.Grouping(body: keyOf.mapValues { bodyOf[$0] ?? $0 }, ambiguous: ambiguous)
    }

    @Test("random sets of names made of real parts group as every name held against every other does", arguments: 0..<20)
    func indexedEqualsBruteForce(_ seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let parts = [["", "江苏省", "某省"], ["", "淮安市", "宿迁市", "苏州市"], ["", "洪泽区", "朝阳区", "沙县", "市中区"],
                     ["", "城关镇", "高良涧街道办事处", "三河乡"], ["人民政府", "政府办公室", "教育局", "住房和城乡建设局", ""]]
        let names = (0..<40).map { _ in parts.map { $0[Int(random.next() % UInt64($0.count))] }.joined() }.filter { !$0.isEmpty }
        #expect(AgencyNames.group(names) == Self.bruteForce(names), "\(names)")
    }
}
