import ArgumentParser
import Foundation
import NianbaoKit

/// `nianbao compare EARLIER LATER`: two consecutive years' reports of one body.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two years' reports of one body: the cross-year rules and every cell's change.",
        discussion: """
            Cross-year rules (evaluated like the 勾稽 checks: pass, fail, or not evaluated when a cell is \
            null): LATER's 二、上年结转 = EARLIER's 四、结转下年度继续办理 per applicant column; for two \
            2019-template reports, LATER's 上一年项目数量 = EARLIER's 上一年项目数量 + 本年增/减 per 第二十条 item; \
            and, as a warning only, LATER's 现行有效件数 ≈ EARLIER's + LATER's 本年制发 − 本年废止. Then every \
            cell both reports record with its change; changes over --flag-change (and from 0 to another \
            number) are flagged. Reports of different templates are compared on the cells both have. \
            Exits 1 when an exact cross-year rule fails, 2 when an input cannot be read.
            """)

    @Argument(help: "The earlier year's report (any file convert reads).")
    var earlier: String

    @Argument(help: "The later year's report.")
    var later: String

    @Option(name: .customLong("to"), help: "text (default) or json.")
    var to: String = "text"

    @Option(name: .long, help: ArgumentHelp("Flag changes larger than this share of the earlier value, e.g. 50%.", valueName: "PERCENT"))
    var flagChange: String = "50%"

    @Flag(name: .long, help: "List every cell's change, not only the flagged ones (text output).")
    var allChanges = false

    func validate() throws {
        guard ["text", "json"].contains(to) else { throw ValidationError("--to must be text or json, not '\(to)'") }
        guard Self.share(flagChange) != nil else { throw ValidationError("--flag-change must be a percentage such as 50%, not '\(flagChange)'") }
    }

    /// "50%" or "50" → 0.5; nil unless finite and not negative.
    static func share(_ text: String) -> Double? {
        let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(digits), value.isFinite, value >= 0 else { return nil }
        return value / 100
    }

    func run() throws {
        let reports: [AnnualReport]
        do throws(NianbaoError) {
            reports = [try Nianbao.converter.convertLocal(.path(earlier), options: ConversionOptions()),
                       try Nianbao.converter.convertLocal(.path(later), options: ConversionOptions())]
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        let comparison = ReportComparison(earlier: reports[0], later: reports[1], flagChange: Self.share(flagChange) ?? 0.5)
        let text = to == "json" ? ComparisonReport.json(comparison) : ComparisonReport.text(comparison, allChanges: allChanges)
        FileHandle.standardOutput.write(Data(text.utf8))
        if comparison.fails { throw ExitCode(ExitStatus.checkFailed) }
    }
}
