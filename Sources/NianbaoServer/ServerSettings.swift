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

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 50 << 20,
        concurrentConversions: Int = ProcessInfo.processInfo.activeProcessorCount, queueLength: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.concurrentConversions = max(1, concurrentConversions)
        self.queueLength = max(0, queueLength ?? 2 * self.concurrentConversions)
    }
}
