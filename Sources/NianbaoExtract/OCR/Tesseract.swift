import CTesseract
import Foundation
import NianbaoDocument
import NianbaoSupport

// Every Tesseract and Leptonica call of the project, behind a small Swift API that owns the
// memory: images are destroyed with pixDestroy, engines with TessBaseAPIEnd/Delete, strings and
// iterators freed. Nothing else in the project imports CTesseract. The libraries are loaded with
// dlopen on first use (see CTesseract/include/ctesseract.h): a process that reads no scan never
// loads them, and one without them installed fails only when it needs OCR, saying what to install.

/// libtesseract and liblept, loaded on first use.
package enum TesseractLibrary {
    /// Their functions, or why they cannot be loaded.
    nonisolated(unsafe) static let loaded: Result<nb_tess_api, OCRSetupError> = {
        var message = [CChar](repeating: 0, count: 400)
        guard let table = nb_tess_load(&message, message.count) else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(.libraryMissing(reason))
        }
        // Leptonica prints its warnings on stderr unless told not to.
        _ = table.pointee.setMsgSeverity(Int32(L_SEVERITY_NONE))
        return .success(table.pointee)
    }()

    /// The functions, loading the libraries if need be; throws when they are not installed.
    static func api() throws(OCRSetupError) -> nb_tess_api {
        switch loaded {
        case let .success(api): return api
        case let .failure(error): throw error
        }
    }
}

/// A rectangle in pixels, origin at the top left.
package struct PixelBox: Sendable, Equatable {
    var x: Int, y: Int, width: Int, height: Int

    var maxX: Int { x + width }
    var maxY: Int { y + height }

    func intersects(_ other: PixelBox) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// The box moved in by `inset` pixels on each side (nil when nothing is left).
    func inset(by inset: Int) -> PixelBox? {
        guard width > 2 * inset, height > 2 * inset else { return nil }
        return PixelBox(x: x + inset, y: y + inset, width: width - 2 * inset, height: height - 2 * inset)
    }
}

