import NianbaoDocument
import NianbaoSupport
/// A parsed annual report: metadata, the text before, in and after the sections, the three
/// tables, checks and diagnostics.
public struct AnnualReport: Codable, Sendable {
    public var source: SourceInfo
    public var metadata: ReportMetadata
    /// The text between the title and the first section (本报告由…编制…如对本报告有疑问…联系), in order.
    public var preamble: [SectionBlock] = []
    public var sections: [ReportSection]
    /// The matter after the last section's own text: the signature (the body, the date) and the
    /// 附件 lines, in order.
    public var closing: [SectionBlock] = []
    public var tables: ReportTables
    public var checks: [CheckResult]
    public var diagnostics: [Diagnostic]

    public init(
        source: SourceInfo, metadata: ReportMetadata, preamble: [SectionBlock] = [], sections: [ReportSection],
        closing: [SectionBlock] = [], tables: ReportTables, checks: [CheckResult] = [], diagnostics: [Diagnostic] = []
    ) {
        self.source = source
        self.metadata = metadata
        self.preamble = preamble
        self.sections = sections
        self.closing = closing
        self.tables = tables
        self.checks = checks
        self.diagnostics = diagnostics
    }

    public var template: ReportTemplate { .of(metadata.template) }
}

/// What the report says about itself.
public struct ReportMetadata: Codable, Hashable, Sendable {
    public var title: String?
    /// The issuing body as the title prints it, e.g. "淮安市洪泽区人民政府".
    public var agency: String?
    /// The year reported on.
    public var year: Int?
    /// The signature date (or the publication date printed near the top), "YYYY-MM-DD".
    public var publishedOn: String?
    public var template: TemplateVersion

    public init(title: String? = nil, agency: String? = nil, year: Int? = nil, publishedOn: String? = nil, template: TemplateVersion) {
        self.title = title
        self.agency = agency
        self.year = year
        self.publishedOn = publishedOn
        self.template = template
    }
}

/// One of the six sections, with its text.
public struct ReportSection: Codable, Hashable, Sendable {
    /// 1…6: the template's section number (the report may print another).
    public var number: Int
    /// The title as printed.
    public var title: String
    public var blocks: [SectionBlock]
    public var location: SourceLocation?

    public init(number: Int, title: String, blocks: [SectionBlock], location: SourceLocation? = nil) {
        self.number = number
        self.title = title
        self.blocks = blocks
        self.location = location
    }
}

/// A subsection heading, a paragraph, or a note printed under the section's table (注：…).
public struct SectionBlock: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case heading, paragraph, note }
    public var kind: Kind
    public var text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// The values of the three tables, keyed by dotted cell keys within each table.
public struct ReportTables: Codable, Hashable, Sendable {
    public var activeDisclosure: [String: CellValue] = [:]
    public var applications: [String: CellValue] = [:]
    public var reviewLitigation: [String: CellValue] = [:]
    /// Rows printed in place of the rows they replace, e.g. "otherHandling.total".
    public var alternativeRows: Set<String> = []

    public init() {}

    public subscript(table: TableID) -> [String: CellValue] {
        get {
            switch table {
            case .activeDisclosure: return activeDisclosure
            case .applications: return applications
            case .reviewLitigation: return reviewLitigation
            }
        }
        set {
            switch table {
            case .activeDisclosure: activeDisclosure = newValue
            case .applications: applications = newValue
            case .reviewLitigation: reviewLitigation = newValue
            }
        }
    }

    /// The number in a cell, e.g. `number(.applications, "granted.total")`.
    public func number(_ table: TableID, _ key: String) -> Double? { self[table][key]?.number }
}
