/// Where a block or cell came from in the source: a page (PDF), a line (text), or both.
public struct SourceLocation: Codable, Hashable, Sendable, CustomStringConvertible {
    /// 1-based page number, when the source has pages.
    public var page: Int?
    /// 1-based line number in the source (text) or on the page (PDF).
    public var line: Int?
    /// Where on the page, in points from the top left (PDF).
    public var box: Box?

    public init(page: Int? = nil, line: Int? = nil, box: Box? = nil) {
        self.page = page
        self.line = line
        self.box = box
    }

    /// A rectangle on a page, in points, origin at the top left.
    public struct Box: Codable, Hashable, Sendable {
        public var x0: Double, y0: Double, x1: Double, y1: Double

        public init(x0: Double, y0: Double, x1: Double, y1: Double) {
            (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
        }
    }

    /// A human-readable place such as "page 3, line 12" or "line 40".
    public var description: String {
        switch (page, line) {
        case let (p?, l?): return "page \(p), line \(l)"
        case let (p?, nil): return "page \(p)"
        case let (nil, l?): return "line \(l)"
        default: return "unknown location"
        }
    }

    /// The same location moved `offset` lines down (the box is the first line's, so it is dropped).
    public func advanced(byLines offset: Int) -> SourceLocation {
        offset == 0 ? self : SourceLocation(page: page, line: line.map { $0 + offset })
    }

    /// The page and line without the box: the place a diagnostic names.
    public var pageAndLine: SourceLocation { SourceLocation(page: page, line: line) }
}
