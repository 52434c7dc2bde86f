import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// When a pool ends a worker that answered instead of keeping it for the next input, and how many
/// workers it keeps alive at once.
public struct WorkerReuse: Sendable, Equatable {
    /// A worker is ended after this many conversions (at least 1) and a fresh one started when
    /// next needed; nil: kept as long as it answers.
    public var conversions: Int?
    /// A worker whose reply is a failure (the input could not be read) is ended too: an input that
    /// failed half-way may have left something behind in the process.
    public var endsAfterFailure: Bool
    /// At most this many workers alive at once, busy and idle (at least 1): a conversion waits for
    /// one; nil: one for each conversion running at once.
    public var maxWorkers: Int?

    public init(conversions: Int? = nil, endsAfterFailure: Bool = false, maxWorkers: Int? = nil) {
        self.conversions = conversions.map { max(1, $0) }
        self.endsAfterFailure = endsAfterFailure
        self.maxWorkers = maxWorkers.map { max(1, $0) }
    }

    /// A batch's: a worker converts inputs until it faults or the batch ends.
    public static let batch = WorkerReuse()
}

/// Long-lived worker processes that convert inputs one at a time each (as Apache Tika's forked
/// parser does), so that an input that traps, hangs or eats memory costs only its own result: its
/// worker dies or is stopped, the input is reported failed with the reason, and the next input gets
/// a fresh worker. The caller's process keeps writing every output, the state file and the corpus.
///
/// Workers are started when first needed, at most one per conversion running at once (and at most
/// ``WorkerReuse/maxWorkers``), kept between conversions as ``reuse`` says, and ended by
/// ``shutdown()``; a worker whose parent is gone ends by itself (see ``BatchWorker``).
///
/// A worker is never reused after a fault, after a reply that cannot be read or that does not
/// answer the request it was sent (each request carries a random number its reply must give back), or
/// when it wrote more than one reply: a reply can only ever hold what its own request asked for.
public final class WorkerPool: @unchecked Sendable {
    /// The program and arguments (argv[0] first) that start a worker.
    public let command: [String]
    public let limits: WorkerLimits
    public let reuse: WorkerReuse
    private let executable: String
    private let environment: [String]
    /// Guards everything below; signalled when a worker is checked in or ended.
    private let condition = NSCondition()
    private var idle: [WorkerProcess] = []
    /// Workers started and not yet ended, busy or idle.
    private var alive = 0
    private var closed = false

    /// A pool of `executable command…` workers. Their environment is this process's with
    /// `environment` added, and Swift's crash backtracer off (its report takes seconds, and the
    /// runtime's "Fatal error" line says enough).
    public init(
        executable: String, command: [String], limits: WorkerLimits, environment: [String: String] = [:], reuse: WorkerReuse = .batch
    ) {
        self.executable = executable
        self.command = command
        self.limits = limits
        self.reuse = reuse
        var inherited = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        inherited["SWIFT_BACKTRACE"] = "enable=no"
        // The worker watches this process, not whichever parent it finds when it starts: a batch
        // killed before the worker's first instruction has already handed it to init.
        inherited[BatchWorker.parentVariable] = String(getpid())
        self.environment = inherited.map { "\($0.key)=\($0.value)" }
    }

    /// This program: a worker is this executable run as `nianbao _worker`.
    public static var currentExecutable: String {
        #if os(Linux)
        return "/proc/self/exe"
        #else
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
        #endif
    }

    /// Converts one input in a worker (blocking the calling thread until it is done).
    public func convert(_ request: WorkerRequest) -> Result<AnnualReport, BatchFailure> {
        switch exchange(request) {
        case let .failure(fault): return .failure(BatchFailure(message: "\(request.source): \(fault)"))
        case let .success(reply): return reply.result
        }
    }

    /// Sends one request to a worker and returns its reply (blocking the calling thread until it
    /// is done): the worker is checked out of the idle ones (or started), and afterwards checked
    /// back in or ended as ``reuse`` says.
    public func exchange(_ request: WorkerRequest) -> Result<WorkerReply, WorkerFault> {
        var request = request
        // Drawn at random, so that no line a worker wrote before can pass for the reply.
        request.id = UInt64.random(in: 1...UInt64.max)
        guard let line = try? WorkerWire.line(request) else { return .failure(.unavailable("the request cannot be encoded")) }
        let worker: WorkerProcess
        do throws(WorkerFault) {
            worker = try checkOut()
        } catch {
            return .failure(error)
        }
        switch worker.exchange(line, limits: limits) {
        case let .failure(fault):
            // The worker is dead and reaped.
            ended()
            return .failure(fault)
        case let .success(data):
            guard let reply = try? WorkerWire.decode(WorkerReply.self, from: data) else {
                checkIn(worker, keep: false)
                return .failure(.unavailable("its reply cannot be read"))
            }
            guard reply.id == request.id else {
                checkIn(worker, keep: false)
                return .failure(.unavailable("its reply answers another request"))
            }
            worker.conversions += 1
            checkIn(worker, keep: keeps(worker, after: reply))
            return .success(reply)
        }
    }

    /// Ends every idle worker and waits for it; a worker busy now is ended when its conversion is
    /// done, and so is any started afterwards.
    public func shutdown() {
        let workers = condition.withLock {
            closed = true
            defer { idle.removeAll() }
            return idle
        }
        for worker in workers {
            worker.stop()
            ended()
        }
    }

    /// Whether `worker` may take another request after `reply`.
    private func keeps(_ worker: WorkerProcess, after reply: WorkerReply) -> Bool {
        guard worker.hasNothingPending else { return false }
        if let most = reuse.conversions, worker.conversions >= most { return false }
        return !(reuse.endsAfterFailure && reply.failure != nil)
    }

    /// An idle worker, else a new one; waits while ``WorkerReuse/maxWorkers`` are alive and busy.
    private func checkOut() throws(WorkerFault) -> WorkerProcess {
        condition.lock()
        while idle.isEmpty, let most = reuse.maxWorkers, alive >= most { condition.wait() }
        if let worker = idle.popLast() {
            condition.unlock()
            return worker
        }
        alive += 1
        condition.unlock()
        do throws(WorkerFault) {
            return try WorkerProcess.spawn(executable: executable, arguments: command, environment: environment)
        } catch {
            ended()
            throw error
        }
    }

    /// Back among the idle workers, or ended (and reaped) when it is not to be kept or the pool is shut down.
    private func checkIn(_ worker: WorkerProcess, keep: Bool) {
        let kept = condition.withLock {
            guard keep && !closed else { return false }
            idle.append(worker)
            condition.signal()
            return true
        }
        guard !kept else { return }
        worker.stop()
        ended()
    }

    /// Counts a worker as ended (after it was reaped) and wakes a conversion waiting for one.
    private func ended() {
        condition.withLock {
            alive -= 1
            condition.signal()
        }
    }
}
