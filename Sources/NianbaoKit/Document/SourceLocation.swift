/// Where a block or cell came from in the source: a page (PDF), a line (text), or both.
public struct SourceLocation: Codable, Hashable, Sendable, CustomStringConvertible {
    /// 1-based page number, when the source has pages.
    public var page: Int?
    /// 1-based line number in the source (text) or on the page (PDF).
    public var line: Int?

    public init(page: Int? = nil, line: Int? = nil) {
        self.page = page
        self.line = line
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

    /// The same location moved `offset` lines down.
    public func advanced(byLines offset: Int) -> SourceLocation {
        SourceLocation(page: page, line: line.map { $0 + offset })
    }
}
