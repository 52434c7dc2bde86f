import Dispatch
import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Runs one job per input on up to ``jobs`` threads at once and hands each result to the caller
/// as it completes (in completion order, on the caller's task, one at a time).
///
/// The jobs run on Dispatch's global queue, not on Swift's cooperative pool, so that long
/// extractions neither starve other tasks nor are limited to the pool's width.
public struct BatchRunner: Sendable {
    /// How many jobs run at once (at least 1).
    public var jobs: Int

    public init(jobs: Int) {
        self.jobs = max(1, jobs)
    }

    /// The number of processors the system has active: the default for ``jobs``.
    public static var activeProcessors: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `job` for every index in `0..<count` and calls `completed` with each index and result.
    public func run<Result: Sendable>(
        count: Int, job: @escaping @Sendable (Int) async -> Result, completed: (Int, Result) -> Void
    ) async {
        await withTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            while next < min(jobs, count) {
                let index = next
                group.addTask { (index, await job(index)) }
                next += 1
            }
            while let (index, result) = await group.next() {
                completed(index, result)
                if next < count {
                    let index = next
                    group.addTask { (index, await job(index)) }
                    next += 1
                }
            }
        }
    }

    /// Runs synchronous work on a Dispatch thread and waits for it without blocking the caller's thread.
    public static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
