import ArgumentParser
import Foundation
import NianbaoCorpus
import NianbaoKit

/// What became of one input of a batch.
enum BatchOutcome: Sendable {
    /// Converted; `records` holds its CSV records when the batch makes one CSV.
    case converted(sha256: String, records: [[String]]?)
    /// Its outputs were up to date.
    case skipped
    case failed(BatchFailure)
}

/// The time a batch spends writing reports into its corpus (`--stats`), summed over the jobs
/// running at once.
final class CorpusTime: @unchecked Sendable {
    private let lock = NSLock()
    private var reports = 0
    private var total = Duration.zero

    func add(_ duration: Duration) {
        lock.withLock {
            reports += 1
            total += duration
        }
    }

    /// `stats: 1000 reports written to the corpus in 3.42 s (3.42 ms a report)`.
    var summary: String {
        lock.lock()
        let reports = self.reports, total = self.total
        lock.unlock()
        let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        let each = reports == 0 ? "" : String(format: " (%.2f ms a report)", seconds * 1000 / Double(reports))
        return "stats: \(reports) report\(reports == 1 ? "" : "s") written to the corpus in \(String(format: "%.2f", seconds)) s\(each)"
    }
}

/// Everything a batch job needs, shared read-only by the jobs running at once.
struct BatchPlan: Sendable {
    var inputs: [BatchInput]
    /// Output names in `directory`, when the batch writes one file per input (--out).
    var names: [String]?
    var directory: String?
    /// The state as the run found it (for the up-to-date test).
    var state: BatchState?
    /// The corpus (--db): an SQLite file or a PostgreSQL database.
    var corpus: (any CorpusStore)?
    /// The CSV layout when the batch makes one CSV of all inputs.
    var combinedCSV: ReportCSV.Layout?
    var format: OutputFormat
    var options: RenderOptions
    var force: Bool
    /// How inputs are read (password, size limits, time-outs).
    var conversion: ConversionOptions
    /// The largest input file read.
    var maxBytes: Int
    /// The worker processes the inputs are read and parsed in.
    var workers: WorkerPool
    /// DOC, WPS and RTF inputs LibreOffice converted before the run, several per start.
    var office: OfficeConversions = .none
    /// The time spent in corpus writes (--stats).
    let corpusTime = CorpusTime()

    /// Converts input `index`: skipped when its outputs are up to date, otherwise read and parsed
    /// in a worker process, then written to its file and stored in the corpus here.
    func run(_ index: Int) async -> BatchOutcome {
        let input = inputs[index]
        if !input.isURL {
            // A file is hashed here, so that an up-to-date one costs no worker.
            let upToDate = await BatchRunner.offload { () -> Result<Bool, NianbaoError> in
                do throws(NianbaoError) {
                    return .success(try isUpToDate(index, sha256: SHA256.hex(DocumentReader.bytes(of: input.source, maxBytes: maxBytes))))
                } catch {
                    return .failure(error)
                }
            }
            switch upToDate {
            case .success(true): return .skipped
            case .success(false): break
            case let .failure(error): return .failed(BatchFailure(error))
            }
        }
        var options = conversion
        options.officeConversion = input.isURL ? nil : office.converted[input.source]
        let request = WorkerRequest(source: input.source, isURL: input.isURL, options: options)
        return await BatchRunner.offload {
            defer { BatchMemory.release() }
            do throws(NianbaoError) {
                switch workers.convert(request) {
                case let .failure(failure): return .failed(failure)
                case let .success(report):
                    // A URL's SHA-256 is known only once it is fetched.
                    if input.isURL, try isUpToDate(index, sha256: report.source.sha256) { return .skipped }
                    return finish(index, report)
                }
            } catch {
                return .failed(BatchFailure(error))
            }
        }
    }

    /// True when every output asked for already holds these source bytes (never with --force,
    /// nor when the batch makes one CSV, which needs every report).
    func isUpToDate(_ index: Int, sha256: String) throws(NianbaoError) -> Bool {
        guard !force, combinedCSV == nil, names != nil || corpus != nil else { return false }
        if let names, let directory, let state {
            guard state.isUpToDate(names[index], source: inputs[index].source, sha256: sha256, directory: directory) else { return false }
        }
        if let corpus { return try corpus.contains(sha256: sha256) }
        return true
    }

