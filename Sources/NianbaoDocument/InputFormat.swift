import NianbaoSupport
/// The name of an input format, as the JSON's `source.format` records it: "txt", "pdf", "docx"…
///
/// A name, not a closed list: the formats nianbao reads are those of the readers in its
/// ``ReaderRegistry`` (see ``FormatReader``), and adding a reader adds a format.
public struct InputFormat: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let txt = InputFormat(rawValue: "txt")
    public static let md = InputFormat(rawValue: "md")
    public static let pdf = InputFormat(rawValue: "pdf")
    public static let html = InputFormat(rawValue: "html")
    /// Word: DOCX read natively; DOC, WPS and RTF converted to DOCX by LibreOffice first.
    public static let docx = InputFormat(rawValue: "docx")
    public static let doc = InputFormat(rawValue: "doc")
    public static let wps = InputFormat(rawValue: "wps")
    public static let rtf = InputFormat(rawValue: "rtf")
    /// Not a file: the sum of several reports made by `nianbao compile`.
    public static let compiled = InputFormat(rawValue: "compiled")
    /// A PNG, JPEG or TIFF image of a page (or several, `convert --pages`), read by OCR.
    public static let image = InputFormat(rawValue: "image")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
