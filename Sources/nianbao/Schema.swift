import ArgumentParser
import NianbaoKit

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema of convert's output (generated from the template definitions).")

    func run() throws {
        print(ReportSchema.value().serialized())
    }
}
