import ArgumentParser
import Foundation
import NianbaoKit

/// Range checks of numeric options: a value that is not finite or not in range is a usage error
/// (exit 64) before anything runs, never a trap or a silently clamped value later.
enum OptionCheck {
    /// Seconds for `--timeout`: more than nothing, at most a day.
    static let timeout: ClosedRange<Double> = 0.001...86_400
    /// Seconds for `--delay`: none to an hour.
    static let delay: ClosedRange<Double> = 0...3_600

    static func number(_ value: Double, _ option: String, in range: ClosedRange<Double>) throws {
        guard value.isFinite, range.contains(value) else {
            throw ValidationError("\(option) must be a number from \(format(range.lowerBound)) to \(format(range.upperBound)), not \(value)")
        }
    }

    static func integer(_ value: Int, _ option: String, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            throw ValidationError("\(option) must be a whole number from \(range.lowerBound)\(upper), not \(value)")
        }
    }

    /// `--max-bytes`: at least one byte.
    static func maxBytes(_ value: Int?) throws {
        if let value { try integer(value, "--max-bytes", in: 1...Int.max) }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// Refuses to write over an input: an output path that names the same file as an input (same
/// device and inode: the path itself, a hard link or a symbolic link to it) is an error before
/// anything is written (`convert *.html --out . --to html` would otherwise replace the sources).
enum InputGuard {
    static func refuseOverwriting(inputs: [String], outputs: [String]) throws {
        let identities = Dictionary(
            inputs.filter { $0 != "-" && !isURL($0) }.compactMap { path in FileIdentity(path).map { ($0, path) } },
            uniquingKeysWith: { first, _ in first })
        guard !identities.isEmpty else { return }
        for output in outputs where output != "-" {
            if let identity = FileIdentity(output), let input = identities[identity] {
                printError("\(output): is the input \(input); nothing was written (choose another output)")
                throw ExitCode.validationFailure
            }
        }
    }
}