    /// Writes the report's file and stores it in the corpus.
    func finish(_ index: Int, _ report: AnnualReport) -> BatchOutcome {
        do throws(NianbaoError) {
            if let names, let directory {
                try AtomicFile.write(Nianbao.converter.render([report], as: format, options: options) ?? "", to: (directory as NSString).appendingPathComponent(names[index]))
            }
            if let corpus {
                let started = ContinuousClock.now
                defer { corpusTime.add(ContinuousClock.now - started) }
                try corpus.upsert(report, convertedAt: Date())
            }
            let records = combinedCSV.map { $0 == .long ? ReportCSV.longRecords(report) : [ReportCSV.wideRecord(report)] }
            return .converted(sha256: report.source.sha256, records: records)
        } catch {
            return .failed(BatchFailure(error))
        }
    }
}

extension BatchPlan {
    /// Keeps the inputs (and their output names) that are `shard`'s.
    mutating func keep(_ shard: BatchShard) {
        let kept = inputs.indices.filter { shard.contains(inputs[$0].source) }
        inputs = kept.map { inputs[$0] }
        names = names.map { all in kept.map { all[$0] } }
    }
}

extension Convert {
    /// The shard of the batch this run converts (`--shard I/N`, or `--shard auto` from the
    /// scheduler's environment), nil for the whole batch.
    func batchShard() throws -> BatchShard? {
        guard let shard else { return nil }
        if shard != "auto" { return BatchShard(parsing: shard) }  // checked in validate()
        do throws(ShardError) {
            return try BatchShard.fromEnvironment(ProcessInfo.processInfo.environment, shards: shards)
        } catch {
            printError("--shard auto: \(error.description)")
            throw ExitCode.validationFailure
        }
    }

