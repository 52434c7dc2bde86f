import Foundation
import NianbaoDocument
import NianbaoSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts DOC, WPS and RTF files to DOCX with LibreOffice (`soffice --headless --convert-to
/// docx`), which the DOCX extractor then reads.
///
/// Each conversion runs in a private temporary folder (the input, the output and its own user
/// profile, `-env:UserInstallation=file:///…`, so that conversions in parallel do not share one),
/// in a process group of its own. It is given ``timeout`` seconds; on every path — success, failure,
/// timeout — the whole process group is killed and the folder removed.
///
/// `soffice` is looked for as `$NIANBAO_SOFFICE`, else `soffice` or `libreoffice` on the PATH.
public enum LibreOffice {
    /// The Debian package that provides a headless `soffice`.
    public static let debianPackage = "libreoffice-writer-nogui"

    /// Seconds a conversion may take by default (`--timeout` sets another).
    public static let defaultTimeout: Double = 60

    /// The `soffice` program, or nil when LibreOffice is not installed.
    public static var executable: String? {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["NIANBAO_SOFFICE"], !configured.isEmpty {
            return FileManager.default.isExecutableFile(atPath: configured) ? configured : nil
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["soffice", "libreoffice"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }

    /// The DOCX LibreOffice makes of `bytes` (a file of format `format`); `path` names it in errors.
    package static func convertToDOCX(_ bytes: [UInt8], format: InputFormat, path: String, timeout: Double) throws(NianbaoError) -> [UInt8] {
        guard let soffice = executable else {
            throw .unsupportedFormat(
                path: path,
                detail: "a .\(format.rawValue) file is converted by LibreOffice, which is not installed (Debian: apt-get install \(debianPackage))")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-office-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in/report.\(format.rawValue)")
        let output = folder.appendingPathComponent("out")
        do {
            try FileManager.default.createDirectory(at: input.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try Data(bytes).write(to: input)
        } catch {
            throw .unreadableInput(path: path, reason: "cannot prepare a temporary folder for LibreOffice: \(error.localizedDescription)")
        }
        let arguments = [
            soffice, "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "-env:UserInstallation=" + folder.appendingPathComponent("profile").absoluteString,
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", output.path, input.path,
        ]
        let seconds = timeout.isFinite && timeout > 0 ? timeout : defaultTimeout
        let outcome = ProcessGroup.run(arguments, log: folder.appendingPathComponent("log.txt").path, timeout: seconds)
        switch outcome {
        case .notStarted(let reason):
            throw .unreadableInput(path: path, reason: "cannot start LibreOffice (\(soffice)): \(reason)")
        case .timedOut:
            throw .unreadableInput(path: path, reason: "LibreOffice did not convert it within \(String(format: "%g", seconds)) s (--timeout) and was stopped")
        case .exited:
            let converted = output.appendingPathComponent("report.docx")
            guard let data = FileManager.default.contents(atPath: converted.path), !data.isEmpty else {
                throw .unreadableInput(path: path, reason: "LibreOffice could not convert it (a damaged, password-protected or unknown file?)")
            }
            return Array(data)
        }
    }
}

package extension LibreOffice {
    /// Converts `paths` to DOCX in one LibreOffice start, as `folder`/N.docx (N counting from
    /// `first`); returns the source paths it converted with their DOCX. The group is given
    /// `timeout` seconds per file; a file without a DOCX afterwards is simply not in the result.
    static func convertGroup(_ paths: [String], into folder: URL, numberedFrom first: Int, timeout: Double) -> [String: String] {
        guard let soffice = executable else { return [:] }
        let work = folder.deletingLastPathComponent().appendingPathComponent("group-\(first)")
        defer { try? FileManager.default.removeItem(at: work) }
        var copies: [(source: String, copy: URL, docx: URL)] = []
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: work.appendingPathComponent("in"), withIntermediateDirectories: true)
            for (offset, path) in paths.enumerated() {
                // Numbered copies: two inputs called report.doc in different folders must not
                // meet in LibreOffice's output folder.
                let name = String(first + offset)
                let copy = work.appendingPathComponent("in/\(name).\((path as NSString).pathExtension.lowercased())")
                try FileManager.default.copyItem(atPath: path, toPath: copy.path)
                copies.append((path, copy, folder.appendingPathComponent("\(name).docx")))
            }
        } catch {
            return [:]
        }
        let arguments = [
            soffice, "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "-env:UserInstallation=" + work.appendingPathComponent("profile").absoluteString,
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", folder.path,
        ] + copies.map(\.copy.path)
        let seconds = (timeout.isFinite && timeout > 0 ? timeout : defaultTimeout) * Double(paths.count)
        guard case .exited = ProcessGroup.run(arguments, log: work.appendingPathComponent("log.txt").path, timeout: seconds) else { return [:] }
        var converted: [String: String] = [:]
        for file in copies {
            let size = (try? FileManager.default.attributesOfItem(atPath: file.docx.path)[.size] as? Int) ?? 0
            if size > 0 { converted[file.source] = file.docx.path }
        }
        return converted
    }
}

/// A program run in a process group of its own, so that it and every process it starts can be
/// killed together.
package enum ProcessGroup {
    enum Outcome {
        case exited(status: Int32)
        case timedOut
        case notStarted(String)
    }

    /// Runs `arguments` (the program first) with standard input from /dev/null and standard output
    /// and error to `log`; after it ends or after `timeout` seconds, the group is killed.
    static func run(_ arguments: [String], log: String, timeout: Double) -> Outcome {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // LibreOffice may outlive its launcher: it must hold none of this process's descriptors.
        SpawnActions.closeInherited(&actions)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { return .notStarted(String(cString: strerror(spawned))) }
        // Kill the group on every path: LibreOffice's launcher may leave soffice.bin behind.
        defer { kill(-pid, SIGKILL) }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return .exited(status: status) }
            if result < 0 && errno != EINTR { return .exited(status: -1) }
            if Date() >= deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return .timedOut
            }
            usleep(10_000)
        }
    }
}
