import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// What a batch wrote into its output folder, kept in `DIR/.nianbao-batch.json` so that a re-run
/// skips inputs whose output is up to date.
///
/// An output is up to date when the state records it for the same source with the same SHA-256,
/// the file is still there, and the run's settings (format and format options) are the ones it was
/// written with. The state is written atomically, and an output is recorded only after it was
/// written, so an interrupted run never makes a missing or stale output look current.
public struct BatchState: Codable, Equatable, Sendable {
    /// The state file's name inside the output folder.
    public static let fileName = ".nianbao-batch.json"

    /// The state file of one shard of a batch (`--shard I/N`): each shard keeps its own, so
    /// shards writing into one folder at once never overwrite each other's state.
    public static func fileName(shard: BatchShard?) -> String {
        guard let shard else { return fileName }
        return ".nianbao-batch.shard-\(shard.index)-of-\(shard.count).json"
    }

    /// What one output was made from.
    public struct Entry: Codable, Equatable, Sendable {
        /// The input as given (a path, or a URL without its userinfo: credentials are never recorded).
        public var source: String
        /// The SHA-256 of the source's bytes.
        public var sha256: String

        public init(source: String, sha256: String) {
            self.source = WebAddress.withoutUserinfo(source)
            self.sha256 = sha256
        }
    }

    public var version = 1
    /// The format and options the outputs were written with, e.g. "json pretty".
    public var settings: String
    /// Output file name → what it was made from.
    public var outputs: [String: Entry] = [:]

    public init(settings: String) {
        self.settings = settings
    }

    /// The state in `directory`, or an empty one when there is none, it cannot be read, or it was
    /// written with other settings (then every output is converted again).
    public static func load(directory: String, settings: String, shard: BatchShard? = nil) -> BatchState {
        let path = (directory as NSString).appendingPathComponent(fileName(shard: shard))
        guard let data = FileManager.default.contents(atPath: path),
              let state = try? JSONDecoder().decode(BatchState.self, from: data),
              state.version == 1, state.settings == settings
        else { return BatchState(settings: settings) }
        return state
    }

    /// True when `name` in `directory` was made from `source` with these bytes and is still there.
    public func isUpToDate(_ name: String, source: String, sha256: String, directory: String) -> Bool {
        guard outputs[name] == Entry(source: source, sha256: sha256) else { return false }
        return FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(name))
    }

    /// Writes the state into `directory` atomically.
    public func save(directory: String, shard: BatchShard? = nil) throws(NianbaoError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        try AtomicFile.write(String(decoding: data, as: UTF8.self) + "\n", to: (directory as NSString).appendingPathComponent(Self.fileName(shard: shard)))
    }
}
