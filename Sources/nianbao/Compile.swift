import ArgumentParser
import Foundation
import NianbaoKit

/// `nianbao compile UNIT…`: units' reports summed into one, and held against a published summary.
struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sum several units' reports into one; with --against, list where a published summary differs.",
        discussion: """
            Every cell of the template's standard rows is summed over the units (all of one template); a \
            cell null in any unit is null in the sum, with a diagnostic naming those units. The 勾稽 checks \
            run on the sum. The compiled report is written like convert's output (--to json, csv or html). \
            With --against REPORT, every cell where REPORT prints another value than the sum is listed on \
            standard error with each unit's contribution, and the exit status is 1. Exit 2 when an input \
            cannot be read.
            """)

    @Argument(help: "The units' reports (any files convert reads, or their JSON from convert --to json).")
    var units: [String]

    @Option(name: .long, help: "The name of the compiled report (its agency and title).")
    var name: String?

    @Option(name: .long, help: ArgumentHelp("A published summary to hold against the sum.", valueName: "REPORT"))
    var against: String?

    @Option(name: .customLong("to"), help: "json (default), csv or html.")
    var to: String = "json"

    @Option(name: [.short, .long], help: "Write to this file (whole or not at all) instead of standard output.")
    var output: String?

    @Option(name: .long, help: "CSV shape, as convert's: long (one record per cell, the default) or wide (one record).")
    var csv: ReportCSV.Layout?

    @Flag(name: .long, help: "CSV: a UTF-8 byte order mark first, for Excel.")
    var bom = false

    @Flag(name: .long, help: "HTML: mark the cells of the sum's failed 勾稽 checks, as convert --annotate.")
    var annotate = false

    func validate() throws {
        guard !units.isEmpty else { throw ValidationError("give at least one unit's report") }
        guard ["json", "csv", "html"].contains(to) else { throw ValidationError("--to must be json, csv or html, not '\(to)'") }
        guard (csv == nil && !bom) || to == "csv" else { throw ValidationError("--csv and --bom are for --to csv") }
        guard !annotate || to == "html" else { throw ValidationError("--annotate is for --to html") }
    }

    var renderOptions: RenderOptions {
        var options = RenderOptions()
        options.csv = csv ?? .long
        options.bom = bom
        options.annotate = annotate
        return options
    }

    func run() throws {
        try InputGuard.refuseOverwriting(inputs: units + [against].compactMap { $0 }, outputs: [output].compactMap { $0 })
        let differences: [ReportCompilation.Difference]
        do throws(NianbaoError) {
            let reports = try units.map { path throws(NianbaoError) in try ReportInput.read(path, converter: Nianbao.converter) }
            let compilation = try ReportCompilation(reports, name: name)
            let published = try against.map { path throws(NianbaoError) in try ReportInput.read(path, converter: Nianbao.converter) }
            try emit(Nianbao.converter.render([compilation.compiled], as: OutputFormat(rawValue: to), options: renderOptions) ?? "", to: output)
            guard let published else { return }
            differences = compilation.differences(against: published)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        FileHandle.standardError.write(Data(ReportCompilation.text(differences).utf8))
        printError("\(differences.count) cell\(differences.count == 1 ? "" : "s") of \(against ?? "") differ from the sum of \(units.count) units")
        if !differences.isEmpty { throw ExitCode(ExitStatus.checkFailed) }
    }
}
