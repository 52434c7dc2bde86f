import ArgumentParser
import Foundation
import NianbaoCorpus
import NianbaoKit

/// `nianbao corpus`: work on SQLite corpora as a whole.
struct Corpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work on corpora (convert --db) as a whole.",
        subcommands: [CorpusMerge.self]
    )
}

/// `nianbao corpus merge A.sqlite B.sqlite … --into C.sqlite`.
struct CorpusMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge corpora written apart (e.g. by the shards of a batch, --shard I/N --db shard-I.sqlite) into one.",
        discussion: """
            Each source is merged in one transaction: a report the target lacks (by the SHA-256 of its \
            source bytes) is added with all its cells, checks and diagnostics; a report the target holds is \
            replaced when the source converted it later, else kept. Merging a source again changes nothing. \
            The target is created when missing. crossYearChecks are not copied: run compare --db on the \
            merged corpus. The target may be a PostgreSQL database (postgres://USER@HOST/DB): there each \
            report is its own transaction, so a merge may run beside shards writing it. Exit 2 when a source \
            is not a nianbao corpus (the sources before it stay merged), 3 when the target cannot be written.
            """
    )

    @Argument(help: "The corpora to merge (SQLite files written by convert --db).")
    var sources: [String]

    @Option(name: .long, help: ArgumentHelp("The corpus to merge them into: an SQLite file (created if missing) or a PostgreSQL database (postgres://USER@HOST/DB).", valueName: "FILE|URL"))
    var into: String

    func validate() throws {
        if sources.isEmpty { throw ValidationError("name the corpora to merge") }
    }

    func run() throws {
        try InputGuard.refuseOverwriting(inputs: sources, outputs: [into])
        let corpus: any CorpusStore
        do throws(NianbaoError) { corpus = try CorpusLocation.open(into) } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        for source in sources {
            do throws(NianbaoError) {
                let count = try corpus.merge(from: source)
                printError("\(source): \(count.added) added, \(count.replaced) replaced, \(count.kept) kept")
            } catch {
                printError(error.description)
                throw exitStatus(for: error)
            }
        }
    }
}
