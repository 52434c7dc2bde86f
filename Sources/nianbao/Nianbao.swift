import ArgumentParser
import Foundation
import NianbaoKit

/// The `nianbao` command.
@main
struct Nianbao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nianbao",
        abstract: "Turn 政府信息公开工作年度报告 (government information disclosure annual reports) into structured data.",
        discussion: """
            Reads a report as PDF (scanned pages by OCR), as an HTML page (a file or an http(s) URL), as \
            Word, as page images (PNG, JPEG, TIFF; by OCR), or as plain text or markdown, finds its six sections and its three statistical tables by their labels, checks the \
            勾稽 rules, and writes JSON, CSV or an HTML page in the official form's layout. \
            A value that cannot be read with confidence is null, with a diagnostic saying where and why.

            Exit status: 0 success; 1 a 勾稽 rule failed (check); 2 an input could not be read, is in an \
            unsupported format, is an encrypted PDF without its password or a scan that cannot be read by \
            OCR (--ocr never, or Tesseract's data not installed), or is not an annual report; 3 an output could not be written; 4 a scrape left something undone; \
            64 usage error.
            """,
        subcommands: [Convert.self, Check.self, Compare.self, Compile.self, Corpus.self, Extract.self, Schema.self, Scrape.self, Serve.self, Worker.self]
    )

    /// The converter every command reads and writes with: the standard readers and writers.
    static let converter = Converter()
}

/// Exit codes documented in `--help` and the README.
enum ExitStatus {
    static let checkFailed: Int32 = 1
    static let badInput: Int32 = 2
    static let badOutput: Int32 = 3
    /// scrape: some download or conversion failed.
    static let scrapeIncomplete: Int32 = 4
    /// check: a report had no rule that could be evaluated.
    static let nothingChecked: Int32 = 5
}

/// An http:// or https:// address rather than a file path.
func isURL(_ argument: String) -> Bool {
    let lower = argument.lowercased()
    return lower.hasPrefix("http://") || lower.hasPrefix("https://")
}

/// Prints one line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("nianbao: \(message)\n".utf8))
}

/// Writes text to a file atomically, or to standard output for nil or "-".
func emit(_ text: String, to path: String?) throws(NianbaoError) {
    if let path, path != "-" {
        try AtomicFile.write(text, to: path)
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// The exit code for an error of the library.
func exitStatus(for error: NianbaoError) -> ExitCode {
    if case .unwritableOutput = error { return ExitCode(ExitStatus.badOutput) }
    return ExitCode(ExitStatus.badInput)
}
