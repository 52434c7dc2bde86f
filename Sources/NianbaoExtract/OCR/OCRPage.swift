import Foundation
import NianbaoDocument
import NianbaoSupport

/// The Tesseract engines one document is read with: digits (`eng` with a whitelist, one line)
/// for numeric cells, `chi_sim` for labels and running text. Made on first use, one set per
/// document read (Tesseract engines are not shared between threads).
package final class OCREngines {
    /// Characters a numeric cell may hold.
    static let digitWhitelist = "0123456789.,-+"
    private var digitEngine: TesseractEngine?
    private var textEngine: TesseractEngine?

    init() {}

    func digits() throws(OCRSetupError) -> TesseractEngine {
        if let digitEngine { return digitEngine }
        let engine = try TesseractEngine(language: "eng", whitelist: Self.digitWhitelist)
        digitEngine = engine
        return engine
    }

    func text() throws(OCRSetupError) -> TesseractEngine {
        if let textEngine { return textEngine }
        let engine = try TesseractEngine(language: "chi_sim")
        textEngine = engine
        return engine
    }

    /// Both engines, or the error naming what is missing.
    func ready() throws(OCRSetupError) {
        _ = try digits()
        _ = try text()
    }
}

/// Reads one page image: cleaned (grey, Sauvola binarisation, deskew, speckle removed), ruled
/// tables found by morphology and laid on the grid ``RuledTable`` builds, each cell read on its
/// own (digits or Chinese), the text outside tables read with `chi_sim` and laid out into lines
/// and paragraphs as a PDF's text is (``PageLayout``). Coordinates in the result are points
/// (1/72 inch) of the image at its resolution.
package struct OCRPage {
    let engines: OCREngines
    /// When reading this page stops (`--timeout` from the page's start): cells not read by then
    /// are marked ``OCRProvenance/Reading/skipped``, text not read is left out.
    var deadline: OCRDeadline = .none

    /// The largest image read, in pixels (a 600-dpi A3 page is 50 M; 30000×30000 is refused).
    static let maxPixels = 60_000_000

    /// The page's layout; `resolution` in pixels per inch.
    func layout(of image: LeptImage, page: Int, resolution: Double) throws(OCRSetupError) -> PageLayout {
        let dpi = max(72, min(1200, resolution))
        guard let cleaned = clean(image, dpi: dpi) else { return PageLayout(items: []) }
        let scale = dpi / 72
        let lines = LineMasks(binary: cleaned.faint, dpi: dpi)
        let tables = RuledTable.find(in: lines.rulings(scale: scale)).filter { $0.cells.count >= 4 }
        let ink = Ink(lines: lines, cleaned: cleaned)
        var placed: [(y: Double, item: PageLayout.Item)] = []
        for table in tables {
            let rows = try readCells(of: table, ink: ink, page: page, dpi: dpi)
            let location = SourceLocation(page: page, line: nil, box: SourceLocation.Box(x0: table.x0, y0: table.y0, x1: table.x1, y1: table.y1))
            if !rows.isEmpty { placed.append((table.y0, .table(rows: rows, location: location, ruled: true))) }
        }
        for table in tables { cleaned.grey.erase(pixelBox(table.x0, table.y0, table.x1, table.y1, scale: scale)) }
        let text = Self.forText(cleaned.grey, dpi: dpi)
        for item in try textItems(of: text.image, page: page, dpi: text.dpi) { placed.append((PageLayout.top(of: item), item)) }
        return PageLayout(items: placed.sorted { $0.y < $1.y }.map(\.item))
    }

    /// Pixels per inch the text outside tables is read at. Tesseract scales each line to its
    /// network's height anyway, so a 300-dpi page read at 200 dpi gives the same text (a noisy
    /// scan's often better, the grain smoothed away) for about a third less time, most of it the
    /// page's layout analysis; table cells are still read at the page's own resolution.
    static let textResolution = 200.0

    /// The page's grey image (tables erased) as the text outside tables is read: scaled down to
    /// ``textResolution`` when it is finer by more than 15%, with the resolution it is at.
    static func forText(_ grey: LeptImage, dpi: Double) -> (image: LeptImage, dpi: Double) {
        guard dpi > textResolution * 1.15, let smaller = grey.scaled(textResolution / dpi) else { return (grey, dpi) }
        return (smaller, textResolution)
    }

    /// Grey and binary images of the page, straightened; `faint` a binary image that keeps
    /// fainter ink, where ruling lines are looked for (a scan's grey rulings, lighter than its
    /// text, are lost by the binarisation that suits text; the line search's long openings
    /// leave out the noise it keeps besides).
    func clean(_ image: LeptImage, dpi: Double) -> (grey: LeptImage, binary: LeptImage, faint: LeptImage)? {
        let window = Int(dpi / 12)
        var grey = image
        if let skew = Self.skew(of: image, window: window), abs(skew) >= 0.1, abs(skew) <= 5, let straight = image.rotated(degrees: skew) {
            grey = straight
        }
        guard let binary = grey.binarised(window: window) else { return nil }
        let speck = max(2, Int(dpi / 150))
        let faint = grey.binarised(window: window, factor: Self.faintFactor).flatMap { $0.despeckled(size: speck) } ?? binary
        return (grey, binary.despeckled(size: speck) ?? binary, faint)
    }

    /// The skew of a page's text lines in degrees (``LeptImage/skewDegrees()``), found on the
    /// page binarised at half its size: a quarter of the pixels to binarise, and the page is
    /// binarised at full size only once, after it is straightened (the skew search reduces the
    /// image further anyway).
    static func skew(of image: LeptImage, window: Int) -> Double? {
        guard image.width >= 1200, image.height >= 1200, let half = image.scaled(0.5) else {
            return image.binarised(window: window)?.skewDegrees()
        }
        return half.binarised(window: max(2, window / 2))?.skewDegrees()
    }

    /// Sauvola's k for ``clean(_:dpi:)``'s `faint` image.
    static let faintFactor = 0.15

    /// The cells of a ruled table, each read on its own, rows as ``PageLayout`` gives them.
    func readCells(of table: RuledTable, ink: Ink, page: Int, dpi: Double) throws(OCRSetupError) -> [[TableCell]] {
        let scale = dpi / 72
        var rows: [[TableCell]] = Array(repeating: [], count: table.ys.count - 1)
        for box in table.cells {
            let rect = SourceLocation.Box(x0: table.xs[box.c0], y0: table.ys[box.r0], x1: table.xs[box.c1 + 1], y1: table.ys[box.r1 + 1])
            var reading: (text: String, ocr: OCRProvenance?) = ("", OCRProvenance(reading: .skipped, confidence: 0))
            if !deadline.hasPassed {
                let read = try readCell(pixelBox(rect.x0, rect.y0, rect.x1, rect.y1, scale: scale), ink: ink, dpi: dpi)
                // A read cut short by the deadline is not a reading.
                if !deadline.hasPassed { reading = read }
            }
            rows[box.r0].append(TableCell(
                text: reading.text, rowSpan: box.r1 - box.r0 + 1, colSpan: box.c1 - box.c0 + 1,
                location: SourceLocation(page: page, line: nil, box: rect, ocr: reading.ocr)))
        }
        return rows.filter { !$0.isEmpty }
    }

    /// The page without its ruling lines: binary (ink = 1) and grey (lines made white).
    struct Ink {
        var binary: LeptImage
        /// For text: the grey page without its lines.
        var grey: LeptImage
        /// For digits: ``grey`` whitened away from the ink the binarisation found (grown by a
        /// pixel or two, to keep the characters' grey edges). Tesseract's `eng` reads a noisy or
        /// grainy scan's digits as nothing at all, or as other digits, where it reads the same
        /// digits on white; `chi_sim` reads labels better with their faint strokes kept.
        var whitened: LeptImage

        init(lines: LineMasks, cleaned: (grey: LeptImage, binary: LeptImage, faint: LeptImage)) {
            let binary = lines.ink(of: cleaned.binary) ?? cleaned.binary
            let grey = lines.erased(from: cleaned.grey) ?? cleaned.grey
            let grow = 2 * max(1, Int(lines.dpi / 150)) + 1
            self.binary = binary
            self.grey = grey
            whitened = binary.dilated(grow, grow).flatMap { grey.whitened(outside: $0) } ?? grey
        }
    }

    /// One cell: blank, a number read as digits, or text read as Chinese.
    func readCell(_ cell: PixelBox, ink: Ink, dpi: Double) throws(OCRSetupError) -> (text: String, ocr: OCRProvenance?) {
        let inset = max(2, Int(dpi / 60))
        guard let inner = cell.inset(by: inset), let clip = ink.binary.clipped(to: inner) else { return ("", nil) }
        let minInk = max(3, Int(dpi / 50))
        // Every blob the despeckling left counts when a reading is checked against the ink (a
        // decimal point is small); a cell is blank unless some blob is larger than a dot.
        let all = clip.components()
        let blobs = all.filter { $0.height >= minInk || $0.width >= minInk }
        // A thin stroke the binarisation broke (the bar of a 5) is part of its character.
        let characters = Self.characters(blobs, gap: max(2, Int(dpi / 100)))
        guard let tallest = characters.map(\.height).max() else { return ("", nil) }
        let border = Int(dpi / 15)
        guard let framed = ink.grey.clipped(to: inner)?.bordered(border), let whitened = ink.whitened.clipped(to: inner)?.bordered(border) else { return ("", nil) }
        let inkBoxes = all.map { PixelBox(x: $0.x + border, y: $0.y + border, width: $0.width, height: $0.height) }
        let number = Self.looksNumeric(characters, height: tallest) ? try readNumber(whitened, ink: inkBoxes, textHeight: tallest, dpi: dpi) : nil
        if let number, number.agreed || number.readings >= 2 {
            return (number.text, OCRProvenance(reading: .digits, confidence: number.confidence))
        }
        let words = try readText(whitened: whitened, grey: framed, dpi: dpi)
        let text = Self.text(of: words, lineBreaks: true)
        // Digits the text model sees where the digit model was unsure: a number, not confidently read.
        if let number, !text.unicodeScalars.contains(where: Self.isHan), text.contains(where: \.isNumber) {
            return (number.text, OCRProvenance(reading: .digits, confidence: 0))
        }
        return (text, OCRProvenance(reading: .text, confidence: Self.lowestConfidence(words)))
    }

    /// The blobs merged where they overlap across and (nearly) touch up and down, as boxes: one
    /// per character for digits, even where a faint stroke broke a digit in two (the bar of a 5
    /// above its bowl), while characters of two lines of text stay apart (`gap`: the most pixels
    /// between the parts of one character).
    static func characters(_ blobs: [PixelBox], gap: Int) -> [PixelBox] {
        var merged: [PixelBox] = []
        for blob in blobs.sorted(by: { $0.x < $1.x }) {
            if let last = merged.last, blob.x < last.maxX, blob.y <= last.maxY + gap, last.y <= blob.maxY + gap {
                let x = min(last.x, blob.x), y = min(last.y, blob.y)
                merged[merged.count - 1] = PixelBox(x: x, y: y, width: max(last.maxX, blob.maxX) - x, height: max(last.maxY, blob.maxY) - y)
            } else {
                merged.append(blob)
            }
        }
        return merged
    }

    /// A cell's text read with `chi_sim`: on the whitened image (noise gone, which a noisy
    /// scan's labels need), and where that reading is unsure also on the grey one (which a
    /// blurred low-resolution scan's faint strokes need), the reading Tesseract is surer of.
    func readText(whitened: LeptImage, grey: LeptImage, dpi: Double) throws(OCRSetupError) -> [OCRSymbol] {
        let first = try engines.text().read(whitened, mode: .block, resolution: Int(dpi), deadline: deadline)
        guard Self.lowestConfidence(first) < OCRProvenance.threshold else { return first }
        let second = try engines.text().read(grey, mode: .block, resolution: Int(dpi), deadline: deadline)
        return Self.meanConfidence(second) > Self.meanConfidence(first) ? second : first
    }

    static func meanConfidence(_ symbols: [OCRSymbol]) -> Double {
        symbols.isEmpty ? 0 : symbols.map(\.confidence).reduce(0, +) / Double(symbols.count)
    }

    /// Whether a cell's characters (``characters(_:)``) look like one line of digits: every one
    /// within the band of the tallest, and none as wide as it is tall (Chinese characters are
    /// square, digits about half as wide as tall).
    static func looksNumeric(_ blobs: [PixelBox], height: Int) -> Bool {
        let tall = blobs.filter { Double($0.height) >= Double(height) * 0.6 }
        guard let top = tall.map(\.y).min(), let bottom = tall.map(\.maxY).max() else { return false }
        let slack = max(2, height / 5)
        guard bottom - top <= height + 2 * slack, blobs.allSatisfy({ $0.y >= top - slack && $0.maxY <= bottom + slack }) else { return false }
        return inkRuns(blobs).allSatisfy { Double($0.end - $0.start) <= Double(height) * 0.85 }
    }

    /// Heights in pixels the digits of a cell are scaled to before reading: Tesseract's `eng`
    /// model misreads digits drawn much larger (measured on 300-dpi renders: 132 read as 182 at
    /// 28 px, right at 17 px).
    static let digitHeights = [14.0, 17.0, 20.0]

    /// Heights tried only when ``digitHeights`` give no confident reading: at the smaller heights
    /// the model may merge a narrow pair of digits ("11" read as 8, "115" as 5, or nothing),
    /// which these larger ones read apart.
    static let fallbackDigitHeights = [23.0, 26.0]

    /// A cell read as digits at each of ``digitHeights`` (and, when those do not agree, at each
    /// of ``fallbackDigitHeights``). A reading counts only if it is a number and accounts for the
    /// cell's ink (no blob left unread, no character where there is no ink: a dropped or invented
    /// digit). The number is confident (`agreed`) when at least two readings count and all that
    /// count agree; its confidence is then the second highest of theirs (each reading's being the
    /// lowest of its characters'), so that two readings at least that confident agree; else 0.
    /// `readings`: how many of the ``digitHeights`` readings are numbers (the fallback readings
    /// only ever make a number confident: a label whose broken strokes read as "-" at two of the
    /// five heights is still read as text). nil when no reading at all looks like a number.
    func readNumber(_ image: LeptImage, ink: [PixelBox], textHeight: Int, dpi: Double)
        throws(OCRSetupError) -> (text: String, confidence: Int, readings: Int, agreed: Bool)?
    {
        var numeric: [DigitReading] = []
        for height in Self.digitHeights {
            if let reading = try readDigits(image, height: height, ink: ink, textHeight: textHeight, dpi: dpi) { numeric.append(reading) }
        }
        let primary = numeric.count
        if Self.agreement(of: numeric) == nil {
            // A height whose scale is one already read (the scale is capped at 1.5: small ink) would
            // read the same image again, which is no second piece of evidence.
            let read = Set(Self.digitHeights.map { Self.digitScale(height: $0, textHeight: textHeight) })
            for height in Self.fallbackDigitHeights where !read.contains(Self.digitScale(height: height, textHeight: textHeight)) {
                if let reading = try readDigits(image, height: height, ink: ink, textHeight: textHeight, dpi: dpi) { numeric.append(reading) }
            }
        }
        guard let first = numeric.first else { return nil }
        guard let agreed = Self.agreement(of: numeric) else {
            let common = Dictionary(grouping: numeric, by: \.text).max { $0.value.count < $1.value.count }?.key ?? first.text
            return (common, 0, primary, false)
        }
        return (agreed.text, agreed.confidence, primary, true)
    }

    /// The factor a cell's digits `textHeight` pixels high are scaled by to be `height` high: at
    /// most 1.5.
    static func digitScale(height: Double, textHeight: Int) -> Double {
        min(1.5, height / Double(max(1, textHeight)))
    }

    /// One reading of a cell's digits: its text, its lowest character confidence, and whether it
    /// accounts for the cell's ink (``accounts(for:symbols:)``).
    struct DigitReading {
        var text: String
        var confidence: Int
        var accounts: Bool
    }

    /// The cell's digits scaled to `height` pixels and read as one line; nil unless a number.
    func readDigits(_ image: LeptImage, height: Double, ink: [PixelBox], textHeight: Int, dpi: Double) throws(OCRSetupError) -> DigitReading? {
        let factor = Self.digitScale(height: height, textHeight: textHeight)
        guard let scaled = image.scaled(factor) else { return nil }
        let symbols = try engines.digits().read(scaled, mode: .line, resolution: Int(dpi * factor), deadline: deadline)
        let text = Self.text(of: symbols, lineBreaks: false)
        guard CellNumber.isNumeric(text) else { return nil }
        let unscaled = symbols.map { s -> OCRSymbol in
            var s = s
            s.box = PixelBox(
                x: Int(Double(s.box.x) / factor), y: Int(Double(s.box.y) / factor),
                width: Int((Double(s.box.width) / factor).rounded(.up)), height: Int((Double(s.box.height) / factor).rounded(.up)))
            return s
        }
        return DigitReading(text: text, confidence: Self.lowestConfidence(symbols), accounts: Self.accounts(for: ink, symbols: unscaled))
    }

    /// The text all counting readings agree on, when at least two count, with the second highest
    /// confidence of theirs: two readings that agree, each confident, are the evidence; a third at
    /// a scale Tesseract likes less may agree with less confidence without casting doubt on them.
    static func agreement(of readings: [DigitReading]) -> (text: String, confidence: Int)? {
        let counting = readings.filter(\.accounts)
        let texts = Set(counting.map(\.text))
        guard counting.count >= 2, texts.count == 1, let text = texts.first else { return nil }
        let confidences = counting.map(\.confidence).sorted(by: >)
        return (text, confidences[1])
    }

    /// Running text outside tables, as ``PageLayout`` lays out a PDF's glyphs.
    func textItems(of grey: LeptImage, page: Int, dpi: Double) throws(OCRSetupError) -> [PageLayout.Item] {
        let symbols = try engines.text().read(grey, mode: .page, resolution: Int(dpi), deadline: deadline)
        let glyphs = Self.glyphs(of: symbols, scale: dpi / 72)
        guard !glyphs.isEmpty else { return [] }
        let width = Double(grey.width) * 72 / dpi, height = Double(grey.height) * 72 / dpi
        let layout = PageLayout(page: page, width: width, height: height, glyphs: glyphs, tables: [])
        let provenance = OCRProvenance(reading: .text, confidence: Self.lowestConfidence(symbols))
        return layout.items.map { Self.marked($0, provenance) }
    }

    /// Symbols as glyphs in points; every glyph of a line given the line's height, so that flat
    /// characters (一, -) sit on their line.
    static func glyphs(of symbols: [OCRSymbol], scale: Double) -> [Glyph] {
        var glyphs: [Glyph] = []
        var line: [OCRSymbol] = []
        func flush() {
            guard let top = line.map(\.box.y).min(), let bottom = line.map(\.box.maxY).max() else { return }
            for symbol in line {
                let scalars = Array(symbol.text.unicodeScalars)
                guard !scalars.isEmpty else { continue }
                let step = Double(symbol.box.width) / Double(scalars.count)
                for (i, scalar) in scalars.enumerated() where !scalar.properties.isWhitespace {
                    let x0 = Double(symbol.box.x) + step * Double(i)
                    glyphs.append(Glyph(scalar: scalar, x0: x0 / scale, y0: Double(top) / scale, x1: (x0 + step) / scale, y1: Double(bottom) / scale))
                }
            }
            line = []
        }
        for symbol in symbols {
            if symbol.startsLine { flush() }
            line.append(symbol)
        }
        flush()
        return glyphs
    }

    /// An item with every location marked as read by OCR.
    static func marked(_ item: PageLayout.Item, _ ocr: OCRProvenance) -> PageLayout.Item {
        func mark(_ l: SourceLocation) -> SourceLocation { var l = l; l.ocr = ocr; return l }
        switch item {
        case let .paragraph(lines, location, indented, endsShort):
            return .paragraph(lines: lines, location: mark(location), indented: indented, endsShort: endsShort)
        case let .table(rows, location, ruled):
            let rows = rows.map { $0.map { cell -> TableCell in var cell = cell; cell.location = mark(cell.location); return cell } }
            return .table(rows: rows, location: mark(location), ruled: ruled)
        case let .furniture(text, location):
            return .furniture(text, mark(location))
        }
    }

    /// Whether every blob of ink lies under a symbol read and every symbol read lies on ink: no
    /// digit dropped or invented. "Under" is across: at least half of the blob's width within the
    /// symbol's, so that a thin 1 beside a 4 is not taken for part of the 4; or, where Tesseract
    /// boxes a character narrower than its ink (a lone 0 19 px wide boxed 9 px, a 6 boxed round
    /// its bowl), one symbol centred over each run of ink (``oneSymbolPerRun(_:ink:)``).
    package static func accounts(for ink: [PixelBox], symbols: [OCRSymbol]) -> Bool {
        let boxes = symbols.filter { !$0.text.allSatisfy(\.isWhitespace) }.map(\.box)
        // LSTM boxes are loose (a second 1 may stretch over a 7): as many characters as runs of ink.
        guard !boxes.isEmpty, boxes.count == inkRuns(ink).count else { return false }
        func overlap(_ a: PixelBox, _ b: PixelBox) -> Int { max(0, min(a.maxX, b.maxX) - max(a.x, b.x)) }
        let inkRead = ink.allSatisfy { blob in
            boxes.contains { verticallyNear($0, blob) && 2 * overlap($0, blob) >= max(1, blob.width) }
        }
        let readOnInk = boxes.allSatisfy { box in
            ink.contains { verticallyNear($0, box) && 3 * overlap($0, box) >= max(1, box.width) }
        }
        return (inkRead && readOnInk) || oneSymbolPerRun(boxes, ink: ink)
    }

    /// Whether each run of ink (``inkRuns(_:)``) has exactly one symbol whose centre lies over it,
    /// and each symbol's centre lies over a run whose ink it meets up and down.
    static func oneSymbolPerRun(_ boxes: [PixelBox], ink: [PixelBox]) -> Bool {
        let runs = inkRuns(ink)
        var symbolsOver = Array(repeating: 0, count: runs.count)
        for box in boxes {
            let twiceCentre = 2 * box.x + box.width
            guard let i = runs.firstIndex(where: { 2 * $0.start <= twiceCentre && twiceCentre < 2 * $0.end }) else { return false }
            let meetsInk = ink.contains { $0.x < runs[i].end && $0.maxX > runs[i].start && verticallyNear($0, box) }
            guard meetsInk else { return false }
            symbolsOver[i] += 1
        }
        return symbolsOver.allSatisfy { $0 == 1 }
    }

    /// Whether two boxes overlap up and down, or nearly (2 px).
    static func verticallyNear(_ a: PixelBox, _ b: PixelBox) -> Bool { a.y <= b.maxY + 2 && b.y <= a.maxY + 2 }

    /// The blobs merged where they overlap across: one run per character, for digits.
    static func inkRuns(_ blobs: [PixelBox]) -> [(start: Int, end: Int)] {
        var runs: [(start: Int, end: Int)] = []
        for blob in blobs.sorted(by: { $0.x < $1.x }) {
            if let last = runs.last, blob.x < last.end {
                runs[runs.count - 1].end = max(last.end, blob.maxX)
            } else {
                runs.append((blob.x, blob.maxX))
            }
        }
        return runs
    }

    static func lowestConfidence(_ symbols: [OCRSymbol]) -> Int {
        guard let lowest = symbols.map(\.confidence).min(), lowest.isFinite else { return 0 }
        return Int(max(0, min(100, lowest)).rounded(.down))
    }

    /// The symbols' text; with `lineBreaks`, a new line of the image starts a new line.
    static func text(of symbols: [OCRSymbol], lineBreaks: Bool) -> String {
        var text = ""
        for symbol in symbols {
            if lineBreaks, symbol.startsLine, !text.isEmpty { text += "\n" }
            text += symbol.text
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value) || (0x20000...0x2FFFF).contains(scalar.value)
    }

    func pixelBox(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, scale: Double) -> PixelBox {
        let left = Int((x0 * scale).rounded()), top = Int((y0 * scale).rounded())
        return PixelBox(x: left, y: top, width: max(1, Int((x1 * scale).rounded()) - left), height: max(1, Int((y1 * scale).rounded()) - top))
    }
}

