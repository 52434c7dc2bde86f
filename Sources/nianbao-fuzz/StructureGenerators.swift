/// Generators of inputs whose structure, not their bytes, is hostile (issue 10): HTML nested far
/// deeper than libxml2's default limit of 256 (hundreds of unclosed `<font>`, as old CMS pages
/// leave them, or nested blocks and tables), and PDF pages with huge, negative, zero or absurd
/// boxes (a page 2e9 pt wide trapped in the conversion of its size to pixels).
extension Mutator {
    /// Repeated openers worth nesting: inline runs nianbao flattens, and blocks it must refuse
    /// past its limit rather than cut short.
    static let nestingUnits: [String] = [
        "<font size=\"3\">", "<font face=\"宋体\">　<br>", "<span>", "<b><i>", "<o:p>", "<div>", "<table><tr><td>",
        "<ul><li>", "<blockquote>", "<p><span>", "<a href=\"#\">", "<sup>",
    ]
    static let nestingDepths = [200, 255, 256, 257, 300, 999, 1_000, 1_001, 2_000, 5_000, 20_000]

    /// Boxes for a page: far too wide or tall, negative, empty, inverted, or reals past Int32.
    static let pageBoxes = [
        "[0 0 2000000000 842]", "[0 0 595 2000000000]", "[0 0 16000 16000]", "[0 0 14400 14400]", "[0 0 0 0]",
        "[595 842 0 0]", "[-2000000000 -2000000000 2000000000 2000000000]", "[0 0 99999999999999999999 842]",
        "[0 0 0.001 0.001]", "[0 0 595]", "[0 0 32768 1]", "[0 0 1 32768]",
    ]

    /// One structural change, for one input in six: deep nesting in HTML and text (text may be
    /// sniffed as HTML), a hostile page box in a PDF. Returns the bytes unchanged otherwise.
    mutating func structure(_ bytes: [UInt8], pdf: Bool) -> (bytes: [UInt8], step: String?) {
        guard int(0..<6) == 0 else { return (bytes, nil) }
        return pdf ? hugePageBox(bytes) : deepNesting(bytes)
    }

    /// `count` repetitions of a unit inserted at the start of the body (or anywhere).
    mutating func deepNesting(_ bytes: [UInt8]) -> (bytes: [UInt8], step: String?) {
        let unit = Self.nestingUnits[int(0..<Self.nestingUnits.count)]
        let count = Self.nestingDepths[int(0..<Self.nestingDepths.count)]
        let body = Array("<body".utf8)
        var at = int(0..<(bytes.count + 1))
        if int(0..<2) == 0, let start = firstIndex(of: body, in: bytes), let end = bytes[start...].firstIndex(of: UInt8(ascii: ">")) {
            at = end + 1
        }
        var result = Array(bytes[..<at])
        result.reserveCapacity(bytes.count + unit.utf8.count * count)
        for _ in 0..<count { result.append(contentsOf: unit.utf8) }
        result.append(contentsOf: bytes[at...])
        return (result, "nest")
    }

    /// Every (or one) `/MediaBox` or `/CropBox` array replaced by a hostile box.
    mutating func hugePageBox(_ bytes: [UInt8]) -> (bytes: [UInt8], step: String?) {
        let key = Array((int(0..<4) == 0 ? "/CropBox" : "/MediaBox").utf8)
        let box = Array(Self.pageBoxes[int(0..<Self.pageBoxes.count)].utf8)
        let all = int(0..<2) == 0
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 64)
        var i = 0, replaced = false
        while i < bytes.count {
            if (all || !replaced), bytes[i] == key[0], i + key.count <= bytes.count, Array(bytes[i..<(i + key.count)]) == key,
                let open = bytes[(i + key.count)...].prefix(8).firstIndex(of: UInt8(ascii: "[")),
                let close = bytes[open...].prefix(200).firstIndex(of: UInt8(ascii: "]"))
            {
                result.append(contentsOf: key)
                result.append(UInt8(ascii: " "))
                result.append(contentsOf: box)
                i = close + 1
                replaced = true
                continue
            }
            result.append(bytes[i])
            i += 1
        }
        return (result, replaced ? "page-box" : nil)
    }

    private func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == first, Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
