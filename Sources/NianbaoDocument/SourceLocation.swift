import NianbaoSupport
/// Where a block or cell came from in the source: a page (PDF), a line (text), or both.
public struct SourceLocation: Codable, Hashable, Sendable, CustomStringConvertible {
    /// 1-based page number, when the source has pages.
    public var page: Int?
    /// 1-based line number in the source (text) or on the page (PDF).
    public var line: Int?
    /// Where on the page, in points from the top left (PDF).
    public var box: Box?
    /// Set when the text was read from an image by OCR: how, and how confidently.
    public var ocr: OCRProvenance?

    public init(page: Int? = nil, line: Int? = nil, box: Box? = nil, ocr: OCRProvenance? = nil) {
        self.page = page
        self.line = line
        self.box = box
        self.ocr = ocr
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
        offset == 0 ? self : SourceLocation(page: page, line: line.map { $0 + offset }, ocr: ocr)
    }

    /// The page and line without the box: the place a diagnostic names.
    public var pageAndLine: SourceLocation { SourceLocation(page: page, line: line) }
}

/// How a piece of text was read by OCR (see Extract/OCR): a number is taken from it only when it
/// was read as digits alone with a confidence at or above ``threshold``.
public struct OCRProvenance: Codable, Hashable, Sendable {
    public enum Reading: String, Codable, Sendable, CaseIterable {
        /// Read as one line of digits, sign and decimal point (Tesseract's `eng` with a whitelist).
        case digits
        /// Read as Chinese text (`chi_sim`): its numbers are not trusted.
        case text
        /// Not read: the OCR time limit of its page (`--timeout`) was reached first.
        case skipped
    }

    public var reading: Reading
    /// The lowest confidence of its characters, 0–100 (Tesseract's own measure).
    public var confidence: Int

    /// The lowest confidence at which a number read as digits is taken.
    public static let threshold = 80

    public init(reading: Reading, confidence: Int) {
        self.reading = reading
        self.confidence = confidence
    }

    /// Whether a number read here may be taken as the value.
    public var numberIsConfident: Bool { reading == .digits && confidence >= Self.threshold }

    /// Why a number read at `location` is left null: where, what was read, how confidently.
    package static func doubt(_ raw: String, _ location: SourceLocation) -> String {
        let place = self.place(location)
        guard let ocr = location.ocr else { return "\(place): \"\(raw)\" left null" }
        let how = ocr.reading == .digits
            ? "with confidence \(ocr.confidence), below \(threshold)" : "as text, whose digits OCR does not read reliably"
        return "\(place): OCR read \"\(raw)\" \(how); left null"
    }

    /// The page and the cell's box in points.
    package static func place(_ location: SourceLocation) -> String {
        location.box.map { b in
            "\(location.pageAndLine), the cell at \(Self.point(b.x0)),\(Self.point(b.y0))–\(Self.point(b.x1)),\(Self.point(b.y1)) pt"
        } ?? location.pageAndLine.description
    }

    /// A coordinate in whole points (0 for one that is not finite or out of range).
    private static func point(_ value: Double) -> Int {
        value.isFinite && abs(value) < 1e9 ? Int(value.rounded()) : 0
    }
}
