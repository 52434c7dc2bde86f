import Foundation
import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate

/// Expands the inputs of a batch: files as they are, folders recursively (the report extensions
/// ``InputCollector/extensions`` only, hidden entries skipped, symbolic links followed, each
/// folder once), and lists of inputs (one path or URL a line, `#` starts a comment).
///
/// The order is the arguments' order, a folder's files sorted by path; an input met twice is kept
/// once, at its first place. A path that does not exist stays an input, so that it is reported
/// as failing like any other unreadable input.
public struct InputCollector: Sendable {
    /// File extensions (lower case) taken from folders: those of the standard readers.
    public static var extensions: Set<String> { ReaderRegistry.standard.folderExtensions }

    /// File extensions taken from folders (those of a ``ReaderRegistry``).
    public var extensions: Set<String> = InputCollector.extensions

    /// Folders not to descend into (e.g. the batch's own output folder), as absolute paths.
    public var excluded: Set<String>

    public init(excluding excluded: [String] = [], extensions: Set<String> = InputCollector.extensions) {
        self.excluded = Set(excluded.map(Self.absolute))
        self.extensions = extensions
    }

    /// The inputs named by `arguments` (files, folders, URLs) and by the lines of each list file.
    public func collect(arguments: [String], lists: [String] = []) throws(NianbaoError) -> [BatchInput] {
        var items = arguments
        for list in lists { items += try Self.entries(ofList: list) }
        var inputs: [BatchInput] = []
        var seen: Set<String> = []
        var visited: Set<String> = []
        func add(_ input: BatchInput) {
            let key = input.isURL ? input.source : Self.absolute(input.source)
            if seen.insert(key).inserted { inputs.append(input) }
        }
        for item in items {
            if BatchInput.isURL(item) {
                add(BatchInput(source: item, isURL: true))
            } else if Self.isFolder(item) {
                for file in walk(item, visited: &visited) { add(BatchInput(source: file, isURL: false)) }
            } else {
                add(BatchInput(source: item, isURL: false))
            }
        }
        return inputs
    }

    /// The entries of a list file: trimmed lines, without blank lines and `#` comments.
    public static func entries(ofList path: String) throws(NianbaoError) -> [String] {
        let bytes = try path == "-" ? DocumentReader.bytes(of: path) : InputFile.read(path: path, maxBytes: DocumentReader.defaultMaxBytes, streams: true)
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw .unreadableInput(path: path, reason: "the list is not UTF-8 text")
        }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let entry = line.trimmingCharacters(in: .whitespaces)
            return entry.isEmpty || entry.hasPrefix("#") ? nil : entry
        }
    }

    /// The report files under `folder`, sorted by path, recursively.
    func walk(_ folder: String, visited: inout Set<String>) -> [String] {
        let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        guard !excluded.contains(Self.absolute(folder)), !excluded.contains(real), visited.insert(real).inserted else { return [] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        let base = folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder
        var files: [String] = []
        for name in names where !name.hasPrefix(".") {
            let path = base == "/" ? "/" + name : base + "/" + name
            if Self.isFolder(path) {
                files += walk(path, visited: &visited)
            } else if let dot = name.lastIndex(of: "."), extensions.contains(name[name.index(after: dot)...].lowercased()) {
                files.append(path)
            }
        }
        return files
    }

    /// True when `path` is a folder (following symbolic links).
    public static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
