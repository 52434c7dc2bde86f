import ArgumentParser
import Foundation
import NianbaoKit

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dump the document model an extractor made of a file, as JSON (for debugging).",
        discussion: "Shows the blocks (headings, paragraphs, tables of cells, page furniture) with their locations, before any parsing.")

    @Argument(help: "The report file, or - for standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        do {
            let document = try DocumentReader.read(file)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(document)) ?? Data()
            try emit(String(decoding: data, as: UTF8.self) + "\n", to: output)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
    }
}