/// What a numeric cell read by OCR may look like: digits with an optional sign, decimal point
/// and thousands separators, or a dash standing for "none".
package enum CellNumber {
    static func isNumeric(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 16 else { return false }
        if text.allSatisfy({ $0 == "-" }) { return true }
        return text.wholeMatch(of: /[+-]?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?|[+-]?[0-9]+(\.[0-9]+)?/) != nil
    }
}

/// The ruling lines of a binary page found by morphology: a closing bridges small breaks, an
/// opening with a long thin brick keeps only what is longer than any character.
package struct LineMasks {
    let horizontal: LeptImage?
    let vertical: LeptImage?
    let dpi: Double

    init(binary: LeptImage, dpi: Double) {
        // Longer than any stroke of a character both ways; the closing bridges breaks in a line.
        let across = max(20, Int(dpi / 4)), down = max(20, Int(dpi / 4)), bridge = max(3, Int(dpi / 60))
        horizontal = binary.closedThenOpened(close: (bridge, 1), open: (across, 1))
        vertical = binary.closedThenOpened(close: (1, bridge), open: (1, down))
        self.dpi = dpi
    }

    /// The lines as ``Rulings`` in points (`scale` pixels per point); a thick block is not a line.
    func rulings(scale: Double) -> Rulings {
        let thick = Int(dpi / 20)
        let h = (horizontal?.components() ?? []).filter { $0.height <= thick }.map {
            Rulings.Segment(position: (Double($0.y) + Double($0.height) / 2) / scale, start: Double($0.x) / scale, end: Double($0.maxX) / scale)
        }
        let v = (vertical?.components() ?? []).filter { $0.width <= thick }.map {
            Rulings.Segment(position: (Double($0.x) + Double($0.width) / 2) / scale, start: Double($0.y) / scale, end: Double($0.maxY) / scale)
        }
        return Rulings(horizontal: h, vertical: v)
    }

    /// The grey page with its lines (grown a little, to take their grey edges too) made white.
    func erased(from grey: LeptImage) -> LeptImage? {
        var result = grey
        for mask in [horizontal, vertical].compactMap({ $0 }) {
            guard let grown = mask.dilated(3, 3), let rest = result.whitened(under: grown) else { return nil }
            result = rest
        }
        return result
    }

    /// The page's ink without its lines (grown a little, to take their grey edges too).
    func ink(of binary: LeptImage) -> LeptImage? {
        var ink = binary
        for mask in [horizontal, vertical].compactMap({ $0 }) {
            guard let grown = mask.dilated(3, 3), let rest = ink.subtracting(grown) else { return nil }
            ink = rest
        }
        return ink
    }
}
