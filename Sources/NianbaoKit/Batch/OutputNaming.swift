import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
/// The output file names of a batch: one per input, derived from the source's name.
///
/// A file's name loses its extension (`reports/hongze_2023.pdf` → `hongze_2023.json`); a URL is
/// named by the last part of its path (without query), or by its host. Characters that are not
/// safe in a file name (`/`, `\`, control characters, a leading dot) become `_`. When two inputs
/// would get the same name (`a/report.pdf` and `b/report.pdf`, `x.txt` and `x.md`), every one of
/// them gets `-` and the first 8 hex digits of the SHA-256 of its source (as given) before the
/// extension: the names depend only on the set of inputs, never on their order or timing. (Should a
/// name still be taken twice, the later sources get `-2`, `-3`, ….)
public enum OutputNaming {
    /// The output names of `inputs`, in the same order, each ending in `.` + `fileExtension`.
    public static func names(for inputs: [BatchInput], fileExtension: String) -> [String] {
        let stems = inputs.map(stem)
        var counts: [String: Int] = [:]
        for stem in stems { counts[stem.lowercased(), default: 0] += 1 }
        var names = zip(inputs, stems).map { input, stem in
            counts[stem.lowercased()]! > 1 ? "\(stem)-\(String(SHA256.hex(Array(input.source.utf8)).prefix(8))).\(fileExtension)" : "\(stem).\(fileExtension)"
        }
        // A suffixed name may still meet another ("x-1a2b3c4d" as a file's own name): unsuffixed names
        // keep theirs, the others are numbered in the order of their sources.
        var taken: Set<String> = []
        let order = names.indices.sorted { a, b in
            let (sa, sb) = (counts[stems[a].lowercased()]! > 1, counts[stems[b].lowercased()]! > 1)
            return sa != sb ? !sa : inputs[a].source < inputs[b].source
        }
        for i in order {
            var candidate = names[i]
            var n = 2
            while !taken.insert(candidate.lowercased()).inserted {
                candidate = names[i].dropLast(fileExtension.count + 1) + "-\(n).\(fileExtension)"
                n += 1
            }
            names[i] = candidate
        }
        return names
    }

    /// The name of an input without extension, made safe as a file name.
    static func stem(_ input: BatchInput) -> String {
        var name: Substring
        var isHost = false
        if input.isURL {
            var rest = Substring(input.source)
            if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
            if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
            let parts = rest.split(separator: "/")
            name = parts.count > 1 ? parts.last! : (parts.first ?? "page")
            isHost = parts.count <= 1
        } else {
            name = input.source.split(separator: "/").last ?? Substring(input.source)
        }
        if !isHost, let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        var safe = String(name.map { c -> Character in
            c == "/" || c == "\\" || c == ":" || c.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "_" : c
        })
        if safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        if safe.isEmpty || safe == "-" { safe = "report" }
        return PlainText.prefix(safe, utf8Bytes: 150)
    }

}
