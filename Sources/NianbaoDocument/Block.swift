import NianbaoSupport
/// One block of a document, in reading order.
public enum Block: Hashable, Sendable {
    /// A heading the source marked as such (markdown `#`, HTML `<h1>`…); `level` 1 is the top.
    case heading(level: Int, text: String, location: SourceLocation)
    /// A paragraph; hard line breaks of the source are kept as "\n".
    case paragraph(text: String, location: SourceLocation)
    case table(Table)
    /// Running headers, footers and page numbers: kept for debugging, ignored by the parser.
    case furniture(text: String, location: SourceLocation)
    /// The start of a new page (the number of the page that begins).
    case pageBreak(page: Int)

    public var location: SourceLocation {
        switch self {
        case let .heading(_, _, location), let .paragraph(_, location), let .furniture(_, location):
            return location
        case let .table(table):
            return table.location
        case let .pageBreak(page):
            return SourceLocation(page: page)
        }
    }
}

extension Block: Codable {
    private enum CodingKeys: String, CodingKey { case kind, level, text, location, rows, page, isExactGrid }
    private enum Kind: String, Codable { case heading, paragraph, table, furniture, pageBreak }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .heading:
            self = .heading(
                level: try c.decode(Int.self, forKey: .level), text: try c.decode(String.self, forKey: .text),
                location: try c.decode(SourceLocation.self, forKey: .location))
        case .paragraph:
            self = .paragraph(
                text: try c.decode(String.self, forKey: .text),
                location: try c.decode(SourceLocation.self, forKey: .location))
        case .table:
            self = .table(try Table(from: decoder))
        case .furniture:
            self = .furniture(
                text: try c.decode(String.self, forKey: .text),
                location: try c.decode(SourceLocation.self, forKey: .location))
        case .pageBreak:
            self = .pageBreak(page: try c.decode(Int.self, forKey: .page))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .heading(level, text, location):
            try c.encode(Kind.heading, forKey: .kind)
            try c.encode(level, forKey: .level)
            try c.encode(text, forKey: .text)
            try c.encode(location, forKey: .location)
        case let .paragraph(text, location):
            try c.encode(Kind.paragraph, forKey: .kind)
            try c.encode(text, forKey: .text)
            try c.encode(location, forKey: .location)
        case let .table(table):
            try c.encode(Kind.table, forKey: .kind)
            try c.encode(table.location, forKey: .location)
            if table.isExactGrid { try c.encode(true, forKey: .isExactGrid) }
            try c.encode(table.rows, forKey: .rows)
        case let .furniture(text, location):
            try c.encode(Kind.furniture, forKey: .kind)
            try c.encode(text, forKey: .text)
            try c.encode(location, forKey: .location)
        case let .pageBreak(page):
            try c.encode(Kind.pageBreak, forKey: .kind)
            try c.encode(page, forKey: .page)
        }
    }
}
