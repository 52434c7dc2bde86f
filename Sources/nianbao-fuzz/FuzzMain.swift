import Foundation
import NianbaoKit

/// The fuzzing loop: `nianbao-fuzz --seeds DIR… [--count N] [--start K] [--seed S] [--timeout SEC]
/// [--max-rss MB] [--current FILE] [--http yes]`. With `--http yes` the iterations are hostile web
/// sites on 127.0.0.1 instead of mutated files (``HTTPFuzz``), the seeds their pages' bodies.
///
/// Iteration i mutates a seed file (chosen, with its mutations, by a generator seeded with S and i,
/// so any iteration can be replayed alone) and runs the bytes through extraction, parsing and the
/// JSON, CSV (long and wide) and HTML writers, in process. Before each input its bytes are written
/// to FILE, so that the script can keep the input of a crash. Errors the library reports are
/// expected; a crash, a hang or a runaway resident set ends the process (see ``Watchdog``). A
/// summary line ends a complete run: inputs by format and outcome, slowest input, peak memory.
@main
struct FuzzMain {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var seeds: [String] = [], count = 10_000, start = 0, seed: UInt64 = 1, timeout = 10.0, maxRSS = 1024
        var current = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-fuzz-current").path
        var http = false
        while !arguments.isEmpty {
            let flag = arguments.removeFirst()
            if arguments.isEmpty { usage("\(flag) needs a value") }
            switch flag {
            case "--seeds": while let next = arguments.first, !next.hasPrefix("--") { seeds.append(arguments.removeFirst()) }
            case "--count": count = number(arguments.removeFirst(), "--count takes a number")
            case "--start": start = number(arguments.removeFirst(), "--start takes a number")
            case "--seed": seed = number(arguments.removeFirst(), "--seed takes a number")
            case "--timeout": timeout = number(arguments.removeFirst(), "--timeout takes seconds")
            case "--max-rss": maxRSS = number(arguments.removeFirst(), "--max-rss takes megabytes")
            case "--current": current = arguments.removeFirst()
            case "--http": http = arguments.removeFirst() == "yes"
            default: usage("unknown option \(flag)")
            }
        }
        let files = try InputCollector().collect(arguments: seeds).map(\.source)
        guard !files.isEmpty else { usage("--seeds names no .pdf, .html, .txt or .md file") }
        let corpus = files.compactMap { path -> (name: String, bytes: [UInt8])? in
            guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
            return ((path as NSString).lastPathComponent, Array(data))
        }
        let watchdog = Watchdog(timeLimit: timeout, memoryLimitMB: maxRSS)
        if http {
            let began = Date()
            let lines = HTTPFuzz.run(seeds: corpus.map(\.bytes), start: start, count: count, seed: seed, watchdog: watchdog, current: current)
            print("""
                nianbao-fuzz --http: \(count - start) sites (iterations \(start)..<\(count), seed \(seed)) in \(String(format: "%.1f", Date().timeIntervalSince(began))) s, \
                no crash, no hang over \(timeout) s, no robots.txt bypass, no request over the bound, no credentials recorded
                outcomes:
                \(lines)
                """)
            return
        }
        var outcomes: [String: Int] = [:]
        var slowest = (seconds: 0.0, iteration: -1)
        let began = Date()
        for iteration in start..<count {
            var mutator = Mutator(rng: SplitMix64(seed: seed &* 0x1_0000_0001 &+ UInt64(iteration)))
            let base = corpus[mutator.int(0..<corpus.count)]
            // Spliced mostly with a seed of the same kind (PDF with PDF, text with text and HTML).
            let sameKind = corpus.filter { $0.name.lowercased().hasSuffix(".pdf") == base.name.lowercased().hasSuffix(".pdf") }
            let others = mutator.int(0..<4) == 0 ? corpus : sameKind
            let other = others[mutator.int(0..<others.count)]
            let isPDF = base.name.lowercased().hasSuffix(".pdf")
            let (bytes, _) = mutator.structure(mutator.mutate(base.bytes, other: other.bytes, text: !isPDF).bytes, pdf: isPDF)
            // Mostly the seed's own extension; sometimes another's, or none (format sniffing).
            let ext = ["", ".txt", ".html", ".pdf", ".md"]
            let name = mutator.int(0..<8) == 0 ? "fuzz-\(iteration)\(ext[mutator.int(0..<ext.count)])" : "fuzz-\(iteration)-\(base.name)"
            _ = FileManager.default.createFile(atPath: current, contents: Data(bytes))
            try? Data(name.utf8).write(to: URL(fileURLWithPath: current + ".name"))
            try? Data(String(iteration).utf8).write(to: URL(fileURLWithPath: current + ".iteration"))
            watchdog.begin(iteration)
            let t0 = Date()
            let outcome = run(bytes, name: name)
            let seconds = Date().timeIntervalSince(t0)
            watchdog.end()
            if seconds > slowest.seconds { slowest = (seconds, iteration) }
            let format = (try? converter.readers.detect(path: name, bytes: bytes).rawValue) ?? "refused"
            outcomes["\(format) \(outcome)", default: 0] += 1
        }
        let total = outcomes.values.reduce(0, +)
        let lines = outcomes.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n")
        print("""
            nianbao-fuzz: \(total) inputs (iterations \(start)..<\(count), seed \(seed)) in \(String(format: "%.1f", Date().timeIntervalSince(began))) s, \
            no crash, no hang over \(timeout) s, no resident set over \(maxRSS) MB
            slowest input: iteration \(slowest.iteration), \(String(format: "%.3f", slowest.seconds)) s; peak resident set: \(watchdog.peakResident / 1_048_576) MB (during iteration \(watchdog.peakIteration))
            outcomes (format, result):
            \(lines)
            """)
    }

    /// Extract, parse and write every format; "report" when a report came out, else the error's kind.
    static let converter = Converter()

    static func run(_ bytes: [UInt8], name: String) -> String {
        do throws(NianbaoError) {
            let report = try converter.convertLocal(.bytes(bytes, name: name))
            // Every writer, with the options that change what it writes.
            var variants = [RenderOptions()]
            var wide = RenderOptions(), annotated = RenderOptions()
            wide.csv = .wide
            annotated.annotate = true
            annotated.showPassing = true
            variants += [wide, annotated]
            var size = 0
            for writer in converter.writers.writers {
                for options in variants { size += writer.render([report], options: options).utf8.count }
            }
            return size > 0 ? "report" : "empty"
        } catch {
            return Mirror(reflecting: error).children.first?.label ?? "\(error)"
        }
    }

    static func number<N: LosslessStringConvertible>(_ text: String, _ message: String) -> N {
        guard let value = N(text) else { usage(message) }
        return value
    }

    static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("nianbao-fuzz: \(message)\n".utf8))
        exit(64)
    }
}
