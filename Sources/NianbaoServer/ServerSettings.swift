import Foundation

/// How `nianbao serve` listens and what it accepts.
public struct ServerSettings: Sendable {
    /// The address listened on; 127.0.0.1 by default, so that only this computer can connect.
    public var host: String
    public var port: Int
    /// The largest upload accepted, in bytes; a larger one is answered 413.
    public var maxUploadBytes: Int
    /// How many conversions run at once.
    public var concurrentConversions: Int
    /// How many conversions may wait for one of those places; beyond them a request is answered 503.
    public var queueLength: Int
    /// Seconds a conversion may take, and each request of a URL input: beyond it the request is
    /// answered 504 (the conversion keeps its place until it ends, see ``ConversionLimiter``).
    public var timeLimit: Double
    /// Whether URL inputs may be fetched from loopback, private, link-local and reserved addresses
    /// (`--allow-private-urls`); by default only public addresses are (checked after DNS
    /// resolution, on every redirect).
    public var allowsPrivateURLs: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 50 << 20,
        concurrentConversions: Int = ProcessInfo.processInfo.activeProcessorCount, queueLength: Int? = nil,
        timeLimit: Double = 120, allowsPrivateURLs: Bool = false
    ) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.concurrentConversions = max(1, concurrentConversions)
        self.queueLength = max(0, queueLength ?? 2 * self.concurrentConversions)
        self.timeLimit = timeLimit.isFinite && timeLimit > 0 ? timeLimit : 120
        self.allowsPrivateURLs = allowsPrivateURLs
    }
}