    /// Many inputs: one output each in --out, one CSV, and/or the corpus; --jobs at a time.
    func runBatch() async throws {
        let format = self.format ?? .json
        let started = Date()
        let shard = try batchShard()
        let workers = WorkerPool(
            executable: WorkerPool.currentExecutable, command: ["nianbao", "_worker"],
            limits: WorkerLimits(seconds: timeoutPerInput, megabytes: maxMemoryPerInput))
        defer { workers.shutdown() }
        var plan = BatchPlan(
            inputs: [], format: format, options: renderOptions, force: force, conversion: conversionOptions, maxBytes: conversionOptions.maxBytes,
            workers: workers)
        do throws(NianbaoError) {
            if let out {
                do {
                    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                } catch {
                    throw NianbaoError.unwritableOutput(path: out, reason: "cannot create the folder")
                }
            }
            plan.inputs = try InputCollector(excluding: out.map { [$0] } ?? [], extensions: Nianbao.converter.readers.folderExtensions).collect(arguments: files, lists: fromList)
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        guard !plan.inputs.isEmpty else {
            let extensions = Nianbao.converter.readers.folderExtensions.sorted().map { "." + $0 }
            printError("no inputs: the folders and lists given hold no \(extensions.dropLast().joined(separator: ", ")) or \(extensions.last ?? "") file")
            throw ExitCode(ExitStatus.badInput)
        }
        if let out {
            plan.directory = out
            plan.names = OutputNaming.names(for: plan.inputs, fileExtension: writer?.extensions.first ?? format.rawValue)
        }
        // Names are given over the whole batch first, so that every shard names an input alike.
        if let shard {
            let total = plan.inputs.count
            plan.keep(shard)
            // A shard without inputs still runs: its state file and corpus are made, empty, so
            // that every shard leaves the same files behind (a merge of shard-*.sqlite finds all).
            if progress != .none { printError("shard \(shard): \(plan.inputs.count) of the batch's \(total) inputs") }
        }
        // Before anything is written: no output may be one of the inputs.
        let outputs = [db, output].compactMap { $0 } + (out.map { directory in
            ((plan.names ?? []) + [BatchState.fileName(shard: shard)]).map { (directory as NSString).appendingPathComponent($0) }
        } ?? [])
        try InputGuard.refuseOverwriting(inputs: plan.inputs.filter { !$0.isURL }.map(\.source), outputs: outputs)
        do throws(NianbaoError) {
            if let db { plan.corpus = try CorpusLocation.open(db) }
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        if let out {
            plan.state = BatchState.load(directory: out, settings: writer?.settings(renderOptions) ?? format.rawValue, shard: shard)
        } else if format == .csv {
            plan.combinedCSV = csv ?? .long
        }

        plan.office = convertWordFiles(plan)
        defer { plan.office.remove() }

        let progress = BatchProgress(mode: progress, total: plan.inputs.count)
        var state = plan.state
        var lastSave = Date()
        var records: [[[String]]?] = Array(repeating: nil, count: plan.inputs.count)
        var failures: [(Int, BatchFailure)] = []
        var converted = 0, skipped = 0
        let job = plan
        await BatchRunner(jobs: jobs ?? BatchRunner.activeProcessors).run(count: plan.inputs.count, job: { await job.run($0) }) { index, outcome in
            switch outcome {
            case let .converted(sha256, csvRecords):
                converted += 1
                records[index] = csvRecords
                if let names = job.names {
                    state?.outputs[names[index]] = BatchState.Entry(source: job.inputs[index].source, sha256: sha256)
                }
                progress.record()
            case .skipped:
                skipped += 1
                progress.record(skipped: true)
            case let .failed(error):
                failures.append((index, error))
                // One CSV: the failures are listed in input order after the run, next to its summary.
                progress.record(failure: job.combinedCSV == nil ? error.description : nil)
            }
            if let state, let out, Date().timeIntervalSince(lastSave) > 2 {
                try? state.save(directory: out, shard: shard)
                lastSave = Date()
            }
        }
        progress.finish()

        var writeFailed = failures.contains { $0.1.isOutputError }
        if let state, let out {
            do throws(NianbaoError) { try state.save(directory: out, shard: shard) } catch {
                printError(error.description)
                writeFailed = true
            }
        }
        if let layout = plan.combinedCSV {
            for (_, error) in failures.sorted(by: { $0.0 < $1.0 }) { printError(error.description) }
            let converted = records.compactMap { $0 }
            if !converted.isEmpty {
                let header = layout == .long ? ReportCSV.longHeader : ReportCSV.wideHeader
                do {
                    try emit(CSVText.document(header: header, records: converted.flatMap { $0 }, byteOrderMark: bom, raw: csvRaw), to: output)
                } catch {
                    printError(error.description)
                    throw exitStatus(for: error)
                }
                if !failures.isEmpty {
                    printError("\(converted.count) of \(plan.inputs.count) inputs converted; the others are left out of the CSV")
                }
            }
        } else {
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            printError("\(converted) converted, \(skipped) up to date, \(failures.count) failed, of \(plan.inputs.count) input\(plan.inputs.count == 1 ? "" : "s") (\(seconds) s)")
        }
        if stats { printError(plan.corpus == nil ? "stats: no corpus written (no --db)" : plan.corpusTime.summary) }
        if writeFailed { throw ExitCode(ExitStatus.badOutput) }
        if !failures.isEmpty { throw ExitCode(ExitStatus.badInput) }
    }

    /// The batch's DOC, WPS and RTF files that are not up to date, converted to DOCX several to one
    /// LibreOffice start (when there are two or more).
    private func convertWordFiles(_ plan: BatchPlan) -> OfficeConversions {
        let pending = plan.inputs.indices.filter { index in
            let input = plan.inputs[index]
            guard !input.isURL, OfficeConversions.needsLibreOffice(input.source, maxBytes: plan.maxBytes) else { return false }
            guard let bytes = try? DocumentReader.bytes(of: input.source, maxBytes: plan.maxBytes) else { return false }
            return (try? plan.isUpToDate(index, sha256: SHA256.hex(bytes))) != true
        }
        return OfficeConversions.prepare(pending.map { plan.inputs[$0].source }, maxBytes: plan.maxBytes, timeout: plan.conversion.officeTimeout)
    }
}
