import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Progress of a batch on standard error: a bar redrawn in place on a terminal, plain lines
/// elsewhere, or nothing; failure lines in every mode.
///
/// Safe to call from any thread.
public final class BatchProgress: @unchecked Sendable {
    /// How progress is shown.
    public enum Mode: String, Sendable, CaseIterable {
        /// A bar on a terminal, nothing otherwise.
        case auto
        /// One line redrawn in place: done/total, rate, time left, failures.
        case bar
        /// A plain line at most every ``BatchProgress/lineInterval`` seconds, and a last one.
        case lines
        /// Nothing but failure lines.
        case none

        /// The mode `auto` stands for on this standard error.
        public var resolved: Mode {
            guard self == .auto else { return self }
            return isatty(STDERR_FILENO) == 1 ? .bar : .none
        }
    }

    /// Seconds between two plain progress lines.
    public static let lineInterval: Double = 1

    private let mode: Mode
    private let total: Int
    private let write: @Sendable (String) -> Void
    private let start = Date()
    private let lock = NSLock()
    private var done = 0
    private var failed = 0
    private var skipped = 0
    private var lastDraw = Date.distantPast
    private var barShown = false
    private var timer: DispatchSourceTimer?

    /// - Parameters:
    ///   - write: where text goes (standard error by default).
    public init(mode: Mode, total: Int, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.mode = mode.resolved
        self.total = total
        self.write = write
        if self.mode == .bar {
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
            timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
            timer.setEventHandler { [weak self] in self?.tick() }
            timer.resume()
            self.timer = timer
            lock.withLock { draw(force: true) }
        }
    }

    /// Counts one input done: converted, skipped as up to date, or failed (then `message` is
    /// printed on a line of its own).
    public func record(failure message: String? = nil, skipped: Bool = false) {
        lock.withLock {
            done += 1
            if skipped { self.skipped += 1 }
            if let message {
                failed += 1
                clearBar()
                write("nianbao: \(message)\n")
            }
            draw(force: done == total)
        }
    }

    /// Prints a line (a warning) without disturbing the bar.
    public func note(_ message: String) {
        lock.withLock {
            clearBar()
            write("nianbao: \(message)\n")
            draw(force: true)
        }
    }

    /// Stops redrawing and leaves the bar's last state on its own line.
    public func finish() {
        timer?.cancel()
        lock.withLock {
            if mode == .bar && barShown { write("\n") }
            barShown = false
        }
    }

    private func tick() {
        lock.withLock { draw(force: true) }
    }

    private func clearBar() {
        if barShown { write("\r\u{1B}[K") }
        barShown = false
    }

    /// Draws the bar (at most 10 times a second) or a plain line (at most once per interval).
    private func draw(force: Bool) {
        let now = Date()
        switch mode {
        case .bar:
            guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            write("\r" + Self.bar(done: done, total: total, failed: failed, elapsed: now.timeIntervalSince(start), width: Self.terminalWidth()) + "\u{1B}[K")
            barShown = true
        case .lines:
            guard done == total || now.timeIntervalSince(lastDraw) >= Self.lineInterval, done > 0 else { return }
            write("nianbao: " + Self.status(done: done, total: total, failed: failed, elapsed: now.timeIntervalSince(start)) + "\n")
        case .none, .auto:
            return
        }
        lastDraw = now
    }

    /// "120/1000 12%, 35.2/s, 0:25 left, 2 failed".
    public static func status(done: Int, total: Int, failed: Int, elapsed: Double) -> String {
        let percent = total > 0 ? done * 100 / total : 100
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var text = "\(done)/\(total) \(percent)%, \(String(format: "%.1f", rate))/s"
        if done < total {
            text += rate > 0 ? ", \(clock(Double(total - done) / rate)) left" : ", -:-- left"
        } else {
            text += ", \(clock(elapsed))"
        }
        if failed > 0 { text += ", \(failed) failed" }
        return text
    }

    /// The status after a bar of `#` and `.` filling what the terminal's width leaves.
    public static func bar(done: Int, total: Int, failed: Int, elapsed: Double, width: Int) -> String {
        let status = status(done: done, total: total, failed: failed, elapsed: elapsed)
        let room = min(40, width - status.count - 4)
        guard room >= 5 else { return String(status.prefix(max(0, width - 1))) }
        let filled = total > 0 ? room * done / total : room
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: room - filled) + "] " + status
    }

    /// "m:ss" or "h:mm:ss".
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    /// The terminal's columns (80 when it cannot tell).
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
