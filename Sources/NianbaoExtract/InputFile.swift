import Foundation
import NianbaoDocument
import NianbaoSupport

/// Reads an input file or standard input whole, within a size limit, through POSIX calls: the
/// size is known (stat) before anything is read, and memory grows with the bytes actually read.
package enum InputFile {
    /// The bytes of the regular file at `path`; with `streams`, also of a pipe or FIFO (a list
    /// given as `<(command)`), read up to the limit.
    package static func read(path: String, maxBytes: Int, streams: Bool = false) throws(NianbaoError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .unreadableInput(path: path, reason: reason(errno)) }
        if streams, status.st_mode & S_IFMT == S_IFIFO {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .unreadableInput(path: path, reason: reason(errno)) }
            defer { close(descriptor) }
            return try read(descriptor: descriptor, path: path, maxBytes: maxBytes)
        }
        try requireRegular(status, path: path)
        try requireSize(Int(status.st_size), limit: maxBytes, path: path)
        // O_NONBLOCK: should the path have become a FIFO since, opening it does not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadableInput(path: path, reason: reason(errno)) }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0 else { throw .unreadableInput(path: path, reason: reason(errno)) }
        try requireRegular(status, path: path)
        try requireSize(Int(status.st_size), limit: maxBytes, path: path)
        return try read(descriptor: descriptor, path: path, maxBytes: maxBytes, expected: Int(status.st_size))
    }

    /// Everything from `descriptor` (standard input, or a file opened above), at most `maxBytes`.
    static func read(descriptor: Int32, path: String, maxBytes: Int, expected: Int = 0) throws(NianbaoError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(expected, maxBytes) + 1)
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    // Standard input opened non-blocking by someone else: wait for it.
                    var poll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    _ = Foundation.poll(&poll, 1, -1)
                    continue
                }
                if errno == EISDIR { throw .unreadableInput(path: path, reason: "it is a directory") }
                throw .unreadableInput(path: path, reason: reason(errno))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            try requireSize(bytes.count, limit: maxBytes, path: path)
        }
    }

    static func requireRegular(_ status: stat, path: String) throws(NianbaoError) {
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .unreadableInput(path: path, reason: "it is a directory")
        case S_IFIFO: throw .unreadableInput(path: path, reason: "it is a named pipe (FIFO), not a regular file; save the report to a file first")
        case S_IFCHR, S_IFBLK: throw .unreadableInput(path: path, reason: "it is a device, not a regular file")
        case S_IFSOCK: throw .unreadableInput(path: path, reason: "it is a socket, not a regular file")
        default: throw .unreadableInput(path: path, reason: "it is not a regular file")
        }
    }

    static func requireSize(_ size: Int, limit: Int, path: String) throws(NianbaoError) {
        guard size > limit else { return }
        let what = path == "-" ? "standard input is" : "it is \(size) bytes,"
        throw .unreadableInput(path: path, reason: "\(what) over the limit of \(limit) bytes; --max-bytes raises it")
    }

    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT, ENOTDIR: return "no such file"
        case EACCES, EPERM: return "permission denied"
        default: return String(cString: strerror(code))
        }
    }
}
