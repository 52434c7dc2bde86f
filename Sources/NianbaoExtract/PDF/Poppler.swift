import CPoppler
import Foundation
import NianbaoDocument
import NianbaoSupport

/// Every poppler-glib, GLib and cairo call of the project, behind a small Swift API that owns the
/// memory: documents and pages are released, strings freed, GErrors turned into ``PDFError``s.
package final class PopplerDocument {
    private let document: OpaquePointer
    let pageCount: Int

    /// Opens a PDF held in memory (GBytes holds a copy of the bytes for poppler).
    ///
    /// With a password, the bytes go through a private temporary file: poppler 22.12 crashes when a
    /// wrong password is given to a document opened from memory, but not from a file.
    init(bytes: [UInt8], password: String?) throws(PDFError) {
        var error: UnsafeMutablePointer<GError>?
        let opened: OpaquePointer?
        if let password {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-\(UUID().uuidString).pdf").path
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw .unreadable("cannot write a temporary copy to try the password")
            }
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard let uri = g_filename_to_uri(path, nil, nil) else { throw .unreadable("cannot name the temporary copy") }
            defer { nianbao_g_free(uri) }
            opened = poppler_document_new_from_file(uri, password, &error)
        } else {
            let gbytes = bytes.withUnsafeBytes { buffer in g_bytes_new(buffer.baseAddress, gsize(buffer.count)) }
            defer { g_bytes_unref(gbytes) }
            opened = poppler_document_new_from_bytes(gbytes, nil, &error)
        }
        guard let document = opened else {
            defer { if error != nil { g_error_free(error) } }
            guard let error else { throw .unreadable("poppler could not open it") }
            let message = error.pointee.message.map { String(cString: $0) } ?? ""
            if error.pointee.domain == nianbao_poppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw password == nil ? .encrypted : .wrongPassword
            }
            throw .unreadable(message.isEmpty ? "poppler could not open it" : message)
        }
        self.document = document
        pageCount = Int(poppler_document_get_n_pages(document))
    }

    deinit { nianbao_g_object_unref(UnsafeMutableRawPointer(document)) }

    /// The title in the document's information dictionary.
    var title: String? { takeString(poppler_document_get_title(document)) }

    /// The page's size in points and its characters with their boxes (origin top-left).
    func glyphs(ofPage index: Int) -> (width: Double, height: Double, glyphs: [Glyph]) {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return (0, 0, []) }
        defer { nianbao_g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        let text = takeString(poppler_page_get_text(page)) ?? ""
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(page, &rectangles, &count) != 0, let rectangles else { return (width, height, []) }
        defer { nianbao_g_free(rectangles) }
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(Int(count))
        // poppler gives one rectangle per character of the page text, in order.
        for (i, scalar) in text.unicodeScalars.enumerated() where i < Int(count) {
            let r = rectangles[i]
            glyphs.append(Glyph(scalar: scalar, x0: r.x1, y0: r.y1, x1: r.x2, y1: r.y2))
        }
        return (width, height, glyphs)
    }

    /// The page rendered in grey levels (0 black … 255 white), `scale` pixels per point.
    func render(page index: Int, scale: Double) -> GrayImage? {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return nil }
        defer { nianbao_g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        guard let (w, h) = Self.pixelSize(width: width, height: height, scale: scale), Int(w) * Int(h) <= Self.maxRenderPixels else { return nil }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { return nil }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        poppler_page_render(page, cr)
        cairo_destroy(cr)
        guard let (pw, ph, pixels) = Self.greyPixels(of: surface) else { return nil }
        return GrayImage(width: pw, height: ph, scale: scale, pixels: pixels)
    }

    /// The pixels of a cairo image surface (RGB24, or ARGB32 over white) in grey levels, row by row.
    private static func greyPixels(of surface: OpaquePointer) -> (width: Int, height: Int, pixels: [UInt8])? {
        cairo_surface_flush(surface)
        let format = cairo_image_surface_get_format(surface)
        guard format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_ARGB32, let data = cairo_image_surface_get_data(surface) else { return nil }
        let alpha = format == CAIRO_FORMAT_ARGB32
        let stride = Int(cairo_image_surface_get_stride(surface))
        let (pw, ph) = (Int(cairo_image_surface_get_width(surface)), Int(cairo_image_surface_get_height(surface)))
        guard pw > 0, ph > 0, pw * ph <= maxRenderPixels, stride >= pw * 4 else { return nil }
        let pixels = [UInt8](unsafeUninitializedCapacity: pw * ph) { buffer, count in
            for y in 0..<ph {
                let row = data + y * stride
                for x in 0..<pw {
                    let p = row + x * 4
                    // BGRx (BGRA, premultiplied) in memory on little-endian machines; over white.
                    let grey = (Int(p[0]) + Int(p[1]) * 2 + Int(p[2])) / 4 + (alpha ? 255 - Int(p[3]) : 0)
                    buffer[y * pw + x] = UInt8(min(255, grey))
                }
            }
            count = pw * ph
        }
        return (pw, ph, pixels)
    }

    /// The image a scanned page is made of, at its own resolution: the page's only image, drawn
    /// over (nearly) all of it, upright, with at least `minDPI` and at most `maxDPI` pixels per inch,
    /// and matching a coarse rendering of the page (so that an image drawn turned or flipped, or
    /// under other ink, is not taken); nil otherwise (the page is then rendered).
    func scannedImage(page index: Int, minDPI: Double, maxDPI: Double) -> GrayImage? {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return nil }
        defer { nianbao_g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        guard let list = poppler_page_get_image_mapping(page) else { return nil }
        defer { poppler_page_free_image_mapping(list) }
        guard list.pointee.next == nil, let data = list.pointee.data else { return nil }
        let mapping = data.assumingMemoryBound(to: PopplerImageMapping.self).pointee
        let area = (x0: mapping.area.x1, y0: mapping.area.y1, x1: mapping.area.x2, y1: mapping.area.y2)
        guard let surface = poppler_page_get_image(page, mapping.image_id) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard let scale = Self.scanScale(
            page: (width, height), area: area,
            pixels: (Int(cairo_image_surface_get_width(surface)), Int(cairo_image_surface_get_height(surface))),
            dpi: minDPI...maxDPI),
            let (pw, ph, pixels) = Self.greyPixels(of: surface)
        else { return nil }
        let image = GrayImage(width: pw, height: ph, scale: scale, pixels: pixels)
        guard let coarse = render(page: index, scale: Self.checkScale),
            Self.matches(image, drawnAt: area, coarse: coarse)
        else { return nil }
        return image
    }

    /// Where the page draws images, in points from its top left (clipped to the page): poppler's
    /// image mapping, which places the images without decoding them.
    func imageAreas(page index: Int) -> [SourceLocation.Box] {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return [] }
        defer { nianbao_g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        guard let list = poppler_page_get_image_mapping(page) else { return [] }
        defer { poppler_page_free_image_mapping(list) }
        var areas: [SourceLocation.Box] = []
        var node: UnsafeMutablePointer<GList>? = list
        while let current = node {
            if let data = current.pointee.data {
                let area = data.assumingMemoryBound(to: PopplerImageMapping.self).pointee.area
                let box = SourceLocation.Box(x0: max(0, area.x1), y0: max(0, area.y1), x1: min(width, area.x2), y1: min(height, area.y2))
                if [box.x0, box.y0, box.x1, box.y1].allSatisfy(\.isFinite), box.x1 > box.x0, box.y1 > box.y0 { areas.append(box) }
            }
            node = current.pointee.next
        }
        return areas
    }

    /// Pixels per point of the coarse rendering a scanned page's image is checked against.
    static let checkScale = 0.5

    /// The pixels per point of an image of `pixels` drawn over `area` of a page of size `page`, when
    /// it covers at least 90% of the page, is drawn upright with about the same resolution across
    /// and down (within 3%), that resolution in `dpi`, and it has at most ``maxRenderPixels``.
    package static func scanScale(
        page: (width: Double, height: Double), area: (x0: Double, y0: Double, x1: Double, y1: Double),
        pixels: (width: Int, height: Int), dpi: ClosedRange<Double>
    ) -> Double? {
        let values = [page.width, page.height, area.x0, area.y0, area.x1, area.y1]
        guard values.allSatisfy(\.isFinite), page.width > 0, page.height > 0, area.x1 > area.x0, area.y1 > area.y0,
            pixels.width > 0, pixels.height > 0, pixels.width <= 30_000, pixels.height <= 30_000, pixels.width * pixels.height <= maxRenderPixels
        else { return nil }
        let covered = (min(area.x1, page.width) - max(area.x0, 0)) * (min(area.y1, page.height) - max(area.y0, 0))
        guard min(area.x1, page.width) > max(area.x0, 0), min(area.y1, page.height) > max(area.y0, 0),
            covered >= 0.9 * page.width * page.height
        else { return nil }
        let across = Double(pixels.width) / (area.x1 - area.x0), down = Double(pixels.height) / (area.y1 - area.y0)
        guard abs(across - down) <= 0.03 * max(across, down) else { return nil }
        let scale = (across + down) / 2
        return dpi.contains(scale * 72) ? scale : nil
    }

    /// Whether `image`, drawn over `area` (points), looks like the page rendered `coarse`: the grey
    /// levels of the rendering's pixels inside the area and of the image's pixels averaged over each
    /// of them correlate (≥ 0.8); not for a page of one grey level.
    static func matches(_ image: GrayImage, drawnAt area: (x0: Double, y0: Double, x1: Double, y1: Double), coarse: GrayImage) -> Bool {
        let s = coarse.scale
        let gx0 = max(0, Int((area.x0 * s).rounded(.up))), gy0 = max(0, Int((area.y0 * s).rounded(.up)))
        let gx1 = min(coarse.width, Int((area.x1 * s).rounded(.down))), gy1 = min(coarse.height, Int((area.y1 * s).rounded(.down)))
        guard gx1 - gx0 >= 8, gy1 - gy0 >= 8 else { return false }
        let (gw, gh) = (gx1 - gx0, gy1 - gy0)
        var sums = [Int](repeating: 0, count: gw * gh), counts = [Int](repeating: 0, count: gw * gh)
        let perX = (area.x1 - area.x0) * s / Double(image.width), perY = (area.y1 - area.y0) * s / Double(image.height)
        let offX = area.x0 * s - Double(gx0), offY = area.y0 * s - Double(gy0)
        let columns = (0..<image.width).map { Int((offX + (Double($0) + 0.5) * perX).rounded(.down)) }
        for y in 0..<image.height {
            let gy = Int((offY + (Double(y) + 0.5) * perY).rounded(.down))
            guard gy >= 0, gy < gh else { continue }
            for x in 0..<image.width {
                let gx = columns[x]
                guard gx >= 0, gx < gw else { continue }
                sums[gy * gw + gx] += Int(image.pixels[y * image.width + x])
                counts[gy * gw + gx] += 1
            }
        }
        var a: [Double] = [], b: [Double] = []
        for gy in 0..<gh {
            for gx in 0..<gw where counts[gy * gw + gx] > 0 {
                a.append(Double(sums[gy * gw + gx]) / Double(counts[gy * gw + gx]))
                b.append(Double(coarse.pixels[(gy + gy0) * coarse.width + gx + gx0]))
            }
        }
        return correlation(a, b).map { $0 >= 0.8 } ?? false
    }

    /// Pearson's correlation of two series of the same length; nil when one is constant.
    static func correlation(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == b.count, a.count > 1 else { return nil }
        let n = Double(a.count), ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        guard saa > 0, sbb > 0 else { return nil }
        return sab / (saa * sbb).squareRoot()
    }

    /// The most pixels a page is rendered with to find its rulings (a larger page is read from its
    /// text alone): A4 at 1.5 px/pt is 2.2 million.
    static let maxRenderPixels = 40_000_000
    /// The most pixels of an overlay image: a larger page is drawn at a smaller scale.
    package static let maxOverlayPixels = 20_000_000
    /// cairo's largest image side.
    static let maxSide = 32_767.0

    /// A page's size in pixels at `scale`, or nil when it is not a finite, positive size cairo can
    /// make (checked before any conversion to integers: a page may claim to be 2e9 pt wide).
    package static func pixelSize(width: Double, height: Double, scale: Double) -> (Int32, Int32)? {
        let w = (width * scale).rounded(.up), h = (height * scale).rounded(.up)
        guard w.isFinite, h.isFinite, w >= 1, h >= 1, w <= maxSide, h <= maxSide else { return nil }
        return (Int32(w), Int32(h))
    }

    /// The scale and pixel size an overlay of a `width` × `height` pt page is drawn with: `scale`,
    /// or less so that the image has at most ``maxOverlayPixels`` and fits cairo (a 16,000 pt square
    /// page would otherwise take 4 GB); nil for a page without a usable size.
    package static func overlaySize(width: Double, height: Double, scale: Double) -> (scale: Double, width: Int32, height: Int32)? {
        guard width.isFinite, height.isFinite, width > 0, height > 0 else { return nil }
        let fitted = min(scale, (Double(maxOverlayPixels) / width / height).squareRoot(), maxSide / width, maxSide / height)
        let w = min(max((width * fitted).rounded(.down), 1), maxSide), h = min(max((height * fitted).rounded(.down), 1), maxSide)
        return (fitted, Int32(w), Int32(h))
    }

    /// Writes the page rendered at `scale` (less for a large page: ``overlaySize(width:height:scale:)``)
    /// with `shapes` drawn over it to a PNG file.
    func writeOverlay(page index: Int, scale: Double, shapes: [OverlayShape], to path: String) -> Bool {
        drawOverlay(page: index, scale: scale, shapes: shapes) { surface in
            cairo_surface_write_to_png(surface, path) == CAIRO_STATUS_SUCCESS
        } ?? false
    }

    /// The page rendered at `scale` (less for a large page) with `shapes` drawn over it, as PNG
    /// bytes in memory, and the image's size in pixels; nil when the page cannot be drawn.
    func overlayPNG(page index: Int, scale: Double, shapes: [OverlayShape]) -> (png: [UInt8], width: Int, height: Int)? {
        let result: (png: [UInt8], width: Int, height: Int)?? = drawOverlay(page: index, scale: scale, shapes: shapes) { surface in
            let sink = PNGSink()
            let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
            guard status == CAIRO_STATUS_SUCCESS else { return nil }
            return (sink.bytes, Int(cairo_image_surface_get_width(surface)), Int(cairo_image_surface_get_height(surface)))
        }
        return result ?? nil
    }

    /// Draws the page and `shapes` on an image surface and hands it to `output`; nil when the page
    /// has no usable size or cairo cannot make the surface.
    private func drawOverlay<T>(page index: Int, scale: Double, shapes: [OverlayShape], output: (OpaquePointer) -> T) -> T? {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return nil }
        defer { nianbao_g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        guard let (scale, w, h) = Self.overlaySize(width: width, height: height, scale: scale),
            let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h)
        else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { return nil }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        poppler_page_render(page, cr)
        cairo_set_line_width(cr, 0.8)
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, 6)
        for shape in shapes {
            cairo_set_source_rgba(cr, shape.color.0, shape.color.1, shape.color.2, 0.8)
            if let label = shape.label {
                cairo_move_to(cr, shape.x0, shape.y1)
                cairo_show_text(cr, label)
            } else if shape.x0 == shape.x1 || shape.y0 == shape.y1 {
                cairo_move_to(cr, shape.x0, shape.y0)
                cairo_line_to(cr, shape.x1, shape.y1)
                cairo_stroke(cr)
            } else {
                cairo_rectangle(cr, shape.x0, shape.y0, shape.x1 - shape.x0, shape.y1 - shape.y0)
                cairo_stroke(cr)
            }
        }
        cairo_surface_flush(surface)
        return output(surface)
    }

    private func takeString(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
        guard let pointer else { return nil }
        defer { nianbao_g_free(pointer) }
        return String(cString: pointer)
    }
}

