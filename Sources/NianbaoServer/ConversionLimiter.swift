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
