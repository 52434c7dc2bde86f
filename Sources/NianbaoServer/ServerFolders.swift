import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The private temporary folders of `nianbao serve` (one a conversion, see ``ServerWorkers``):
/// named `nianbao-serve-PID-XXXXXX` after the server process that owns them, so that the folders
/// of a server killed mid-request (SIGKILL leaves no chance to remove them) are told apart and
/// removed when a server next starts.
enum ServerFolders {
    static let prefix = "nianbao-serve-"

    /// A new folder only this user may enter (mkdtemp makes it 0700) in `parent`, named after this process.
    static func make(in parent: String) -> String? {
        let base = parent.hasSuffix("/") ? parent : parent + "/"
        var template = Array((base + prefix + "\(getpid())-XXXXXX").utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
    }

    /// The process that made a folder of this name: `nianbao-serve-PID-XXXXXX` (mkdtemp's six
    /// letters and digits); nil for any other name.
    static func owner(of name: String) -> pid_t? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard rest.count == 2, let digits = rest.first, let suffix = rest.last,
              (1...10).contains(digits.utf8.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), digits.first != "0",
              suffix.utf8.count == 6, suffix.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }),
              let pid = Int32(digits), pid > 0
        else { return nil }
        return pid
    }

    /// Whether a process with this ID exists (one of another user's counts: kill says EPERM) and
    /// is not a zombie (a server killed but not yet reaped by its parent has ended: its state in
    /// /proc/PID/stat is Z).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno != ESRCH else { return false }
        return !isZombie(pid)
    }

    static func isZombie(_ pid: pid_t) -> Bool {
        // "PID (COMMAND) STATE …": the command may hold spaces and parentheses, so the state is
        // read after the last ")".
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    /// Removes the folders in `parent` left by servers no longer running: only a directory (not a
    /// symbolic link) named as ``make(in:)`` names them, owned by this user, of mode 0700, whose
    /// owner process is gone. Its content is removed without following symbolic links. Returns the
    /// paths removed.
    @discardableResult
    static func sweep(in parent: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return [] }
        let base = parent.hasSuffix("/") ? parent : parent + "/"
        var removed: [String] = []
        for name in names.sorted() {
            guard let pid = owner(of: name), pid != getpid(), !isAlive(pid) else { continue }
            let path = base + name
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == getuid(),
                  (status.st_mode & 0o7777) == 0o700
            else { continue }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        return removed
    }
}
