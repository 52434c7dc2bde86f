import Foundation

/// Writes a file all at once: to a temporary file beside it, then renamed over it, so a failed or
/// interrupted write never leaves a half-written or truncated output.
///
/// - A symbolic link is followed: its target is written, atomically, in the target's folder (the
///   link stays a link).
/// - Anything that is not a regular file (a device such as `/dev/null`, a FIFO, a socket) is written
///   through, never replaced: a rename would put a regular file in its place.
/// - The temporary file (`.NAME.PID.N.tmp`, shortened to fit the 255-byte name limit) is removed on
///   every failing path: a full disk leaves nothing behind.
/// - A file replaced keeps its permission bits.
public enum AtomicFile {
    /// The longest file name (in bytes) the usual file systems take (NAME_MAX).
    static let nameMax = 255

    public static func write(_ text: String, to path: String) throws(NianbaoError) {
        try write(bytes: Array(text.utf8), to: path)
    }

    public static func write(bytes: [UInt8], to path: String) throws(NianbaoError) {
        let target = try resolvedTarget(path)
        var status = stat()
        if stat(target, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR: throw .unwritableOutput(path: path, reason: "it is a folder")
            case S_IFREG: break
            default: return try writeThrough(bytes, to: target, shownAs: path)
            }
        }
        let directory = (target as NSString).deletingLastPathComponent.isEmpty ? "." : (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unwritableOutput(path: path, reason: "the folder \(directory) does not exist")
        }
        let existingMode: mode_t? = stat(target, &status) == 0 ? status.st_mode & 0o7777 : nil
        let (temporary, descriptor) = try createTemporary(beside: target, in: directory, mode: existingMode ?? 0o666, shownAs: path)
        var succeeded = false
        defer { if !succeeded { unlink(temporary) } }
        if let reason = writeAll(bytes, to: descriptor) {
            close(descriptor)
            throw .unwritableOutput(path: path, reason: reason)
        }
        // The temporary file was created with the umask applied; an existing file's bits are kept.
        if let existingMode { fchmod(descriptor, existingMode) }
        guard close(descriptor) == 0 else { throw .unwritableOutput(path: path, reason: String(cString: strerror(errno))) }
        guard rename(temporary, target) == 0 else { throw .unwritableOutput(path: path, reason: String(cString: strerror(errno))) }
        succeeded = true
    }

    /// The file a path names: the path itself, or the final target of a chain of symbolic links
    /// (which need not exist yet).
    static func resolvedTarget(_ path: String) throws(NianbaoError) -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = destination.hasPrefix("/")
                ? destination : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        throw .unwritableOutput(path: path, reason: "too many levels of symbolic links")
    }

    /// Writes to a device, FIFO or socket as it is: no temporary file, no rename.
    static func writeThrough(_ bytes: [UInt8], to target: String, shownAs path: String) throws(NianbaoError) {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unwritableOutput(path: path, reason: String(cString: strerror(errno))) }
        let failure = writeAll(bytes, to: descriptor)
        close(descriptor)
        if let failure { throw .unwritableOutput(path: path, reason: failure) }
    }

    /// A new temporary file beside `target`, opened for writing; its name fits NAME_MAX.
    static func createTemporary(beside target: String, in directory: String, mode: mode_t, shownAs path: String) throws(NianbaoError) -> (String, Int32) {
        let name = (target as NSString).lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        for attempt in 0..<100 {
            let temporary = (directory as NSString).appendingPathComponent(temporaryName(for: name, pid: pid, attempt: attempt))
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if descriptor >= 0 { return (temporary, descriptor) }
            guard errno == EEXIST else {
                throw .unwritableOutput(path: path, reason: "cannot create a file in \(directory): \(String(cString: strerror(errno)))")
            }
        }
        throw .unwritableOutput(path: path, reason: "cannot create a temporary file in \(directory)")
    }

    /// `.NAME.PID.N.tmp`, with NAME cut (at a character boundary) so that the whole is at most
    /// 255 bytes.
    package static func temporaryName(for name: String, pid: Int32, attempt: Int) -> String {
        let suffix = ".\(pid).\(attempt).tmp"
        let room = nameMax - 1 - suffix.utf8.count
        return "." + PlainText.prefix(name, utf8Bytes: room) + suffix
    }

    /// Writes every byte (retrying short writes and interruptions); the reason on failure.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        bytes.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }
}
