import NianbaoDocument
import NianbaoSupport
/// One cell of a statistical table: the number read (nil when blank or unreadable) and where it came from.
public struct CellValue: Codable, Hashable, Sendable {
    /// The largest integer every Double above it may not hold exactly: 2^53. A value beyond it is
    /// never taken as read.
    public static let largestExactInteger: UInt64 = 9_007_199_254_740_992

    /// The value; nil when the cell is blank, a dash, or could not be read with confidence.
    public var number: Double?
    /// The cell's text as printed, when the cell was found.
    public var raw: String?
    /// A remark printed with the value, e.g. "其中修订 16 件" of "22（其中修订 16 件）".
    public var note: String?
    public var location: SourceLocation?

    /// A number that is not finite (NaN, ±∞) is no value: nil.
    public init(number: Double?, raw: String?, note: String? = nil, location: SourceLocation? = nil) {
        self.number = number.flatMap { $0.isFinite ? $0 : nil }
        self.raw = raw
        self.note = note
        self.location = location
    }

    /// A cell the document does not have.
    public static let missing = CellValue(number: nil, raw: nil)
}
