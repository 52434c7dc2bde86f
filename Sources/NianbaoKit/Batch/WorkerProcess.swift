import Dispatch
import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
#if canImport(Glibc)
import Glibc
#endif

/// How long one input may take and how much memory its worker may hold meanwhile.
public struct WorkerLimits: Sendable {
    public var seconds: Double
    /// The resident set allowed, in MB; nil for no limit.
    public var megabytes: Int?

    public init(seconds: Double, megabytes: Int?) {
        self.seconds = seconds
        self.megabytes = megabytes
    }
}

/// One worker process: its standard input and output are one end of a socket pair (requests in,
/// replies out, a line each), its standard error another socket whose last lines tell why it crashed.
///
/// Used by one thread at a time (``WorkerPool`` hands it out). After a fault the process is dead
/// and reaped, and the object is dropped.
final class WorkerProcess {
    let pid: pid_t
    /// The requests it answered.
    var conversions = 0
    private let channel: Int32
    private var errors: Int32
    private var pending: [UInt8] = []
    private var errorTail: [UInt8] = []

    private init(pid: pid_t, channel: Int32, errors: Int32) {
        self.pid = pid
        self.channel = channel
        self.errors = errors
    }

    /// Starts `executable` with `arguments` (the first is argv[0]) and `environment`.
    static func spawn(executable: String, arguments: [String], environment: [String]) throws(WorkerFault) -> WorkerProcess {
        // Both pairs close on exec, so that no other worker inherits them and a worker's death is
        // seen as the end of its channel.
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        var sockets: [Int32] = [-1, -1], pipe: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, type, 0, &sockets) == 0 else {
            throw .unavailable("socketpair: \(String(cString: strerror(errno)))")
        }
        guard socketpair(AF_UNIX, type, 0, &pipe) == 0 else {
            let reason = String(cString: strerror(errno))
            close(sockets[0]); close(sockets[1])
            throw .unavailable("socketpair: \(reason)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, sockets[1], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, sockets[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], STDERR_FILENO)
        // Nothing else this process holds: a descriptor someone opened without close-on-exec (a
        // caller's pipe, Foundation's watch on a child) would otherwise stay open in the worker.
        SpawnActions.closeInherited(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), none = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(sockets[1]); close(pipe[1])
        guard status == 0 else {
            close(sockets[0]); close(pipe[0])
            throw .unavailable("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return WorkerProcess(pid: pid, channel: sockets[0], errors: pipe[0])
    }

    /// Sends one request line and waits for the reply line, within `limits`. On a fault the
    /// process is stopped (if it still runs) and reaped.
    func exchange(_ request: Data, limits: WorkerLimits) -> Result<Data, WorkerFault> {
        // What it wrote on standard error for an earlier request is not this one's reason to fail.
        discardErrors()
        let started = DispatchTime.now().uptimeNanoseconds
        let elapsed = { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        guard send(request) else { return .failure(reap(after: elapsed())) }
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[..<newline])
                pending.removeSubrange(...newline)
                return .success(line)
            }
            if elapsed() > limits.seconds {
                kill(pid, SIGKILL)
                _ = reap(after: elapsed())
                return .failure(.timedOut(seconds: limits.seconds))
            }
            if let megabytes = limits.megabytes, let resident = residentMegabytes(), resident > megabytes {
                kill(pid, SIGKILL)
                _ = reap(after: elapsed())
                return .failure(.outOfMemory(megabytes: megabytes))
            }
            guard wait(milliseconds: 100) else { return .failure(reap(after: elapsed())) }
        }
    }

    /// True when it wrote nothing past its last reply (a second line would be a reply to no request).
    var hasNothingPending: Bool { pending.isEmpty }

    /// Ends an idle worker: the end of its standard input ends it; one that does not go within a
    /// second is killed. Reaped either way.
    func stop() {
        shutdown(channel, Int32(SHUT_RDWR))
        for _ in 0..<100 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return closeDescriptors() }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        _ = reap(after: 0)
    }

    /// Writes the whole request; false when the worker is gone.
    private func send(_ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = Glibc.send(channel, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 && errno == EINTR { continue }
                guard sent > 0 else { return false }
                offset += sent
            }
            return true
        }
    }

    /// Waits up to `milliseconds` for the worker to write, and reads what it wrote; false when its
    /// end of the channel is closed (it died).
    private func wait(milliseconds: Int32) -> Bool {
        var fds = [pollfd(fd: channel, events: Int16(POLLIN), revents: 0), pollfd(fd: errors, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&fds, errors >= 0 ? 2 : 1, milliseconds)
        if ready < 0 { return errno == EINTR }
        if errors >= 0 && fds[1].revents != 0 { readErrors() }
        guard fds[0].revents != 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = read(channel, &buffer, buffer.count)
        if count < 0 { return errno == EINTR || errno == EAGAIN }
        guard count > 0 else { return false }
        pending.append(contentsOf: buffer[..<count])
        return true
    }

    /// Reads what the worker wrote on standard error, keeping the last 8 KB.
    private func readErrors() {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = read(errors, &buffer, buffer.count)
        if count > 0 {
            errorTail.append(contentsOf: buffer[..<count])
            if errorTail.count > 8192 { errorTail.removeFirst(errorTail.count - 8192) }
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            close(errors)
            errors = -1
        }
    }

    /// Reads and drops what the worker wrote on standard error so far (all of it, for an earlier
    /// request: written before that request's reply).
    private func discardErrors() {
        for _ in 0..<64 where errors >= 0 {
            var fds = [pollfd(fd: errors, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, 0) > 0 else { break }
            readErrors()
        }
        errorTail.removeAll()
    }

    /// Waits for the dead (or killed) worker, reads the rest of its standard error, and says how it ended.
    private func reap(after seconds: Double) -> WorkerFault {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Its standard error is closed now (unless a child of its own holds it): read what is left.
        for _ in 0..<64 where errors >= 0 {
            var fds = [pollfd(fd: errors, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, 100) > 0 else { break }
            readErrors()
        }
        closeDescriptors()
        let signal = status & 0x7f
        if signal != 0 { return .signalled(signal, seconds: seconds, detail: lastMessage()) }
        return .exited((status >> 8) & 0xff, seconds: seconds, detail: lastMessage())
    }

    private func closeDescriptors() {
        close(channel)
        if errors >= 0 { close(errors) }
        errors = -1
    }

    /// The line of standard error that says why: the runtime's "Fatal error: …" line, else the last line.
    private func lastMessage() -> String? {
        let lines = String(decoding: errorTail, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let line = lines.last(where: { $0.contains("Fatal error") }) ?? lines.last else { return nil }
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }

    /// The worker's resident set in MB (Linux: /proc/PID/statm), nil when it cannot be read.
    private func residentMegabytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE)) / (1 << 20)
    }
}
