import Foundation
import NianbaoDocument
import NianbaoExtract
import NianbaoSupport
import NianbaoTemplate

/// The pictures in the main content of a fetched HTML page, fetched to be read by OCR in place
/// (a page whose tables were pasted as screenshots), as a local page's are read from the files
/// beside it. They are fetched as the page's attachment is: by the same fetcher (its politeness,
/// time and size limits, redirects), only http(s) addresses, each relative `src` resolved against
/// the page's address, and at most ``ConversionOptions/maxPictures`` a page; a picture the page
/// holds as a `data:` address is decoded, not fetched, and not counted. A picture that cannot
/// be had (an error status, a failed request, a response that is no PNG, JPEG or TIFF image, one
/// over the limit) is left out with a diagnostic naming it; nothing is guessed in its place.
public struct PagePictures: Codable, Equatable, Sendable {
    /// One `<img>` of the main content.
    public struct Picture: Codable, Equatable, Sendable {
        /// The `src` as written in the page.
        public var source: String
        /// The address it names, resolved against the page's; nil when it is not http(s).
        public var url: String?
        /// The `<img>`'s line in the page.
        public var line: Int
        /// The image, once fetched.
        public var bytes: Data?
        /// Why it is not read, once that is known.
        public var failure: String?
    }

    /// In the order the page shows them, each `src` once.
    public var pictures: [Picture]

    /// The pictures of `page`'s main content, not fetched yet; empty for a page without any.
    static func wanted(in page: ReaderInput) -> PagePictures {
        guard HTMLImageOCR.mentionsImage(page.bytes) else { return PagePictures(pictures: []) }
        var seen = Set<String>()
        var pictures: [Picture] = []
        for (source, line) in HTMLImageOCR.pictures(of: page.bytes, charset: page.charset, url: page.url, source: page.source(.html)) {
            guard seen.insert(source).inserted else { continue }
            pictures.append(Picture(source: source, url: resolved(source, against: page.url), line: line))
        }
        return PagePictures(pictures: pictures)
    }

    /// The http(s) address `source` names relative to `page`, resolved as the page's links are
    /// (``HTMLLink/resolve(_:against:)``: spaces and Chinese names percent-encoded) and
    /// normalised; nil for any other kind (`data:`, `ftp:`, `file:`).
    static func resolved(_ source: String, against page: String?) -> String? {
        guard let page, let absolute = HTMLLink.resolve(source, against: page) else { return nil }
        return WebAddress.normalized(absolute)
    }

    /// The pictures fetched with `get` one after another, the first `limit` http(s) ones; each
    /// address once.
    public func fetched(limit: Int, get: (String) async throws(NianbaoError) -> HTTPResponse) async -> PagePictures {
        var result = self
        var done: [String: (Data?, String?)] = [:]
        var requested = 0
        for i in result.pictures.indices {
            if DataURI.isDataURI(result.pictures[i].source) {
                (result.pictures[i].bytes, result.pictures[i].failure) = Self.embedded(result.pictures[i].source)
                continue
            }
            guard let url = result.pictures[i].url else {
                result.pictures[i].failure = "not fetched: only http(s) addresses are"
                continue
            }
            if done[url] == nil {
                guard requested < limit else {
                    result.pictures[i].failure = "not fetched: a page's pictures are fetched up to \(limit)"
                    continue
                }
                requested += 1
                done[url] = await Self.fetch(url, get: get)
            }
            (result.pictures[i].bytes, result.pictures[i].failure) = done[url] ?? (nil, nil)
        }
        return result
    }

    /// One picture: its image, or why there is none.
    static func fetch(_ url: String, get: (String) async throws(NianbaoError) -> HTTPResponse) async -> (Data?, String?) {
        do throws(NianbaoError) {
            let response = try await get(url)
            guard response.isSuccess else { return (nil, "the server answered HTTP \(response.status)") }
            guard ImageExtractor.isImage(response.body) else {
                return (nil, "not a PNG, JPEG or TIFF image (\(response.contentType ?? "no Content-Type"), \(response.body.count) bytes)")
            }
            return (Data(response.body), nil)
        } catch {
            return (nil, error.description)
        }
    }

    /// A picture the page holds as a `data:` address (no request made, none counted against the
    /// limit): its image, or why there is none.
    static func embedded(_ source: String) -> (Data?, String?) {
        guard let picture = DataURI(source, maxBytes: .max) else { return (nil, "its data: address does not decode") }
        guard ImageExtractor.isImage(picture.bytes) else { return (nil, "\(picture.name) is not a PNG, JPEG or TIFF image") }
        return (Data(picture.bytes), nil)
    }

    /// The fetched images, by `src` as written.
    var images: [String: [UInt8]] {
        var images: [String: [UInt8]] = [:]
        for picture in pictures { if let bytes = picture.bytes { images[picture.source] = Array(bytes) } }
        return images
    }

    /// A diagnostic for each picture not read: a warning, or a note for an address that is not
    /// http(s) (`ftp:`, `file:`), which no fetch could have read.
    var diagnostics: [Diagnostic] {
        pictures.compactMap { picture in
            guard let failure = picture.failure else { return nil }
            let embedded = DataURI.isDataURI(picture.source)
            let name = picture.url.map { WebAddress.withoutUserinfo($0) } ?? (embedded ? "data:…" : String(picture.source.prefix(120)))
            return Diagnostic(
                picture.url == nil && !embedded ? .info : .warning, .pictureUnread,
                "the picture \(name) (line \(picture.line)) was not read: \(failure); any table in it is absent, its cells null",
                at: SourceLocation(line: picture.line))
        }
    }
}
