import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// The record of a scrape in its output folder (manifest.jsonl, JSON Lines): one line per state of
/// an address, appended as the run goes; the last line of an address is its latest state. A re-run
/// reads it to skip what is already downloaded and still valid, and first rewrites it with one line
/// per address when it holds superseded or broken lines.
public struct ScrapeManifest: Sendable {
    /// One downloaded (or attempted) address.
    public struct Entry: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Sendable { case listing, page, attachment }

        public var url: String
        public var kind: Kind
        /// The address after redirects.
        public var finalURL: String?
        /// When it was last fetched (ISO 8601).
        public var fetchedAt: String
        public var httpStatus: Int?
        public var contentType: String?
        public var sha256: String?
        /// The downloaded file, relative to the output folder.
        public var file: String?
        public var bytes: Int?
        /// Why the download failed, if it did.
        public var error: String?
        /// The report link's text and year, for pages and attachments a listing linked.
        public var label: String?
        public var year: Int?
        public var conversion: Conversion?
    }

    /// What became of a downloaded report.
    public struct Conversion: Codable, Hashable, Sendable {
        public enum Status: String, Codable, Sendable {
            case converted
            case failed
            /// The page only links the report as an attachment, converted under its own entry.
            case attachment
        }

        public var status: Status
        /// Output files, relative to the output folder.
        public var outputs: [String]?
        public var error: String?
        public var attachment: String?
        public var agency: String?
        public var year: Int?
        public var template: String?
        /// 勾稽 rules that fail in the report (the source's own inconsistencies).
        public var checksFailed: Int?
    }

    public private(set) var entries: [String: Entry] = [:]
    private var order: [String] = []
    let path: String
    /// Lines read that are not the latest state of an address, or cannot be read.
    private var supersededLines = 0
    /// Whether the file ends in a line cut short (a run killed while writing).
    private var endsMidLine = false
    private var log: AppendLog?
    /// The first failure to append, reported by ``finish()``.
    private var appendError: NianbaoError?

    /// Reads the manifest of `directory`, if there is one; lines that cannot be read are ignored,
    /// and the last line of an address is its state.
    public init(directory: String) {
        path = (directory as NSString).appendingPathComponent("manifest.jsonl")
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let decoder = JSONDecoder()
        endsMidLine = !data.isEmpty && data.last != UInt8(ascii: "\n")
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if let entry = try? decoder.decode(Entry.self, from: Data(line)) {
                if entries[entry.url] != nil { supersededLines += 1 }
                remember(entry)
            } else {
                supersededLines += 1
            }
        }
    }

    /// The entry of `url` (userinfo ignored: entries are recorded without it).
    public func entry(for url: String) -> Entry? { entries[WebAddress.withoutUserinfo(url)] }

    /// Records the latest state of an address: appended to the file as one line (the file is never
    /// rewritten during a run, so recording costs the same for the first and the ten-thousandth
    /// address). Addresses are recorded without userinfo. A failure to write is kept for ``finish()``.
    public mutating func record(_ entry: Entry) {
        var entry = entry
        entry.url = WebAddress.withoutUserinfo(entry.url)
        entry.finalURL = entry.finalURL.map(WebAddress.withoutUserinfo)
        if let attachment = entry.conversion?.attachment { entry.conversion?.attachment = WebAddress.withoutUserinfo(attachment) }
        remember(entry)
        guard appendError == nil else { return }
        do throws(NianbaoError) {
            if log == nil { log = try AppendLog(path: path) }
            try log?.append(Self.line(entry) + "\n")
        } catch {
            appendError = error
        }
    }

    private mutating func remember(_ entry: Entry) {
        if entries[entry.url] == nil { order.append(entry.url) }
        entries[entry.url] = entry
    }

    /// Rewrites the file with one line per address (atomically), when earlier runs left lines
    /// that are superseded, unreadable or cut short; done once, before a run appends.
    public mutating func compact() throws(NianbaoError) {
        guard supersededLines > 0 || endsMidLine, log == nil else { return }
        let lines = order.compactMap { entries[$0] }.map(Self.line)
        try AtomicFile.write(lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n"), to: path)
        supersededLines = 0
        endsMidLine = false
    }

    /// Ends the run's appends: throws the first failure to write, if any.
    public mutating func finish() throws(NianbaoError) {
        log = nil
        if let appendError { throw appendError }
    }

    static func line(_ entry: Entry) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(entry)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A file opened for appending (O_APPEND: each write lands at the end), closed when released.
final class AppendLog: Sendable {
    let descriptor: Int32
    let path: String

    init(path: String) throws(NianbaoError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .unwritableOutput(path: path, reason: String(cString: strerror(errno))) }
    }

    func append(_ text: String) throws(NianbaoError) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .unwritableOutput(path: path, reason: String(cString: strerror(errno))) }
            bytes = bytes.dropFirst(written)
        }
    }

    deinit { close(descriptor) }
}
