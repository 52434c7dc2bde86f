import ArgumentParser
import NianbaoKit

/// Output formats of `convert`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json
}

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a report to JSON.",
        discussion: """
            FILE is a PDF, or a .txt or .md extraction of a report, or - to read standard input. The JSON goes to \
            standard output, or with -o to a file, written whole or not at all; with -o the format follows \
            the file's extension unless --to is given. The JSON is described in schema/report.schema.json.
            """)

    @Argument(help: "The report file, or - for standard input.")
    var file: String

    @Option(name: .long, help: "Output format: json.")
    var to: OutputFormat?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Write JSON on one line.")
    var compact = false

    @Option(name: .long, help: "The password of an encrypted PDF.")
    var password: String?

    func validate() throws {
        if to == nil, let output, output != "-", outputFormat(of: output) == nil {
            throw ValidationError("cannot tell the output format from '\(output)'; name it .json or pass --to json")
        }
    }

    func outputFormat(of path: String) -> OutputFormat? {
        guard let dot = path.lastIndex(of: ".") else { return nil }
        return OutputFormat(rawValue: path[path.index(after: dot)...].lowercased())
    }

    func run() throws {
        do {
            let report = try DocumentReader.report(file, password: password)
            let text: String
            switch to ?? output.flatMap(outputFormat(of:)) ?? .json {
            case .json: text = ReportJSON.value(of: report).serialized(pretty: !compact) + "\n"
            }
            try emit(text, to: output)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
    }
}
