import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
/// The name of an output format: "json", "csv", "html", "check"… (the writers of a ``WriterRegistry``).
public struct OutputFormat: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let json = OutputFormat(rawValue: "json")
    public static let csv = OutputFormat(rawValue: "csv")
    public static let html = OutputFormat(rawValue: "html")
    public static let check = OutputFormat(rawValue: "check")
}

/// The options that shape an output's text; each writer reads those that are its own.
public struct RenderOptions: Codable, Hashable, Sendable {
    /// JSON: on one line.
    public var compact = false
    /// CSV: one record per cell (long) or per report (wide).
    public var csv: ReportCSV.Layout = .long
    /// CSV: a UTF-8 byte order mark first, for Excel.
    public var bom = false
    /// CSV: text cells written as they are, formula-like ones included (`--csv-raw`).
    public var csvRaw = false
    /// HTML: only the `<article>`.
    public var fragment = false
    /// HTML: the cells of failed 勾稽 checks marked.
    public var annotate = false
    /// The check report: passing rules listed too.
    public var showPassing = false

    public init() {}
}

/// A writer of one output format, as pandoc keeps its writers: a name, the file extensions that
/// ask for it, and the text it makes of one report or several.
public protocol ReportWriter: Sendable {
    var format: OutputFormat { get }
    /// Extensions of output files that ask for this format, the one written first ("json"; "html", "htm").
    var extensions: [String] { get }
    /// Whether several reports make one output (CSV); otherwise one output each.
    var combinesReports: Bool { get }
    /// The options of ``RenderOptions`` this writer reads, by their command-line flags (`--compact`).
    var optionFlags: [String] { get }
    /// The text of `reports` (one, unless ``combinesReports``).
    func render(_ reports: [AnnualReport], options: RenderOptions) -> String
    /// What a batch records of the options, so that outputs made with others are made again.
    func settings(_ options: RenderOptions) -> String
}

extension ReportWriter {
    public var combinesReports: Bool { false }
    public var optionFlags: [String] { [] }
    public func settings(_ options: RenderOptions) -> String { format.rawValue }
}

/// JSON as documented in `schema/report.schema.json`.
public struct JSONWriter: ReportWriter {
    public let format = OutputFormat.json
    public let extensions = ["json"]
    public var optionFlags: [String] { ["--compact"] }
    public func render(_ reports: [AnnualReport], options: RenderOptions) -> String {
        reports.map { ReportJSON.value(of: $0).serialized(pretty: !options.compact) + "\n" }.joined()
    }
    public func settings(_ options: RenderOptions) -> String { "json" + (options.compact ? " compact" : "") }
}

/// CSV, long (one record per cell) or wide (one per report); several reports make one CSV.
public struct CSVWriter: ReportWriter {
    public let format = OutputFormat.csv
    public let extensions = ["csv"]
    public var combinesReports: Bool { true }
    public var optionFlags: [String] { ["--csv", "--bom", "--csv-raw"] }
    public func render(_ reports: [AnnualReport], options: RenderOptions) -> String {
        ReportCSV.text(reports, layout: options.csv, byteOrderMark: options.bom, raw: options.csvRaw)
    }
    public func settings(_ options: RenderOptions) -> String {
        "csv \(options.csv.rawValue)" + (options.bom ? " bom" : "") + (options.csvRaw ? " raw" : "")
    }
}

/// A standalone page in the official form's layout, or only its `<article>`.
public struct HTMLWriter: ReportWriter {
    public let format = OutputFormat.html
    public let extensions = ["html", "htm"]
    public var optionFlags: [String] { ["--fragment", "--annotate"] }
    public func render(_ reports: [AnnualReport], options: RenderOptions) -> String {
        reports.map {
            options.fragment ? ReportHTML.article($0, annotate: options.annotate) : ReportHTML.document($0, annotate: options.annotate)
        }.joined()
    }
    public func settings(_ options: RenderOptions) -> String {
        "html" + (options.fragment ? " fragment" : "") + (options.annotate ? " annotate" : "")
    }
}

/// The readable account of the 勾稽 checks `nianbao check` prints.
public struct CheckWriter: ReportWriter {
    public let format = OutputFormat.check
    public let extensions = ["txt"]
    public func render(_ reports: [AnnualReport], options: RenderOptions) -> String {
        reports.map { CheckReport.text(for: $0, showPassing: options.showPassing) }.joined(separator: "\n")
    }
}

/// The writers nianbao knows, by format name.
public struct WriterRegistry: Sendable {
    public private(set) var writers: [any ReportWriter]

    public init(writers: [any ReportWriter]) {
        self.writers = writers
    }

    /// JSON, CSV, HTML and the check report.
    public static let standard = WriterRegistry(writers: [JSONWriter(), CSVWriter(), HTMLWriter(), CheckWriter()])

    /// Adds a writer; one of a format already registered replaces it.
    public mutating func register(_ writer: any ReportWriter) {
        if let i = writers.firstIndex(where: { $0.format == writer.format }) { writers[i] = writer } else { writers.append(writer) }
    }

    public func writer(for format: OutputFormat) -> (any ReportWriter)? {
        writers.first { $0.format == format }
    }

    /// The format an output file's extension asks for (the first writer claiming it), if any.
    public func format(ofPath path: String) -> OutputFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        return writers.first { $0.extensions.contains(ext) && $0.format != .check }?.format
    }

    /// The names of the formats, for help texts and messages.
    public var names: [String] { writers.map(\.format.rawValue) }
}