/// A Leptonica image (grey 8 bpp or binary 1 bpp, ink = 1), destroyed with the object.
package final class LeptImage {
    fileprivate let pix: UnsafeMutablePointer<PIX>
    fileprivate let api: nb_tess_api

    private init(taking pix: UnsafeMutablePointer<PIX>, api: nb_tess_api) {
        self.pix = pix
        self.api = api
    }

    /// An image of the result of a Leptonica call (nil when the call failed).
    private func wrap(_ pix: UnsafeMutablePointer<PIX>?) -> LeptImage? { pix.map { LeptImage(taking: $0, api: api) } }

    deinit {
        var pointer: UnsafeMutablePointer<PIX>? = pix
        api.pixDestroy(&pointer)
    }

    var width: Int { Int(api.pixGetWidth(pix)) }
    var height: Int { Int(api.pixGetHeight(pix)) }
    /// The resolution the file states, in pixels per inch (0 when it states none).
    var resolution: Int { Int(api.pixGetXRes(pix)) }

    /// Width and height of an encoded image read from its header alone, without decoding it.
    static func dimensions(of bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard let api = try? TesseractLibrary.api() else { return nil }
        var format: Int32 = 0, w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0
        let status = bytes.withUnsafeBufferPointer { buffer in
            api.pixReadHeaderMem(buffer.baseAddress, buffer.count, &format, &w, &h, &bps, &spp, &cmap)
        }
        guard status == 0, w > 0, h > 0 else { return nil }
        return (Int(w), Int(h))
    }

    /// Decodes a PNG, JPEG or TIFF (first page) into 8-bit grey; nil when it cannot be decoded.
    static func decode(_ bytes: [UInt8]) -> LeptImage? {
        guard let api = try? TesseractLibrary.api(),
            let pix = bytes.withUnsafeBufferPointer({ api.pixReadMem($0.baseAddress, $0.count) })
        else { return nil }
        return grey(of: LeptImage(taking: pix, api: api))
    }

    /// Decodes the frame of a multi-page TIFF that starts at `offset` (0 for the first) into 8-bit
    /// grey, with the offset of the next frame (0 after the last); nil when it cannot be decoded.
    static func decodeTIFFFrame(_ bytes: [UInt8], at offset: Int) -> (image: LeptImage, next: Int)? {
        guard offset >= 0, let api = try? TesseractLibrary.api() else { return nil }
        var position = UInt(offset)
        guard let pix = bytes.withUnsafeBufferPointer({ api.pixReadMemFromMultipageTiff($0.baseAddress, $0.count, &position) }),
            let image = grey(of: LeptImage(taking: pix, api: api))
        else { return nil }
        return (image, Int(clamping: position))
    }

    /// A decoded image as 8-bit grey, keeping its stated resolution.
    private static func grey(of decoded: LeptImage) -> LeptImage? {
        let api = decoded.api
        let resolution = api.pixGetXRes(decoded.pix)
        guard let grey = decoded.wrap(api.pixConvertTo8(decoded.pix, 0)) else { return nil }
        api.pixSetResolution(grey.pix, resolution, resolution)
        return grey
    }

    /// An 8-bit grey image of `pixels` (row by row, 0 black … 255 white).
    static func grey(width: Int, height: Int, pixels: [UInt8]) -> LeptImage? {
        guard width > 0, height > 0, width <= 30_000, height <= 30_000, pixels.count == width * height,
            let api = try? TesseractLibrary.api(), let created = api.pixCreate(Int32(width), Int32(height), 8)
        else { return nil }
        let image = LeptImage(taking: created, api: api)
        guard let data = api.pixGetData(image.pix)
        else { return nil }
        let wpl = Int(api.pixGetWpl(image.pix))
        pixels.withUnsafeBufferPointer { source in
            for y in 0..<height {
                let line = data + y * wpl
                for x in 0..<width {
                    // Leptonica packs 8-bit pixels big-endian within each 32-bit word.
                    let shift = UInt32(24 - 8 * (x & 3))
                    line[x >> 2] |= UInt32(source[y * width + x]) << shift
                }
            }
        }
        return image
    }

    /// Binarised with Sauvola's local threshold (ink = 1), which survives uneven lighting;
    /// `window` is the half-size of the neighbourhood in pixels, `factor` Sauvola's k (lower
    /// keeps fainter ink, and more noise).
    func binarised(window: Int, factor: Double = 0.34) -> LeptImage? {
        let tiles = Int32(max(1, min(8, width / 600))), rows = Int32(max(1, min(8, height / 600)))
        var result: UnsafeMutablePointer<PIX>?
        guard api.pixSauvolaBinarizeTiled(pix, Int32(max(2, window)), Float(factor), tiles, rows, nil, &result) == 0 else { return nil }
        return wrap(result)
    }

    /// The skew of a binary page's text lines in degrees, to be undone by rotating by it (as
    /// Leptonica's pixDeskew does), when found with some confidence.
    func skewDegrees() -> Double? {
        var angle: Float = 0, confidence: Float = 0
        guard api.pixFindSkew(pix, &angle, &confidence) == 0, confidence >= 2.5, angle.isFinite else { return nil }
        return Double(angle)
    }

    /// The image rotated by `degrees` about its centre, white brought in at the corners.
    func rotated(degrees: Double) -> LeptImage? {
        wrap(api.pixRotate(pix, Float(degrees * .pi / 180), Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0))
    }

    /// A binary image without its connected components smaller than `size` both ways (speckle).
    func despeckled(size: Int) -> LeptImage? {
        wrap(api.pixSelectBySize(pix, Int32(size), Int32(size), 8, Int32(L_SELECT_IF_EITHER), Int32(L_SELECT_IF_GTE), nil))
    }

    /// Morphological closing then opening by bricks: with a long thin brick, what remains is lines.
    func closedThenOpened(close: (Int, Int), open: (Int, Int)) -> LeptImage? {
        guard let closed = wrap(api.pixCloseBrick(nil, pix, Int32(close.0), Int32(close.1))) else { return nil }
        return wrap(api.pixOpenBrick(nil, closed.pix, Int32(open.0), Int32(open.1)))
    }

    /// A binary image dilated by a brick.
    func dilated(_ w: Int, _ h: Int) -> LeptImage? { wrap(api.pixDilateBrick(nil, pix, Int32(w), Int32(h))) }

    /// This binary image's ink where `other` has none.
    func subtracting(_ other: LeptImage) -> LeptImage? { wrap(api.pixSubtract(nil, pix, other.pix)) }

    /// The boxes of the 8-connected components of a binary image.
    func components() -> [PixelBox] {
        guard let boxa = api.pixConnComp(pix, nil, 8) else { return [] }
        defer {
            var pointer: UnsafeMutablePointer<BOXA>? = boxa
            api.boxaDestroy(&pointer)
        }
        return (0..<api.boxaGetCount(boxa)).compactMap { i in
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            guard api.boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h) == 0 else { return nil }
            return PixelBox(x: Int(x), y: Int(y), width: Int(w), height: Int(h))
        }
    }

    /// A Leptonica box, to be given to ``destroy(_:)``.
    private func makeBox(_ box: PixelBox) -> UnsafeMutablePointer<BOX>? {
        api.boxCreate(Int32(box.x), Int32(box.y), Int32(box.width), Int32(box.height))
    }

    private func destroy(_ box: UnsafeMutablePointer<BOX>) {
        var pointer: UnsafeMutablePointer<BOX>? = box
        api.boxDestroy(&pointer)
    }

    /// The part of the image inside `box`.
    func clipped(to box: PixelBox) -> LeptImage? {
        guard let b = makeBox(box) else { return nil }
        defer { destroy(b) }
        return wrap(api.pixClipRectangle(pix, b, nil))
    }

    /// The image with a margin of `size` background pixels around it (Tesseract reads a cell better
    /// with white space around its text).
    func bordered(_ size: Int) -> LeptImage? {
        // Background is 0 in a binary image and 255 in a grey one.
        wrap(api.pixAddBorder(pix, Int32(size), api.pixGetDepth(pix) == 1 ? 0 : 255))
    }

    /// A grey copy of this image, white where the binary `mask` has ink (same size).
    func whitened(under mask: LeptImage) -> LeptImage? {
        guard let copy = wrap(api.pixCopy(nil, pix)) else { return nil }
        guard api.pixSetMasked(copy.pix, mask.pix, 255) == 0 else { return nil }
        return copy
    }

    /// A grey copy of this image, white wherever the binary `mask` has no ink (same size): the
    /// paper's grain and JPEG noise gone, the characters' own grey edges kept.
    func whitened(outside mask: LeptImage) -> LeptImage? {
        guard let outside = wrap(api.pixInvert(nil, mask.pix)) else { return nil }
        return whitened(under: outside)
    }

    /// The image scaled by `factor` both ways (smoothly, for grey).
    func scaled(_ factor: Double) -> LeptImage? { wrap(api.pixScale(pix, Float(factor), Float(factor))) }

    /// Sets `box` to background (0 in a binary image, white in a grey one).
    func erase(_ box: PixelBox) {
        guard let b = makeBox(box) else { return }
        defer { destroy(b) }
        if api.pixGetDepth(pix) == 1 { api.pixClearInRect(pix, b) } else { api.pixSetInRect(pix, b) }
    }
}

