import Foundation
import NianbaoKit
#if canImport(Glibc)
import Glibc
#endif

/// How `nianbao serve` runs conversions in worker processes (`nianbao _worker`, as batches do):
/// each upload or fetched response is saved in a private temporary folder (mode 0700, removed
/// afterwards whatever happens) and read by a worker started for it, within the time limit and
/// `megabytes`; a worker over either is killed and reaped, so its place is free again, and one that
/// crashes costs only its own request.
public struct WorkerSetup: Sendable {
    /// The nianbao executable a worker runs (`_worker`).
    public var executable: String
    /// The resident set a worker may hold, in MB; nil for no limit.
    public var megabytes: Int?
    /// Added to the worker's environment (tests: `NIANBAO_TEST_FAULT`).
    public var environment: [String: String]
    /// Where the private folders are made; nil: the system's temporary folder (TMPDIR).
    public var temporaryFolder: String?

    public init(
        executable: String = WorkerPool.currentExecutable, megabytes: Int? = 2048, environment: [String: String] = [:],
        temporaryFolder: String? = nil
    ) {
        self.executable = executable
        self.megabytes = megabytes
        self.environment = environment
        self.temporaryFolder = temporaryFolder
    }
}

/// One conversion in a worker: the saved file, the request, the answer or the API's error.
struct WorkerConversion: Sendable {
    let pool: WorkerPool
    let timeLimit: Double
    let temporaryFolder: String

    init(setup: WorkerSetup, timeLimit: Double) {
        self.timeLimit = timeLimit
        temporaryFolder = setup.temporaryFolder ?? NSTemporaryDirectory()
        pool = WorkerPool(
            executable: setup.executable, command: ["nianbao", "_worker"],
            limits: WorkerLimits(seconds: timeLimit, megabytes: setup.megabytes), environment: setup.environment)
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
        switch pool.convertAlone(request) {
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
