import Foundation
import NianbaoKit
#if canImport(Glibc)
import Glibc
#endif

/// How `nianbao serve` runs conversions in worker processes (`nianbao _worker`, as batches do):
/// each upload or fetched response is saved in a private temporary folder (mode 0700, removed
/// afterwards whatever happens) and read by a warm worker, within the time limit and `megabytes`;
/// a worker over either is killed and reaped, so its place is free again, and one that crashes
/// costs only its own request. A worker serves at most `conversionsPerWorker` requests, and none
/// after a fault or a failed conversion: then a fresh one is started for the next request.
public struct WorkerSetup: Sendable {
    /// The nianbao executable a worker runs (`_worker`).
    public var executable: String
    /// The resident set a worker may hold, in MB; nil for no limit.
    public var megabytes: Int?
    /// How many conversions a worker makes before it is ended and a fresh one started (at least 1;
    /// 1: a worker for every conversion).
    public var conversionsPerWorker: Int
    /// Added to the worker's environment (tests: `NIANBAO_TEST_FAULT`).
    public var environment: [String: String]
    /// Where the private folders are made; nil: the system's temporary folder (TMPDIR).
    public var temporaryFolder: String?

    /// The default of `conversionsPerWorker` (`serve --conversions-per-worker`).
    public static let defaultConversionsPerWorker = 100

    public init(
        executable: String = WorkerPool.currentExecutable, megabytes: Int? = 2048,
        conversionsPerWorker: Int = WorkerSetup.defaultConversionsPerWorker, environment: [String: String] = [:],
        temporaryFolder: String? = nil
    ) {
        self.executable = executable
        self.megabytes = megabytes
        self.conversionsPerWorker = max(1, conversionsPerWorker)
        self.environment = environment
        self.temporaryFolder = temporaryFolder
    }
}

/// The worker processes of one server: at most one for each conversion that may run at once,
/// kept between requests as ``WorkerSetup`` says, and ended by ``shutdown()`` (`nianbao serve`
/// calls it once the server has stopped: no worker outlives the server).
public struct ServerWorkers: Sendable {
    let pool: WorkerPool
    let timeLimit: Double
    let temporaryFolder: String

    /// Workers for a server that runs up to `concurrency` conversions at once, each within `timeLimit` seconds.
    public init(setup: WorkerSetup, timeLimit: Double, concurrency: Int) {
        self.timeLimit = timeLimit
        temporaryFolder = setup.temporaryFolder ?? NSTemporaryDirectory()
        pool = WorkerPool(
            executable: setup.executable, command: ["nianbao", "_worker"],
            limits: WorkerLimits(seconds: timeLimit, megabytes: setup.megabytes), environment: setup.environment,
            reuse: WorkerReuse(conversions: setup.conversionsPerWorker, endsAfterFailure: true, maxWorkers: concurrency))
    }

    /// The workers `settings` ask for; nil when conversions run in this process.
    public init?(settings: ServerSettings) {
        guard let setup = settings.workers else { return nil }
        self.init(setup: setup, timeLimit: settings.timeLimit, concurrency: settings.concurrentConversions)
    }

    /// Ends the idle workers; a worker busy now ends when its conversion is done.
    public func shutdown() {
        pool.shutdown()
    }

    /// The worker's reply for `bytes` read as `served` (with the pages of a PDF drawn when
    /// `pageImages` says so); blocks the calling thread.
    func run(_ served: ServedInput, bytes: [UInt8], pageImages: PageImageLimits? = nil) -> Result<WorkerReply, APIError> {
        guard let folder = ServerFolders.make(in: temporaryFolder) else {
            return .failure(.workerFailed("the server could not make a private temporary folder for the input"))
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/input"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            return .failure(.workerFailed("the server could not save the input in its temporary folder"))
        }
        let request = WorkerRequest(source: path, isURL: false, options: ConversionOptions(), served: served, pageImages: pageImages)
        switch pool.exchange(request) {
        case let .success(reply):
            if let failure = reply.failure { return .failure(.unreadableMessage(failure.message)) }
            return .success(reply)
        case .failure(.timedOut):
            return .failure(.stopped(seconds: timeLimit))
        case let .failure(fault):
            return .failure(.workerFailed(fault.description))
        }
    }
}
