import ArgumentParser
import NianbaoKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the 勾稽 rules of one or more reports and print a readable account.",
        discussion: """
            For every rule (一+二 = （七）总计+四 per column; the six applicant columns = 总计 per row; \
            （七）总计 = the sum of the outcome rows per column; table 4: 维持+纠正+其他+尚未审结 = 总计) prints \
            failures and rules that could not be evaluated, then the parser's warnings. Exits 1 when a rule \
            fails, 2 when an input could not be read, 5 when a report has no rule that could be evaluated \
            (every rule touches a null cell: nothing was checked).
            """)

    @Argument(help: "Report files.")
    var files: [String]

    @Flag(name: .long, help: "Also list the rules that pass.")
    var all = false

    @Option(name: .long, help: "The password of encrypted PDFs.")
    var password: String?

    @Option(name: .long, help: "Where OCR runs: auto (PDF pages without text, and images), always (every PDF page too) or never.")
    var ocr: OCRMode = .auto

    @Option(name: .long, help: ArgumentHelp("The largest input read, in bytes (default 104857600, 100 MiB).", valueName: "N"))
    var maxBytes: Int = DocumentReader.defaultMaxBytes

    func validate() throws {
        try OptionCheck.maxBytes(maxBytes)
    }

    func run() throws {
        var failed = false
        var unreadable = false
        var unchecked = false
        for (index, file) in files.enumerated() {
            if index > 0 { print("") }
            do {
                let report = try Nianbao.converter.convertLocal(.path(file), options: ConversionOptions(password: password, maxBytes: maxBytes, ocr: ocr))
                var options = RenderOptions()
                options.showPassing = all
                print(Nianbao.converter.render([report], as: .check, options: options) ?? "", terminator: "")
                if report.checks.contains(where: { $0.status == .fail }) { failed = true }
                if !report.checks.contains(where: { $0.status != .notEvaluated }) {
                    printError("\(file): no 勾稽 rule could be evaluated (each touches a null cell); nothing was checked")
                    unchecked = true
                }
            } catch {
                printError(error.description)
                unreadable = true
            }
        }
        if unreadable { throw ExitCode(ExitStatus.badInput) }
        if failed { throw ExitCode(ExitStatus.checkFailed) }
        if unchecked { throw ExitCode(ExitStatus.nothingChecked) }
    }
}
