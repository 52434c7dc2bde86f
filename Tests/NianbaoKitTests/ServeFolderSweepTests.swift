import Foundation
import Testing
@testable import NianbaoServer
#if canImport(Glibc)
import Glibc
#endif

/// The private temporary folders of `nianbao serve` are named after the server's process ID; those
/// of a server that is gone (killed with SIGKILL mid-request) are removed when a server starts.
@Suite("Serve: temporary folders of dead servers swept at start")
struct ServeFolderSweepTests {
    /// The ID of a process that has exited and been reaped.
    static func deadPID() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let pid = process.processIdentifier
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
        return pid
    }

    static func folder(_ path: String, mode: Int = 0o700) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: mode])
        FileManager.default.createFile(atPath: path + "/input", contents: Data("%PDF-1.7 7341\n".utf8))
    }

    @Test("a dead server's folder is removed at start; a live one's, look-alikes and what its links point to are kept")
    func sweep() throws {
        let parent = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let base = parent.path + "/"
        let dead = try Self.deadPID()
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["60"]
        try sleeper.run()
        defer { kill(sleeper.processIdentifier, SIGKILL); sleeper.waitUntilExit() }
        let live = sleeper.processIdentifier

        // What must survive: a file a dead server's folder links to.
        let outside = base + "outside"
        try Self.folder(outside, mode: 0o755)
        let deadFolder = base + "nianbao-serve-\(dead)-a1B2c3"
        try Self.folder(deadFolder)
        try FileManager.default.createSymbolicLink(atPath: deadFolder + "/link", withDestinationPath: outside)
        let deadSibling = base + "nianbao-serve-\(dead)-Zz9yY8"
        try Self.folder(deadSibling)

        let kept = [
            "nianbao-serve-\(live)-q7W8e9",  // a live server's
            "nianbao-serve-\(getpid())-k3L4m5",  // this process's own
            "nianbao-serve-\(dead)-abc",  // not mkdtemp's six characters
            "nianbao-serve-0\(dead)-abcdef",  // a leading zero
            "nianbao-serve-x\(dead)-abcdef",
            "nianbao-server-\(dead)-abcdef",
            "nianbao-serve-abcdef",  // the form before process IDs were in the name
            "other-\(dead)-abcdef",
        ]
        for name in kept { try Self.folder(base + name) }
        let wideOpen = base + "nianbao-serve-\(dead)-w1d2e3"  // not 0700: not made by mkdtemp
        try Self.folder(wideOpen, mode: 0o755)
        let plainFile = base + "nianbao-serve-\(dead)-f1l2e3"
        FileManager.default.createFile(atPath: plainFile, contents: Data("7341\n".utf8))
        let link = base + "nianbao-serve-\(dead)-l1n2k3"  // a link named as ours, to a folder of ours
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside)

        // Starting a server sweeps its temporary folder, and says so.
        let log = ServeTests.LogLines()
        _ = NianbaoServer.application(
            settings: ServerSettings(port: 0, workers: WorkerSetup(executable: CLI.executable.path, temporaryFolder: parent.path)),
            log: log.append)
        #expect(!FileManager.default.fileExists(atPath: deadFolder) && !FileManager.default.fileExists(atPath: deadSibling))
        #expect(log.all == ["nianbao serve: removed 2 temporary folder(s) left by servers no longer running"])
        for name in kept { #expect(FileManager.default.fileExists(atPath: base + name + "/input"), "\(name)") }
        #expect(FileManager.default.fileExists(atPath: wideOpen + "/input") && FileManager.default.fileExists(atPath: plainFile))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == outside)
        #expect(try String(contentsOfFile: outside + "/input", encoding: .utf8) == "%PDF-1.7 7341\n")

        // A second start finds nothing to remove.
        #expect(ServerFolders.sweep(in: parent.path) == [])
    }

    @Test("the folders the server makes carry its process ID and are private")
    func naming() throws {
        let parent = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let made = try #require(ServerFolders.make(in: parent.path))
        let name = (made as NSString).lastPathComponent
        #expect(ServerFolders.owner(of: name) == getpid())
        #expect(name.hasPrefix("nianbao-serve-\(getpid())-") && name.count == "nianbao-serve-\(getpid())-".count + 6)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: made)[.posixPermissions] as? Int)
        #expect(mode == 0o700)
        #expect(ServerFolders.owner(of: "nianbao-serve-99999999999-abcdef") == nil)  // beyond pid_t
        #expect(ServerFolders.owner(of: "nianbao-serve-4321-abcdef") == 4321)
    }
}

extension ServeFolderSweepTests {
    @Test("the folder of a server killed but not yet reaped (a zombie) is removed too")
    func zombieOwner() throws {
        let parent = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        // A child that exits and is left unreaped until the end of the test: a zombie.
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { argv.forEach { free($0) } }
        #expect(posix_spawn(&pid, "/bin/true", nil, nil, argv, environ) == 0)
        defer { var status: Int32 = 0; waitpid(pid, &status, 0) }
        let deadline = Date().addingTimeInterval(10)
        while !ServerFolders.isZombie(pid) && Date() < deadline { usleep(10_000) }
        #expect(ServerFolders.isZombie(pid) && kill(pid, 0) == 0)
        #expect(!ServerFolders.isZombie(getpid()) && ServerFolders.isAlive(getpid()))

        let folder = parent.path + "/nianbao-serve-\(pid)-z0m1b2"
        try Self.folder(folder)
        #expect(ServerFolders.sweep(in: parent.path) == [folder])
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
