import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Why a worker process gave no reply for an input: it crashed, exited, overran a limit, or could
/// not be started.
public enum WorkerFault: Error, Equatable, Sendable, CustomStringConvertible {
    /// Killed by a signal (a trap is SIGILL or SIGTRAP), after `seconds`; `detail` is the last
    /// thing it printed (the runtime's "Fatal error: …"), if anything.
    case signalled(Int32, seconds: Double, detail: String?)
    /// Exited by itself in the middle of an input.
    case exited(Int32, seconds: Double, detail: String?)
    /// Still working when the time for one input ran out; stopped.
    case timedOut(seconds: Double)
    /// Its memory grew past the limit for one input; stopped.
    case outOfMemory(megabytes: Int)
    /// No worker could be started, or it answered with something that is not a reply.
    case unavailable(String)

    public var description: String {
        switch self {
        case let .signalled(signal, seconds, detail):
            return "the conversion crashed with \(Self.signalName(signal)) after \(Self.format(seconds)) s" + (detail.map { ": \($0)" } ?? "")
        case let .exited(status, seconds, detail):
            return "the conversion stopped with exit status \(status) after \(Self.format(seconds)) s" + (detail.map { ": \($0)" } ?? "")
        case let .timedOut(seconds):
            return "the conversion took longer than \(Self.format(seconds)) s (--timeout-per-input) and was stopped"
        case let .outOfMemory(megabytes):
            return "the conversion used more than \(megabytes) MB of memory (--max-memory-per-input) and was stopped"
        case let .unavailable(reason):
            return "no worker process to convert it (\(reason))"
        }
    }

    /// "SIGILL (illegal instruction: a Swift trap)" for the signals a conversion dies of;
    /// "signal N" otherwise.
    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            1: "SIGHUP (hang-up)", 2: "SIGINT (interrupt)", 4: "SIGILL (illegal instruction: a Swift trap)",
            5: "SIGTRAP (trace trap: a Swift trap)", 6: "SIGABRT (aborted)", 7: "SIGBUS (bus error)",
            8: "SIGFPE (arithmetic exception)", 9: "SIGKILL (killed)", 11: "SIGSEGV (segmentation fault)",
            13: "SIGPIPE (broken pipe)", 15: "SIGTERM (terminated)", 24: "SIGXCPU (CPU time limit exceeded)",
        ]
        return names[signal] ?? "signal \(signal)"
    }

    /// Whole seconds as such ("120"), others to a tenth ("0.4").
    static func format(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e12 else { return "?" }
        return seconds == seconds.rounded() ? String(format: "%.0f", seconds) : String(format: "%.1f", seconds)
    }
}
