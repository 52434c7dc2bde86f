import ArgumentParser
import NianbaoKit

/// `nianbao _worker`: the process a batch converts its inputs in (see WorkerPool). Hidden: it reads
/// requests as JSON lines on standard input and is of no use typed by hand.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_worker", abstract: "Convert batch inputs sent as JSON lines on standard input (internal).",
        shouldDisplay: false)

    func run() async {
        await BatchWorker.serve()
    }
}
