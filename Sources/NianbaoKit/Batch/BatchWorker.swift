import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
#if canImport(Glibc)
import Glibc
#endif

/// The worker side of a batch and of `nianbao serve` (`nianbao _worker`): reads ``WorkerRequest``s from standard input,
/// one JSON line each, converts each input and answers with one ``WorkerReply`` line on standard
/// output. A trap, a hang or a memory blow-up then ends this process, not the batch (see
/// ``WorkerPool``).
public enum BatchWorker {
    /// Serves requests until standard input ends or the parent process is gone.
    public static func serve() async {
        let replies = takeStandardOutput()
        watchParent()
        #if canImport(Glibc)
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        #endif
        let faults = TestFault.parse(ProcessInfo.processInfo.environment[TestFault.variable])
        while let line = readLine(strippingNewline: true) {
            var reply: WorkerReply
            var id: UInt64?
            do {
                let request = try WorkerWire.decode(WorkerRequest.self, from: Data(line.utf8))
                id = request.id
                TestFault.apply(faults, to: request.source)
                if let served = request.served { TestFault.apply(faults, to: served.label) }
                reply = await convert(request)
            } catch {
                reply = WorkerReply(failure: BatchFailure(message: "the worker could not read its request (\(error))"))
            }
            reply.id = id
            var unencodable = WorkerReply(failure: BatchFailure(message: "the report could not be encoded"))
            unencodable.id = id
            // Never no answer: the pool would wait for it until the time limit.
            let fallback = Data(#"{"failure":{"message":"the report could not be encoded","isOutputError":false}}"#.utf8 + [10])
            replies.write((try? WorkerWire.line(reply)) ?? (try? WorkerWire.line(unencodable)) ?? fallback)
        }
    }

    /// Reads and parses one input.
    public static func convert(_ request: WorkerRequest) async -> WorkerReply {
        defer { BatchMemory.release() }
        if let served = request.served {
            var reply = convert(served, at: request.source)
            if let limits = request.pageImages, let report = reply.report, let bytes = try? Data(contentsOf: URL(fileURLWithPath: request.source)) {
                reply.pages = ReportPages.draw(report, pdf: Array(bytes), limits: limits)
            }
            return reply
        }
        do throws(NianbaoError) {
            let input: Converter.Input = request.isURL ? .url(request.source) : .path(request.source)
            return WorkerReply(report: try await Converter().convert(input, options: request.options))
        } catch {
            return WorkerReply(failure: BatchFailure(error))
        }
    }

    /// Reads a file `nianbao serve` saved, as the server would have read it in memory.
    static func convert(_ served: ServedInput, at path: String) -> WorkerReply {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            return WorkerReply(failure: BatchFailure(message: "the worker could not read the saved input (\(error.localizedDescription))"))
        }
        let converter = Converter()
        do throws(NianbaoError) {
            switch served {
            case let .upload(name):
                return WorkerReply(report: try converter.convertLocal(.bytes(bytes, name: name)))
            case let .page(fetched):
                return reply(try RemoteReport.interpret(fetched.response(body: bytes), converter: converter))
            case let .pictured(fetched, pictures):
                return reply(try RemoteReport.interpret(fetched.response(body: bytes), converter: converter, pictures: pictures))
            case let .attachment(fetched, page):
                return WorkerReply(report: try RemoteReport.readAttachment(fetched.response(body: bytes), page: page, converter: converter))
            }
        } catch {
            return WorkerReply(failure: BatchFailure(error))
        }
    }

    /// The reply for what a served page holds.
    static func reply(_ content: RemoteReport.Content) -> WorkerReply {
        switch content {
        case let .report(report): return WorkerReply(report: report)
        case let .attachment(link): return WorkerReply(attachment: link.url)
        case let .pictures(wanted): return WorkerReply(pictures: wanted)
        }
    }

    /// Keeps standard output for the replies alone: anything a library prints there goes to
    /// standard error instead, which the parent reads for the reason of a crash.
    private static func takeStandardOutput() -> FileHandle {
        let replies = dup(STDOUT_FILENO)
        guard replies >= 0 else { return FileHandle.standardOutput }
        _ = dup2(STDERR_FILENO, STDOUT_FILENO)
        return FileHandle(fileDescriptor: replies, closeOnDealloc: true)
    }

    /// The batch's process id, set by ``WorkerPool`` in the worker's environment.
    static let parentVariable = "NIANBAO_WORKER_PARENT"

    /// Ends the worker when the batch that started it is gone, even in the middle of a conversion
    /// (while idle, the end of standard input ends it). A worker whose batch died before this ran
    /// has another parent already, and ends at once.
    private static func watchParent() {
        let named = ProcessInfo.processInfo.environment[parentVariable].flatMap { pid_t($0) }
        let parent = named ?? getppid()
        Thread.detachNewThread {
            while getppid() == parent && isAlive(parent) { usleep(250_000) }
            _exit(0)
        }
    }

    /// Whether a process runs: a killed parent not yet reaped by its own parent is a zombie, and
    /// stays our parent (getppid) until it is reaped, which may wait for us.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        // "PID (name) STATE …": the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}

/// Faults a test can make a worker commit, to check that the batch contains them:
/// `NIANBAO_TEST_FAULT=crash:SUBSTRING,hang:SUBSTRING,memory:SUBSTRING` makes the worker trap,
/// hang or allocate without end on an input whose path contains SUBSTRING. Read only by
/// `nianbao _worker`, a hidden command the batch starts itself; `convert` never reads it.
enum TestFault {
    static let variable = "NIANBAO_TEST_FAULT"

    enum Kind: String { case crash, hang, memory }

    static func parse(_ value: String?) -> [(Kind, String)] {
        guard let value else { return [] }
        return value.split(separator: ",").compactMap { part -> (Kind, String)? in
            let halves = part.split(separator: ":", maxSplits: 1)
            guard halves.count == 2, let kind = Kind(rawValue: String(halves[0])) else { return nil }
            return (kind, String(halves[1]))
        }
    }

    static func apply(_ faults: [(Kind, String)], to source: String) {
        for (kind, substring) in faults where source.contains(substring) {
            switch kind {
            case .crash:
                fatalError("\(variable): a trap on \(source)")
            case .hang:
                while true { sleep(60) }
            case .memory:
                var blocks: [[UInt8]] = []
                while true { blocks.append([UInt8](repeating: 1, count: 16 << 20)) }
            }
        }
    }
}

/// Returns the memory freed by a conversion to the system.
public enum BatchMemory {
    /// glibc keeps freed memory in per-thread arenas, where fragmentation made the resident set of a
    /// long PDF batch grow with the number of documents (139 MB at 250 documents, 158 MB at 3,000);
    /// trimming after each document keeps it flat. A no-op elsewhere.
    public static func release() {
        #if canImport(Glibc)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if canImport(Glibc)
/// glibc's `int malloc_trim(size_t pad)` (<malloc.h>, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
