import Foundation
import ZIPFoundation
import NianbaoDocument
import NianbaoSupport

/// A Word package (a ZIP archive) read through ZIPFoundation: the one place nianbao calls it.
///
/// Parts are read whole into memory, each checked against its CRC-32 and held to limits, so that a
/// damaged, truncated or hostile archive is an error, never a part read in half:
/// - a part larger than ``maxPartBytes`` uncompressed (200 MB), by its header or by its bytes as
///   they are inflated (a header can lie);
/// - a part that inflates more than ``maxRatio`` times its compressed size once past
///   ``ratioFloorBytes`` (a ZIP bomb; XML compresses about 10–30 times);
/// - more than ``maxTotalBytes`` inflated from the whole package.
package struct DOCXPackage {
    static let maxPartBytes: UInt64 = 200 * 1024 * 1024
    static let maxTotalBytes: UInt64 = 400 * 1024 * 1024
    static let maxRatio: UInt64 = 200
    static let ratioFloorBytes: UInt64 = 10 * 1024 * 1024

    private let archive: Archive
    private let path: String
    private var inflated: UInt64 = 0

    /// Opens the archive in `bytes`; `path` names the input in errors.
    init(bytes: [UInt8], path: String) throws(NianbaoError) {
        self.path = path
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw .unreadableInput(path: path, reason: "not a readable ZIP archive (a damaged or truncated Word file?)")
        }
    }

    /// The names of the package's parts.
    var partNames: [String] { archive.map(\.path) }

    /// Whether the package has a part named `name` (case and the slash's direction ignored).
    func contains(_ name: String) -> Bool { entry(name) != nil }

    private func entry(_ name: String) -> Entry? {
        if let exact = archive[name] { return exact }
        let wanted = name.lowercased()
        return archive.first { $0.path.replacingOccurrences(of: "\\", with: "/").lowercased() == wanted }
    }

    /// The size part `name` says it inflates to (its header: ``read(_:)`` holds it to that),
    /// nil when the package has no such part.
    func size(of name: String) -> UInt64? { entry(name).map(\.uncompressedSize) }

    /// The bytes of part `name`, or nil when the package has no such part.
    mutating func read(_ name: String) throws(NianbaoError) -> [UInt8]? {
        guard let entry = entry(name) else { return nil }
        guard entry.type == .file else { return nil }
        let compressed = entry.compressedSize
        if entry.uncompressedSize > Self.maxPartBytes {
            throw .unreadableInput(path: path, reason: "\(name) would inflate to \(entry.uncompressedSize) bytes, more than nianbao reads (\(Self.maxPartBytes))")
        }
        var data: [UInt8] = []
        data.reserveCapacity(Int(min(entry.uncompressedSize, 64 * 1024 * 1024)))
        let limits = (part: Self.maxPartBytes, total: Self.maxTotalBytes - min(inflated, Self.maxTotalBytes))
        var refusal: String?
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(contentsOf: chunk)
                let size = UInt64(data.count)
                if size > limits.part || size > limits.total {
                    refusal = "\(name) inflates to more than \(min(limits.part, limits.total)) bytes (a ZIP bomb?)"
                } else if size > Self.ratioFloorBytes && size > Self.maxRatio * max(compressed, 1) {
                    refusal = "\(name) inflates more than \(Self.maxRatio) times its compressed size (a ZIP bomb?)"
                }
                if refusal != nil { throw CocoaError(.fileReadTooLarge) }
            }
        } catch {
            if let refusal { throw .unreadableInput(path: path, reason: refusal) }
            throw .unreadableInput(path: path, reason: "\(name) cannot be inflated: the Word file is damaged or truncated")
        }
        inflated += UInt64(data.count)
        return data
    }
}
