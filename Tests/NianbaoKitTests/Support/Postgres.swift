import Foundation
import Testing
@testable import NianbaoCorpus

/// The PostgreSQL server of the corpus tests: NIANBAO_TEST_POSTGRES_URL (scripts/test starts a
/// throwaway cluster and sets it), else a throwaway cluster of this test process's own, made by
/// scripts/postgres-cluster when Debian's postgresql is installed and removed when the process
/// ends — so a plain `swift test` runs these tests too. Without a server they fail, saying why;
/// NIANBAO_SKIP_POSTGRES=1 alone skips them.
enum TestPostgres {
    static let skipped = ProcessInfo.processInfo.environment["NIANBAO_SKIP_POSTGRES"] == "1"

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The server's URL (its `postgres` database), or why there is none.
    static let server: Result<String, Unavailable> = {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["NIANBAO_TEST_POSTGRES_URL"], !url.isEmpty { return .success(url) }
        let script = Fixtures.root.deletingLastPathComponent().appendingPathComponent("scripts/postgres-cluster").path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-pg-\(UUID().uuidString.prefix(8))").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, "start", dir, String(ProcessInfo.processInfo.processIdentifier)]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let advice = "set NIANBAO_TEST_POSTGRES_URL to a server the tests may create databases on, install Debian's postgresql "
            + "(scripts/test does), or set NIANBAO_SKIP_POSTGRES=1 to skip the PostgreSQL tests"
        do { try process.run() } catch { return .failure(Unavailable(description: "cannot run \(script): \(error); \(advice)")) }
        let url = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, !url.isEmpty else {
            return .failure(Unavailable(description: "no PostgreSQL server for the tests (\(message.trimmingCharacters(in: .whitespacesAndNewlines))): \(advice)"))
        }
        return .success(url)
    }()

    /// A new, empty database on the server (a unique name); drop it after the test.
    static func database() throws -> TestDatabase {
        let server = try server.get()
        let name = "nianbao_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresConnection(url: server)
        try admin.execute("CREATE DATABASE \(name)")
        var parts = try #require(URLComponents(string: server))
        parts.path = "/" + name
        return TestDatabase(server: server, name: name, url: try #require(parts.string))
    }
}

/// A database of one test, dropped by ``drop()`` (also when connections to it remain).
struct TestDatabase {
    var server: String
    var name: String
    var url: String

    func drop() {
        guard let admin = try? PostgresConnection(url: server) else { return }
        _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
