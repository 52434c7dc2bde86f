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
    case failed(NianbaoError)
}

/// Everything a batch job needs, shared read-only by the jobs running at once.
struct BatchPlan: Sendable {
    var inputs: [BatchInput]
    /// Output names in `directory`, when the batch writes one file per input (--out).
    var names: [String]?
    var directory: String?
    /// The state as the run found it (for the up-to-date test).
    var state: BatchState?
    var corpus: CorpusDatabase?
    /// The CSV layout when the batch makes one CSV of all inputs.
    var combinedCSV: ReportCSV.Layout?
    var format: OutputFormat
    var options: RenderOptions
    var force: Bool
    var password: String?
    var timeout: Double

    /// Converts input `index`: skipped when its outputs are up to date, otherwise read, parsed,
    /// written to its file and stored in the corpus.
    func run(_ index: Int) async -> BatchOutcome {
        let input = inputs[index]
        if input.isURL {
            do throws(NianbaoError) {
                let fetcher = HTTPFetcher(options: HTTPFetcher.Options(timeout: timeout))
                let report = try await RemoteReport.read(input.source, fetcher: fetcher).report
                if try isUpToDate(index, sha256: report.source.sha256) { return .skipped }
                return try await BatchRunner.offload { finish(index, report) }.get()
            } catch {
                return .failed(error)
            }
        }
        return await BatchRunner.offload {
            defer { BatchMemory.release() }
            do throws(NianbaoError) {
                let bytes = try DocumentReader.bytes(of: input.source)
                if try isUpToDate(index, sha256: SHA256.hex(bytes)) { return .skipped }
                return try finish(index, ReportReader.report(bytes: bytes, path: input.source, password: password)).get()
            } catch {
                return .failed(error)
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
    func finish(_ index: Int, _ report: AnnualReport) -> Result<BatchOutcome, NianbaoError> {
        do throws(NianbaoError) {
            if let names, let directory {
                try AtomicFile.write(Convert.render(report, format: format, options: options), to: (directory as NSString).appendingPathComponent(names[index]))
            }
            try corpus?.upsert(report)
            let records = combinedCSV.map { $0 == .long ? ReportCSV.longRecords(report) : [ReportCSV.wideRecord(report)] }
            return .success(.converted(sha256: report.source.sha256, records: records))
        } catch {
            return .failure(error)
        }
    }
}

/// Returns the memory freed by a conversion to the system.
enum BatchMemory {
    /// glibc keeps freed memory in per-thread arenas, where fragmentation made the resident set of a
    /// long PDF batch grow with the number of documents (139 MB at 250 documents, 158 MB at 3,000);
    /// trimming after each document keeps it flat. A no-op elsewhere.
    static func release() {
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

extension Convert {
    /// Many inputs: one output each in --out, one CSV, and/or the corpus; --jobs at a time.
    func runBatch() async throws {
        let format = self.format ?? .json
        let started = Date()
        var plan = BatchPlan(
            inputs: [], format: format, options: renderOptions, force: force, password: password, timeout: timeout ?? 30)
        do throws(NianbaoError) {
            if let out {
                do {
                    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                } catch {
                    throw NianbaoError.unwritableOutput(path: out, reason: "cannot create the folder")
                }
            }
            plan.inputs = try InputCollector(excluding: out.map { [$0] } ?? []).collect(arguments: files, lists: fromList)
            if let db { plan.corpus = try CorpusDatabase(path: db) }
        } catch {
            printError(error.description)
            throw exitStatus(for: error)
        }
        guard !plan.inputs.isEmpty else {
            printError("no inputs: the folders and lists given hold no .pdf, .html, .htm, .shtml, .txt or .md file")
            throw ExitCode(ExitStatus.badInput)
        }
        if let out {
            plan.directory = out
            plan.names = OutputNaming.names(for: plan.inputs, fileExtension: format.rawValue)
            plan.state = BatchState.load(directory: out, settings: renderOptions.settings(format))
        } else if format == .csv {
            plan.combinedCSV = csv ?? .long
        }

        let progress = BatchProgress(mode: progress, total: plan.inputs.count)
        var state = plan.state
        var lastSave = Date()
        var records: [[[String]]?] = Array(repeating: nil, count: plan.inputs.count)
        var failures: [(Int, NianbaoError)] = []
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
                try? state.save(directory: out)
                lastSave = Date()
            }
        }
        progress.finish()

        var writeFailed = failures.contains { if case .unwritableOutput = $0.1 { true } else { false } }
        if let state, let out {
            do throws(NianbaoError) { try state.save(directory: out) } catch {
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
                    try emit(CSVText.document(header: header, records: converted.flatMap { $0 }, byteOrderMark: bom), to: output)
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
        if writeFailed { throw ExitCode(ExitStatus.badOutput) }
        if !failures.isEmpty { throw ExitCode(ExitStatus.badInput) }
    }
}