/// One recognised character with its box in the image given and Tesseract's confidence (0–100).
package struct OCRSymbol: Sendable {
    var text: String
    var confidence: Double
    var box: PixelBox
    /// Whether a new text line starts with this symbol.
    var startsLine: Bool
}

/// How Tesseract is to segment the image it is given.
package enum OCRLayoutMode {
    /// A page: blocks, paragraphs and lines found by Tesseract.
    case page
    /// One uniform block of text (a table cell of several lines).
    case block
    /// Exactly one line of text (a table cell holding a number).
    case line

    /// Whether Tesseract also reads a line inverted (light text on dark) when its reading is
    /// unsure: for a page only. A cell is read from an image whitened outside the ink the
    /// binarisation found, so its text is dark on white or already lost (a shaded cell's light
    /// text is, either way); the second reading of every unsure line there only doubles the cost
    /// of a cell that cannot be read (a page drawn mirrored: 5.6 s against 4.4 s).
    fileprivate var triesInverted: Bool { self == .page }

    fileprivate var mode: TessPageSegMode {
        switch self {
        case .page: return PSM_AUTO
        case .block: return PSM_SINGLE_BLOCK
        case .line: return PSM_SINGLE_LINE
        }
    }
}

/// Why OCR cannot run.
package enum OCRSetupError: Error, Equatable {
    /// libtesseract or liblept cannot be loaded (not installed); the loader's reason.
    case libraryMissing(String)
    /// The trained data of a language is not installed.
    case missingLanguage(String)
}

