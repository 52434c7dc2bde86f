import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Long-lived worker processes that convert a batch's inputs one at a time each (as Apache Tika's
/// forked parser does), so that an input that traps, hangs or eats memory costs only its own
/// result: its worker dies or is stopped, the input is reported failed with the reason, and the next
/// input gets a fresh worker. The batch's own process keeps writing every output, the state file
/// and the corpus.
///
/// Workers are started when first needed, at most one per job running at once, and ended by
/// ``shutdown()``; a worker whose parent is gone ends by itself (see ``BatchWorker``).
public final class WorkerPool: @unchecked Sendable {
    /// The program and arguments (argv[0] first) that start a worker.
    public let command: [String]
    public let limits: WorkerLimits
    private let executable: String
    private let environment: [String]
    private let lock = NSLock()
    private var idle: [WorkerProcess] = []

    /// A pool of `executable command…` workers. Their environment is this process's with
    /// `environment` added, and Swift's crash backtracer off (its report takes seconds, and the
    /// runtime's "Fatal error" line says enough).
    public init(executable: String, command: [String], limits: WorkerLimits, environment: [String: String] = [:]) {
        self.executable = executable
        self.command = command
        self.limits = limits
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
        let failure = { (fault: WorkerFault) in BatchFailure(message: "\(request.source): \(fault)") }
        guard let line = try? WorkerWire.line(request) else { return .failure(failure(.unavailable("the request cannot be encoded"))) }
        let worker: WorkerProcess
        do throws(WorkerFault) {
            worker = try checkOut()
        } catch {
            return .failure(failure(error))
        }
        switch worker.exchange(line, limits: limits) {
        case let .failure(fault):
            return .failure(failure(fault))
        case let .success(reply):
            guard let reply = try? WorkerWire.decode(WorkerReply.self, from: reply) else {
                worker.stop()
                return .failure(failure(.unavailable("its reply cannot be read")))
            }
            checkIn(worker)
            return reply.result
        }
    }

    /// Converts one input in a worker of its own, started for it and ended after it whatever
    /// happens (`nianbao serve`: no state outlives a request); blocks the calling thread.
    public func convertAlone(_ request: WorkerRequest) -> Result<WorkerReply, WorkerFault> {
        guard let line = try? WorkerWire.line(request) else { return .failure(.unavailable("the request cannot be encoded")) }
        let worker: WorkerProcess
        do throws(WorkerFault) {
            worker = try WorkerProcess.spawn(executable: executable, arguments: command, environment: environment)
        } catch {
            return .failure(error)
        }
        switch worker.exchange(line, limits: limits) {
        case let .failure(fault):
            return .failure(fault)
        case let .success(reply):
            worker.stop()
            guard let reply = try? WorkerWire.decode(WorkerReply.self, from: reply) else { return .failure(.unavailable("its reply cannot be read")) }
            return .success(reply)
        }
    }

    /// Ends every idle worker and waits for it (call when no conversion is running).
    public func shutdown() {
        let workers = lock.withLock {
            defer { idle.removeAll() }
            return idle
        }
        for worker in workers { worker.stop() }
    }

    private func checkOut() throws(WorkerFault) -> WorkerProcess {
        if let worker = lock.withLock({ idle.popLast() }) { return worker }
        return try WorkerProcess.spawn(executable: executable, arguments: command, environment: environment)
    }

    private func checkIn(_ worker: WorkerProcess) {
        lock.withLock { idle.append(worker) }
    }
}
