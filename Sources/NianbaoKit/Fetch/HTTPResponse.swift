/// A complete HTTP response: where it ended up, its status, headers and body.
public struct HTTPResponse: Sendable {
    /// The final address, after redirects.
    public var url: String
    public var status: Int
    /// Header fields, names lowercased.
    public var headers: [String: String]
    public var body: [UInt8]
    /// The addresses redirected from, in order.
    public var redirects: [String]

    public init(url: String, status: Int, headers: [String: String], body: [UInt8], redirects: [String] = []) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
        self.redirects = redirects
    }

    public var contentType: String? { headers["content-type"] }
    /// The charset the Content-Type names, if any.
    public var charset: String? { contentType.flatMap(HTMLCharset.charset(fromContentType:)) }
    public var isSuccess: Bool { (200..<300).contains(status) }
    /// Retry-After in seconds, when given as a number.
    public var retryAfter: Double? { headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
}