/// Errors of reading a PDF, turned into ``NianbaoError`` by the extractor.
package enum PDFError: Error, Equatable {
    case encrypted
    case wrongPassword
    case unreadable(String)
}

/// One character on a page and its box in points, origin at the top left.
package struct Glyph: Sendable, Equatable {
    var scalar: Unicode.Scalar
    var x0: Double, y0: Double, x1: Double, y1: Double

    var midX: Double { (x0 + x1) / 2 }
    var midY: Double { (y0 + y1) / 2 }
    var height: Double { y1 - y0 }
    var width: Double { x1 - x0 }
}

/// The bytes cairo writes a PNG in, one piece after another.
private final class PNGSink {
    var bytes: [UInt8] = []
}

/// A line, box or label drawn over a page by `extract --overlay` (points, origin top left).
package struct OverlayShape: Sendable {
    var x0: Double, y0: Double, x1: Double, y1: Double
    var color: (Double, Double, Double)
    var label: String?
}

/// A page rendered in grey levels, for finding table rulings.
package struct GrayImage: Sendable {
    var width: Int
    var height: Int
    /// Pixels per point.
    var scale: Double
    var pixels: [UInt8]

    /// Grey levels below this are ink: thin grey rulings drawn anti-aliased come out near 200.
    static let darkThreshold: UInt8 = 215
}
