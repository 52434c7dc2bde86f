import Foundation

/// Lets a fixed number of conversions run at once and a bounded number wait for a place;
/// a conversion beyond both is refused at once (the server answers 503), never queued without end.
public actor ConversionLimiter {
    public nonisolated let places: Int
    public nonisolated let queueLength: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(places: Int, queueLength: Int) {
        self.places = max(1, places)
        self.queueLength = max(0, queueLength)
    }

    /// Conversions running and waiting now.
    public var load: (running: Int, waiting: Int) { (running, waiting.count) }

    /// Every place taken and the queue full: a new conversion would be refused now.
    public var isFull: Bool { running >= places && waiting.count >= queueLength }

    /// Takes a place, waiting in the queue when all are taken; false when the queue is full too.
    public func enter() async -> Bool {
        if running < places {
            running += 1
            return true
        }
        guard waiting.count < queueLength else { return false }
        // The place is handed over by `leave()`: `running` stays as it is.
        await withCheckedContinuation { waiting.append($0) }
        return true
    }

    /// Gives a place back, to the first conversion waiting if there is one.
    public func leave() {
        if waiting.isEmpty {
            running = max(0, running - 1)
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// How a limited conversion ended.
    public enum Outcome<T: Sendable>: Sendable {
        case done(T)
        /// No place was free and none could be waited for.
        case busy
        /// `work` did not end within the time limit; it keeps its place until it does.
        case timedOut
    }

    /// Runs `work` on a thread of its own, as ``run(_:)``, but returns `.timedOut` once `seconds`
    /// have passed. A synchronous conversion cannot be stopped: it runs on, and keeps its place
    /// until it ends, so that the number of conversions using the processors stays bounded.
    public func run<T: Sendable>(timeLimit seconds: Double, _ work: @escaping @Sendable () -> T) async -> Outcome<T> {
        guard await enter() else { return .busy }
        let answer = FirstAnswer<Outcome<T>>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Outcome<T>, Never>) in
            answer.await(continuation)
            DispatchQueue.global().async {
                let result = work()
                Task { await self.leave() }
                answer.give(.done(result))
            }
            // NaN or out of range never reaches DispatchTime's arithmetic: at most 11 days.
            let limit = seconds.isFinite ? min(max(seconds, 0), 1e6) : 1e6
            DispatchQueue.global().asyncAfter(deadline: .now() + limit) {
                answer.give(.timedOut)
            }
        }
    }

    /// Runs `work` on a thread of its own (conversions are synchronous and CPU-bound, and must not
    /// hold the server's event loops), or returns nil at once when no place is free or to wait for.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T? {
        guard await enter() else { return nil }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
        leave()
        return result
    }
}

/// Resumes a continuation with the first answer given; later answers are dropped.
final class FirstAnswer<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?
    private var given = false

    func await(_ continuation: CheckedContinuation<T, Never>) {
        lock.withLock { self.continuation = continuation }
    }

    func give(_ value: T) {
        let waiting: CheckedContinuation<T, Never>? = lock.withLock {
            guard !given else { return nil }
            given = true
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: value)
    }
}
