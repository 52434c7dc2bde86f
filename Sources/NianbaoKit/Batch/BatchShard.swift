import NianbaoSupport

/// One part of a batch split over several processes or machines (`--shard I/N`): input I of N
/// takes the inputs whose identity — the path as given, or the URL — hashes to I modulo N. Every
/// shard finds its part without talking to the others, the N parts are disjoint and together the
/// whole batch, and a shard run again takes the same inputs (the hash is FNV-1a of the UTF-8
/// bytes, the same on every machine and in every release).
public struct BatchShard: Equatable, Sendable, CustomStringConvertible {
    /// 0 ..< count.
    public let index: Int
    public let count: Int

    /// The most shards a batch may be split into.
    public static let maximumCount = 100_000

    public init?(index: Int, count: Int) {
        guard (1...Self.maximumCount).contains(count), (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// "I/N" (0 ≤ I < N); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCIIDigit) }),
            let index = Int(parts[0]), let count = Int(parts[1])
        else { return nil }
        self.init(index: index, count: count)
    }

    /// The shard a scheduler's job array gives this process: Slurm's `SLURM_ARRAY_TASK_ID` (less
    /// `SLURM_ARRAY_TASK_MIN`) of `SLURM_ARRAY_TASK_COUNT`, or Kubernetes' `JOB_COMPLETION_INDEX`
    /// of `shards` (an Indexed Job names no count). Throws a message saying what is missing.
    public static func fromEnvironment(_ environment: [String: String], shards: Int?) throws(ShardError) -> BatchShard {
        func number(_ name: String) throws(ShardError) -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text.trimmingWhitespaces()) else { throw ShardError("\(name)=\(text) is not a whole number") }
            return value
        }
        if let task = try number("SLURM_ARRAY_TASK_ID") {
            let first = try number("SLURM_ARRAY_TASK_MIN") ?? 0
            let arrayCount = try number("SLURM_ARRAY_TASK_COUNT")
            guard let count = shards ?? arrayCount else {
                throw ShardError("SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT; pass --shards N")
            }
            guard let shard = BatchShard(index: task - first, count: count) else {
                throw ShardError("Slurm task \(task) (first \(first)) is not one of \(count) shards; use --array=0-\(count - 1) or pass --shard I/N")
            }
            return shard
        }
        if let index = try number("JOB_COMPLETION_INDEX") {
            guard let count = shards else { throw ShardError("JOB_COMPLETION_INDEX is set; pass --shards N (the Job's completions)") }
            guard let shard = BatchShard(index: index, count: count) else {
                throw ShardError("JOB_COMPLETION_INDEX=\(index) is not one of \(count) shards")
            }
            return shard
        }
        throw ShardError("--shard auto needs SLURM_ARRAY_TASK_ID (a Slurm job array) or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)")
    }

    /// Whether the input named `source` (a path as given, or a URL) is this shard's.
    public func contains(_ source: String) -> Bool {
        Int(Self.hash(source) % UInt64(count)) == index
    }

    /// FNV-1a, 64 bits, of the UTF-8 bytes.
    public static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// "I/N".
    public var description: String { "\(index)/\(count)" }
}

/// Why the shard of this process cannot be told.
public struct ShardError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