/// One Tesseract engine for one language: not thread-safe, so one per thread (each document
/// read makes its own).
package final class TesseractEngine {
    private let tess: nb_tess_api
    private let handle: OpaquePointer

    /// Tesseract uses OpenMP threads inside one recognition; nianbao runs documents in parallel
    /// itself (`--jobs`), so each engine keeps to one thread. Must be set before the first engine.
    private static let oneThread: Void = { setenv("OMP_THREAD_LIMIT", "1", 0) }()

    /// An engine for `language` ("eng", "chi_sim"), reading characters from `whitelist` only if given.
    init(language: String, whitelist: String? = nil) throws(OCRSetupError) {
        _ = Self.oneThread
        let tess = try TesseractLibrary.api()
        guard let handle = tess.TessBaseAPICreate() else { throw .missingLanguage(language) }
        // Tesseract reports a missing language on stderr; the caller says it in one line instead.
        tess.TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        guard tess.TessBaseAPIInit3(handle, nil, language) == 0 else {
            tess.TessBaseAPIDelete(handle)
            throw .missingLanguage(language)
        }
        self.tess = tess
        self.handle = handle
        if let whitelist { tess.TessBaseAPISetVariable(handle, "tessedit_char_whitelist", whitelist) }
        tess.TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
    }

    deinit {
        tess.TessBaseAPIEnd(handle)
        tess.TessBaseAPIDelete(handle)
    }

    /// The characters read in `image` (grey or binary), with boxes in its pixels; nothing when
    /// `deadline` passes first (Tesseract stops recognising at it).
    func read(_ image: LeptImage, mode: OCRLayoutMode, resolution: Int, deadline: OCRDeadline = .none) -> [OCRSymbol] {
        guard let milliseconds = deadline.remainingMilliseconds, milliseconds > 0 else { return [] }
        tess.TessBaseAPISetPageSegMode(handle, mode.mode)
        _ = tess.TessBaseAPISetVariable(handle, "tessedit_do_invert", mode.triesInverted ? "1" : "0")
        tess.TessBaseAPISetImage2(handle, image.pix)
        tess.TessBaseAPISetSourceResolution(handle, Int32(max(70, min(1200, resolution))))
        defer { tess.TessBaseAPIClear(handle) }
        guard let monitor = tess.TessMonitorCreate() else { return [] }
        defer { tess.TessMonitorDelete(monitor) }
        tess.TessMonitorSetDeadlineMSecs(monitor, Int32(min(milliseconds, Int(Int32.max))))
        guard tess.TessBaseAPIRecognize(handle, monitor) == 0, !deadline.hasPassed,
            let iterator = tess.TessBaseAPIGetIterator(handle)
        else { return [] }
        defer { tess.TessResultIteratorDelete(iterator) }
        let pageIterator = tess.TessResultIteratorGetPageIterator(iterator)
        var symbols: [OCRSymbol] = []
        repeat {
            guard let cText = tess.TessResultIteratorGetUTF8Text(iterator, RIL_SYMBOL) else { continue }
            let text = String(cString: cText)
            tess.TessDeleteText(cText)
            var l: Int32 = 0, t: Int32 = 0, r: Int32 = 0, b: Int32 = 0
            guard tess.TessPageIteratorBoundingBox(pageIterator, RIL_SYMBOL, &l, &t, &r, &b) != 0 else { continue }
            let confidence = Double(tess.TessResultIteratorConfidence(iterator, RIL_SYMBOL))
            let startsLine = tess.TessPageIteratorIsAtBeginningOf(pageIterator, RIL_TEXTLINE) != 0
            symbols.append(OCRSymbol(
                text: text, confidence: confidence.isFinite ? confidence : 0,
                box: PixelBox(x: Int(l), y: Int(t), width: Int(r - l), height: Int(b - t)), startsLine: startsLine))
        } while tess.TessResultIteratorNext(iterator, RIL_SYMBOL) != 0
        return symbols
    }
}

/// When the OCR of a page must stop (`--timeout`, per page): nothing is read after it.
package struct OCRDeadline: Sendable {
    /// Seconds since the reference date of `Date`, or nil for no limit.
    let end: Double?

    static let none = OCRDeadline(end: nil)

    /// `seconds` from now (a limit that is not a positive finite number of seconds is none).
    static func after(seconds: Double) -> OCRDeadline {
        guard seconds.isFinite, seconds > 0 else { return .none }
        return OCRDeadline(end: Date().timeIntervalSinceReferenceDate + seconds)
    }

    /// A deadline already past: every read gives nothing (tests).
    static let passed = OCRDeadline(end: -Double.greatestFiniteMagnitude)

    var hasPassed: Bool { end.map { Date().timeIntervalSinceReferenceDate >= $0 } ?? false }

    /// Milliseconds left (a day when there is no limit), or 0 when past.
    var remainingMilliseconds: Int? {
        guard let end else { return 86_400_000 }
        let left = (end - Date().timeIntervalSinceReferenceDate) * 1000
        return left.isFinite && left > 0 ? Int(min(left, 86_400_000)) : 0
    }
}
