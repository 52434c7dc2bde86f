import Foundation

/// The record of a scrape in its output folder (manifest.jsonl): one JSON line per address, its
/// latest state. A re-run reads it to skip what is already downloaded and still valid.
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

    /// Reads the manifest of `directory`, if there is one; lines that cannot be read are ignored.
    public init(directory: String) {
        path = (directory as NSString).appendingPathComponent("manifest.jsonl")
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if let entry = try? decoder.decode(Entry.self, from: Data(line)) { record(entry) }
        }
    }

    public mutating func record(_ entry: Entry) {
        if entries[entry.url] == nil { order.append(entry.url) }
        entries[entry.url] = entry
    }

    /// Writes the manifest whole (a temporary file renamed over it).
    public func save() throws(NianbaoError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = order.compactMap { entries[$0] }.compactMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        try AtomicFile.write(lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n"), to: path)
    }
}
