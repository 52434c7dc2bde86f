import Foundation

/// The report of a `multipart/form-data` upload (RFC 7578): the one part named `file`, its bytes,
/// and the name and media type its headers give (labels only, never a path). A small strict
/// reader of a body already in memory (the upload limit applies to the whole body): anything
/// else than well-formed parts between the boundary's delimiters is refused with a one-line reason.
struct MultipartForm: Sendable {
    var bytes: [UInt8]
    /// The part's `filename` (or `filename*`), its last path component; nil when it gives none.
    var filename: String?
    /// The part's Content-Type, e.g. `application/pdf`.
    var contentType: String?

    /// The name of the part that holds the report.
    static let fileField = "file"

    /// Whether `contentType` is `multipart/form-data` (with or without parameters).
    static func isMultipart(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "multipart/form-data"
    }

    /// The part named `file` of `body`, sent with `contentType`.
    static func file(in body: [UInt8], contentType: String) throws(MultipartError) -> MultipartForm {
        let boundary = try boundary(of: contentType)
        var found: MultipartForm?
        for part in try parts(of: body, boundary: boundary) {
            let disposition = try part.disposition()
            guard disposition.name == fileField else { continue }
            guard found == nil else { throw .malformed("two parts named \"file\"; send one report a request") }
            found = MultipartForm(bytes: part.content, filename: disposition.filename, contentType: part.headers["content-type"])
        }
        guard let found else { throw .malformed("no part named \"file\" (the report goes in a part with name=\"file\")") }
        return found
    }

    /// The `boundary` parameter of the Content-Type: 1 to 70 characters (RFC 2046).
    static func boundary(of contentType: String) throws(MultipartError) -> [UInt8] {
        let parameters = HeaderParameters.parse(contentType.split(separator: ";", maxSplits: 1).dropFirst().first.map(String.init) ?? "")
        guard let boundary = parameters["boundary"], !boundary.isEmpty else {
            throw .malformed("multipart/form-data without a boundary parameter in its Content-Type")
        }
        guard boundary.utf8.count <= 70, boundary.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw .malformed("the multipart boundary must be 1 to 70 printable ASCII characters")
        }
        return Array(boundary.utf8)
    }

    /// The parts between the first delimiter (`--boundary`, at the start or after a line break: a
    /// preamble before it is skipped) and the close delimiter (`--boundary--`); what follows that is
    /// an epilogue and skipped.
    static func parts(of body: [UInt8], boundary: [UInt8]) throws(MultipartError) -> [Part] {
        let dashes = Array("--".utf8), crlf = Array("\r\n".utf8)
        // Every delimiter is "\r\n--boundary"; the first may begin the body without its line break.
        var delimiters = ByteSearch.occurrences(of: crlf + dashes + boundary, in: body).map { (start: $0, end: $0 + boundary.count + 4) }
        if body.starts(with: dashes + boundary) { delimiters.insert((start: 0, end: boundary.count + 2), at: 0) }
        guard !delimiters.isEmpty else { throw .malformed("the body holds no multipart delimiter (--boundary)") }
        var parts: [Part] = []
        for (index, delimiter) in delimiters.enumerated() {
            var position = delimiter.end
            if body[position...].starts(with: dashes) { return parts }
            // Transport padding (spaces, tabs) may follow a delimiter before its line break.
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            guard body[position...].starts(with: crlf) else {
                throw .malformed("a multipart delimiter is not followed by a line break or --")
            }
            guard index + 1 < delimiters.count else { break }
            parts.append(try Part(body[(position + 2)..<delimiters[index + 1].start]))
        }
        throw .malformed("the multipart body is truncated: it has no close delimiter (--boundary--)")
    }

    /// One part: its headers (names lowercased) and content.
    struct Part {
        var headers: [String: String]
        var content: [UInt8]

        /// The most header lines a part may have.
        static let maxHeaders = 16

        init(_ bytes: ArraySlice<UInt8>) throws(MultipartError) {
            let separator = Array("\r\n\r\n".utf8)
            // A part without headers starts with its blank line.
            let end: Int
            if bytes.starts(with: Array("\r\n".utf8)) {
                end = bytes.startIndex
            } else {
                guard let found = ByteSearch.occurrences(of: separator, in: Array(bytes.prefix(16_384))).first else {
                    throw .malformed("a multipart part has no blank line after its headers")
                }
                end = bytes.startIndex + found + 2
            }
            headers = [:]
            let lines = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            guard lines.count <= Self.maxHeaders else { throw .malformed("a multipart part has more than \(Self.maxHeaders) header lines") }
            for line in lines {
                guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else {
                    throw .malformed("a multipart part has a header line without a name and colon")
                }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                guard headers[name] == nil else { throw .malformed("a multipart part has two \(name) headers") }
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            content = Array(bytes[(end + 2)...])
        }

        /// The part's `Content-Disposition: form-data; name=…; filename=…`.
        func disposition() throws(MultipartError) -> (name: String, filename: String?) {
            guard let value = headers["content-disposition"] else { throw .malformed("a multipart part has no Content-Disposition header") }
            let kind = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard kind == "form-data" else { throw .malformed("a multipart part's Content-Disposition is not form-data") }
            let parameters = HeaderParameters.parse(value.split(separator: ";", maxSplits: 1).dropFirst().first.map(String.init) ?? "")
            guard let name = parameters["name"] else { throw .malformed("a multipart part's Content-Disposition has no name") }
            let filename = parameters["filename*"].flatMap(HeaderParameters.extendedValue) ?? parameters["filename"]
            return (name, filename.flatMap(Self.lastComponent))
        }

        /// The last component of a name a browser may send with its folders (`C:\a\b.pdf`, `a/b.pdf`):
        /// the name is a label, never a path; nil when nothing is left.
        static func lastComponent(_ name: String) -> String? {
            let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
            return last.isEmpty || last == "." || last == ".." ? nil : last
        }
    }
}

