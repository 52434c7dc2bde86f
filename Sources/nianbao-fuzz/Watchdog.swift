import Foundation

/// Watches the input being processed from another thread: an input that runs longer than the
/// time limit, or a resident set larger than the memory limit, ends the process with a message
/// naming the iteration (exit 70 for a hang, 71 for memory), so that the script can keep the input.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var iteration = -1
    private var started = Date()
    private let timeLimit: Double
    private let memoryLimit: Int
    private(set) var peakResident = 0
    /// The input being processed when the peak was seen (-1: between inputs).
    private(set) var peakIteration = -1

    init(timeLimit: Double, memoryLimitMB: Int) {
        self.timeLimit = timeLimit
        memoryLimit = memoryLimitMB * 1_048_576
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.05)
                check()
            }
        }
    }

    func begin(_ iteration: Int) {
        lock.withLock {
            self.iteration = iteration
            started = Date()
        }
    }

    func end() {
        lock.withLock { iteration = -1 }
    }

    private func check() {
        let resident = Self.residentBytes()
        lock.withLock {
            if resident > peakResident {
                peakResident = resident
                peakIteration = iteration
            }
            guard iteration >= 0 else { return }
            if Date().timeIntervalSince(started) > timeLimit {
                FileHandle.standardOutput.write(Data("nianbao-fuzz: HANG iteration \(iteration): over \(timeLimit) s\n".utf8))
                exit(70)
            }
            if resident > memoryLimit {
                FileHandle.standardOutput.write(Data("nianbao-fuzz: MEMORY iteration \(iteration): \(resident / 1_048_576) MB resident\n".utf8))
                exit(71)
            }
        }
    }

    /// The process's resident set in bytes (Linux: /proc/self/statm).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
