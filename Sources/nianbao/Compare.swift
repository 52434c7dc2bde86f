import ArgumentParser
import Foundation
import NianbaoCorpus
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
            Exits 1 when an exact cross-year rule fails, 2 when an input cannot be read. Either report may \
            be the JSON convert --to json wrote for it. --to csv: one record per check, per cell and per cell \
            one template has; --to html: the rules, then the two reports' tables side by side in the \
            official layout, failing, changed and one-sided null cells marked.

            With --db CORPUS.sqlite (a corpus made by convert --db): every body's consecutive years are \
            compared, the results written into the corpus's crossYearChecks table and summed up. Bodies \
            are matched by normalised agency names (width, 人民政府/政府/办公室, 街道办事处, a city prefix \
            left out); a name that could be several bodies' is reported, never merged; --aliases FILE \
            lists names of one body, one body a line: 名称 = 名称 [= …].
            """)

    @Argument(help: "The earlier year's report (any file convert reads, or its JSON from convert --to json).")
    var earlier: String?

    @Argument(help: "The later year's report.")
    var later: String?

    @Option(name: .long, help: ArgumentHelp("Compare every body's consecutive years in this corpus (made by convert --db) instead.", valueName: "CORPUS.sqlite"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("With --db: a file of agency names that are one body, one body a line: 名称 = 名称 [= …].", valueName: "FILE"))
    var aliases: String?

    @Option(name: .customLong("to"), help: "text (default), json, csv or html (the two reports' tables side by side).")
    var to: String = "text"

    @Option(name: [.short, .long], help: "Write to this file (whole or not at all) instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "CSV: a UTF-8 byte order mark first, for Excel.")
    var bom = false

    @Option(name: .long, help: ArgumentHelp("Flag changes larger than this share of the earlier value, e.g. 50%.", valueName: "PERCENT"))
    var flagChange: String = "50%"

    @Flag(name: .long, help: "List every cell's change, not only the flagged ones (text output).")
    var allChanges = false

    func validate() throws {
        if db != nil {
            guard earlier == nil else { throw ValidationError("--db compares the corpus's reports: give no report files with it") }
            if let db, CorpusLocation.isPostgres(db) {
                throw ValidationError("--db reads an SQLite corpus; a PostgreSQL one is not read by compare yet (merge is the other way: corpus merge --into)")
            }
            guard to == "text", output == nil else { throw ValidationError("--db writes its results into the corpus and a summary on standard output: --to and -o are not taken") }
        } else {
            guard later != nil else { throw ValidationError("give two reports, EARLIER and LATER, or --db CORPUS") }
            guard aliases == nil else { throw ValidationError("--aliases is for --db") }
        }
        guard ["text", "json", "csv", "html"].contains(to) else { throw ValidationError("--to must be text, json, csv or html, not '\(to)'") }
        guard !bom || to == "csv" else { throw ValidationError("--bom is for --to csv") }
        guard Self.share(flagChange) != nil else { throw ValidationError("--flag-change must be a percentage such as 50%, not '\(flagChange)'") }
    }

    /// "50%" or "50" → 0.5; nil unless finite and not negative.
    static func share(_ text: String) -> Double? {
        let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(digits), value.isFinite, value >= 0 else { return nil }
        return value / 100
    }

    func run() throws {
        if let db { return try runCorpus(db) }
        try InputGuard.refuseOverwriting(inputs: [earlier, later].compactMap { $0 }, outputs: [output].compactMap { $0 })
        let reports: [AnnualReport]
        do throws(NianbaoError) {
            reports = [try ReportInput.read(earlier ?? "", converter: Nianbao.converter),
                       try ReportInput.read(later ?? "", converter: Nianbao.converter)]
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        let comparison = ReportComparison(earlier: reports[0], later: reports[1], flagChange: Self.share(flagChange) ?? 0.5)
        let text: String
        switch to {
        case "json": text = ComparisonReport.json(comparison)
        case "csv": text = ComparisonCSV.document(comparison, byteOrderMark: bom)
        case "html": text = ComparisonHTML.document(comparison)
        default: text = ComparisonReport.text(comparison, allChanges: allChanges)
        }
        do throws(NianbaoError) {
            try emit(text, to: output)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        if comparison.fails { throw ExitCode(ExitStatus.checkFailed) }
    }

    /// `--db`: every body's consecutive years, written into the corpus; the summary on standard output.
    func runCorpus(_ path: String) throws {
        let comparison: CorpusComparison
        do throws(NianbaoError) {
            guard FileManager.default.fileExists(atPath: path) else { throw .unreadableInput(path: path, reason: "no such corpus") }
            var names = AgencyNames.Aliases()
            if let aliases {
                let bytes = try DocumentReader.bytes(of: aliases)
                guard let text = String(bytes: bytes, encoding: .utf8) else { throw .undecodableText(path: aliases) }
                names = try AgencyNames.Aliases(text: text, path: aliases)
            }
            comparison = try CorpusComparison(corpus: CorpusDatabase(path: path), aliases: names, flagChange: Self.share(flagChange) ?? 0.5)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        FileHandle.standardOutput.write(Data(comparison.summary.utf8))
        if comparison.fails { throw ExitCode(ExitStatus.checkFailed) }
    }
}