/// Why a multipart body was refused (a 400).
enum MultipartError: Error, Equatable {
    case malformed(String)

    var message: String {
        switch self {
        case let .malformed(reason): return "malformed multipart/form-data upload: " + reason
        }
    }
}

/// `; name=value; name="quoted value"` parameters of a header (names lowercased; of a name given
/// twice, the first).
enum HeaderParameters {
    static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var scalars = Substring(text).unicodeScalars[...]
        while !scalars.isEmpty {
            while let first = scalars.first, first == ";" || first == " " || first == "\t" { scalars.removeFirst() }
            let name = String(String.UnicodeScalarView(scalars.prefix { $0 != "=" && $0 != ";" })).trimmingCharacters(in: .whitespaces).lowercased()
            scalars = scalars.drop { $0 != "=" && $0 != ";" }
            guard scalars.first == "=" else { continue }
            scalars.removeFirst()
            while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
            var value = String.UnicodeScalarView()
            if scalars.first == "\"" {
                scalars.removeFirst()
                // No backslash escapes: browsers send a Windows path's backslashes as they are and a
                // quote as %22 (HTML's form encoding), so a backslash is itself.
                while let scalar = scalars.popFirst(), scalar != "\"" { value.append(scalar) }
                scalars = scalars.drop { $0 != ";" }
            } else {
                value.append(contentsOf: scalars.prefix { $0 != ";" })
                scalars = scalars.drop { $0 != ";" }
            }
            let text = String(value).trimmingCharacters(in: .whitespaces)
            if !name.isEmpty, result[name] == nil { result[name] = text }
        }
        return result
    }

    /// An RFC 5987 value (`UTF-8''%E6%B4%AA.pdf`), decoded; nil for another charset or bad encoding.
    static func extendedValue(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}

/// Where a byte pattern occurs in bytes, in linear time (Knuth–Morris–Pratt): a body of repeated
/// near-delimiters costs no more than any other.
enum ByteSearch {
    static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> [Int] {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return [] }
        var failure = [Int](repeating: 0, count: pattern.count)
        var k = 0
        for i in 1..<pattern.count {
            while k > 0, pattern[i] != pattern[k] { k = failure[k - 1] }
            if pattern[i] == pattern[k] { k += 1 }
            failure[i] = k
        }
        var found: [Int] = []
        k = 0
        for (i, byte) in bytes.enumerated() {
            while k > 0, byte != pattern[k] { k = failure[k - 1] }
            if byte == pattern[k] { k += 1 }
            if k == pattern.count {
                found.append(i - k + 1)
                k = failure[k - 1]
            }
        }
        return found
    }
}

extension Upload {
    /// The report a request's body holds: the body itself, named `name`; or, for a
    /// `multipart/form-data` body, its part named `file`, named by `filename` (the query's) when
    /// given, else by the part's filename (its last component, a label only), else by its Content-Type.
    static func received(_ body: [UInt8], name: String, filename: String?, contentType: String?) throws(APIError) -> Upload {
        guard MultipartForm.isMultipart(contentType), let contentType else { return Upload(bytes: body, name: name) }
        let form: MultipartForm
        do throws(MultipartError) {
            form = try MultipartForm.file(in: body, contentType: contentType)
        } catch {
            throw .badRequest(error.message)
        }
        return Upload(bytes: form.bytes, name: try Upload.name(filename: filename ?? form.filename, contentType: form.contentType))
    }
}
