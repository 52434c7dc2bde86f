import Foundation
import NianbaoCorpus

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
    /// answered 504 (a worker is killed; a conversion in this process keeps its place until it ends).
    public var timeLimit: Double
    /// Whether URL inputs may be fetched from loopback, private, link-local and reserved addresses
    /// (`--allow-private-urls`); by default only public addresses are (checked after DNS
    /// resolution, on every redirect).
    public var allowsPrivateURLs: Bool
    /// The worker processes conversions run in (`nianbao serve`); nil runs them in this process,
    /// where one over the time limit is answered 504 but runs on and keeps its place until it ends
    /// (for a converter with readers of its own, which a worker does not have).
    public var workers: WorkerSetup?
    /// The corpus the pages under /corpus show (`--db`, opened read-only); nil: no such pages.
    public var corpus: CorpusCatalog? = nil

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 50 << 20,
        concurrentConversions: Int = ProcessInfo.processInfo.activeProcessorCount, queueLength: Int? = nil,
        timeLimit: Double = 120, allowsPrivateURLs: Bool = false, workers: WorkerSetup? = nil
    ) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.concurrentConversions = max(1, concurrentConversions)
        self.queueLength = max(0, queueLength ?? 2 * self.concurrentConversions)
        self.timeLimit = timeLimit.isFinite && timeLimit > 0 ? timeLimit : 120
        self.allowsPrivateURLs = allowsPrivateURLs
        self.workers = workers
    }
}
