import Foundation

/// Reads the `<table>`s of nianbao's HTML output back into grids: every row/column slot of the
/// printed form holds the cell that covers it (a spanned cell fills all its slots). Written for
/// the writer's own markup (one element per tag, attributes in double quotes), not for any HTML.
struct HTMLTableScan {
    struct Slot: Equatable {
        var tag: String
        var text: String
        var attributes: [String: String]
        /// Whether the cell begins in this slot (not covered by a span from above or the left).
        var origin: Bool
    }

    struct Grid {
        /// Number of rows of the `<thead>` (0 when there is none).
        var headRows: Int
        var slots: [[Slot?]]

        var texts: [[String]] { slots.map { $0.map { $0?.text ?? "∅" } } }
    }

    /// Every table of `html`, in order.
    static func tables(in html: String) -> [Grid] {
        matches(#"<table[^>]*>(.*?)</table>"#, in: html).map { grid($0[1]) }
    }

    static func grid(_ table: String) -> Grid {
        let head = matches(#"<thead>(.*?)</thead>"#, in: table).first?[1] ?? ""
        let headRows = matches(#"<tr>(.*?)</tr>"#, in: head).count
        var slots: [[Slot?]] = []
        for (r, row) in matches(#"<tr>(.*?)</tr>"#, in: table).enumerated() {
            if slots.count <= r { slots.append([]) }
            var c = 0
            for cell in matches(#"<(th|td)([^>]*)>(.*?)</(?:th|td)>"#, in: row[1]) {
                var attributes: [String: String] = [:]
                for a in matches(#"([a-z-]+)="([^"]*)""#, in: cell[2]) { attributes[a[1]] = a[2] }
                let text = unescape(cell[3])
                while c < slots[r].count, slots[r][c] != nil { c += 1 }
                let rows = Int(attributes["rowspan"] ?? "1") ?? 1, cols = Int(attributes["colspan"] ?? "1") ?? 1
                for dr in 0..<rows {
                    while slots.count <= r + dr { slots.append([]) }
                    for dc in 0..<cols {
                        while slots[r + dr].count <= c + dc { slots[r + dr].append(nil) }
                        slots[r + dr][c + dc] = Slot(tag: cell[1], text: text, attributes: attributes, origin: dr == 0 && dc == 0)
                    }
                }
                c += cols
            }
        }
        return Grid(headRows: headRows, slots: slots)
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#10;", with: "\n")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Capture groups of every match (index 0 the whole match), across lines.
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (0..<m.numberOfRanges).map { Range(m.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }
}
