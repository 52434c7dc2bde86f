import NianbaoSupport
/// One cell of a table as the source printed it.
public struct TableCell: Codable, Hashable, Sendable {
    /// The cell's text; line breaks inside the cell are kept as "\n".
    public var text: String
    public var rowSpan: Int
    public var colSpan: Int
    public var location: SourceLocation

    public init(text: String, rowSpan: Int = 1, colSpan: Int = 1, location: SourceLocation) {
        self.text = text
        self.rowSpan = rowSpan
        self.colSpan = colSpan
        self.location = location
    }

    private enum CodingKeys: String, CodingKey { case text, rowSpan, colSpan, location }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(String.self, forKey: .text)
        rowSpan = try c.decodeIfPresent(Int.self, forKey: .rowSpan) ?? 1
        colSpan = try c.decodeIfPresent(Int.self, forKey: .colSpan) ?? 1
        location = try c.decode(SourceLocation.self, forKey: .location)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        if rowSpan != 1 { try c.encode(rowSpan, forKey: .rowSpan) }
        if colSpan != 1 { try c.encode(colSpan, forKey: .colSpan) }
        try c.encode(location, forKey: .location)
    }
}

/// A table as rows of cells. A cell spanning several rows appears only in the row where it starts,
/// as in HTML; rows may have different numbers of cells.
public struct Table: Codable, Hashable, Sendable {
    public var rows: [[TableCell]]
    public var location: SourceLocation
    /// True when the cells are exactly the source's cells (an HTML table, a ruled PDF table): a blank
    /// cell is a cell printed empty. False when blank cells may be padding or a cell may have
    /// vanished (tab-separated or markdown text, text aligned in columns).
    public var isExactGrid: Bool

    public init(rows: [[TableCell]], location: SourceLocation, isExactGrid: Bool = false) {
        self.rows = rows
        self.location = location
        self.isExactGrid = isExactGrid
    }

    private enum CodingKeys: String, CodingKey { case rows, location, isExactGrid }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rows = try c.decode([[TableCell]].self, forKey: .rows)
        location = try c.decode(SourceLocation.self, forKey: .location)
        isExactGrid = try c.decodeIfPresent(Bool.self, forKey: .isExactGrid) ?? false
    }
}
