import Foundation
import NianbaoCorpus
import NianbaoKit

/// The applications received per year as an inline SVG bar chart, drawn by the server (no script):
/// one bar a year that has reports, its height in proportion to the sum, the sum above it and the
/// year below; a `<title>` says how many reports the sum covers and how many had no value.
enum CorpusChart {
    static let plotHeight = 160.0
    static let barWidth = 36.0
    static let step = 56.0
    static let margin = 24.0

    static func svg(_ totals: [CorpusCatalog.YearTotal]) -> String {
        guard !totals.isEmpty else {
            return "<p class=\"status\">No report of these has a year: nothing to draw.</p>\n"
        }
        let largest = totals.map(\.received).max() ?? 0
        let scale = largest > 0 ? plotHeight / largest : 0
        let width = margin * 2 + step * Double(totals.count)
        let base = margin + plotHeight
        let height = base + margin + 8
        var out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(format(width))\" height=\"\(format(height))\" "
        out += "viewBox=\"0 0 \(format(width)) \(format(height))\" aria-label=\"\(HTMLEscape.attribute("applications received per year"))\">\n"
        out += "<line x1=\"\(format(margin / 2))\" y1=\"\(format(base))\" x2=\"\(format(width - margin / 2))\" y2=\"\(format(base))\" stroke=\"#444\"/>\n"
        for (i, total) in totals.enumerated() {
            let barHeight = (total.received * scale).isFinite ? total.received * scale : 0
            let x = margin + step * Double(i) + (step - barWidth) / 2
            let center = x + barWidth / 2
            let value = NumberText.canonical(total.received)
            var note = "\(total.year): \(value) applications received, in \(total.reports) report(s)"
            if total.withoutValue > 0 { note += "; \(total.withoutValue) report(s) without a readable total, not counted" }
            out += "<g class=\"year\">\n<title>\(HTMLEscape.text(note))</title>\n"
            out += "<rect class=\"bar\" data-year=\"\(total.year)\" data-value=\"\(HTMLEscape.attribute(value))\" x=\"\(format(x))\" "
            out += "y=\"\(format(base - barHeight))\" width=\"\(format(barWidth))\" height=\"\(format(barHeight))\" fill=\"#4a6fa5\"/>\n"
            let mark = total.withoutValue > 0 ? value + "*" : value
            out += "<text x=\"\(format(center))\" y=\"\(format(base - barHeight - 4))\" text-anchor=\"middle\" font-size=\"11\">\(HTMLEscape.text(mark))</text>\n"
            out += "<text x=\"\(format(center))\" y=\"\(format(base + 16))\" text-anchor=\"middle\" font-size=\"12\">\(HTMLEscape.text(String(total.year)))</text>\n</g>\n"
        }
        out += "</svg>\n"
        if totals.contains(where: { $0.withoutValue > 0 }) {
            out += "<p class=\"note\">* some reports of that year have no readable total (本年新收申请总计 null): they are not in the sum.</p>\n"
        }
        return out
    }

    /// A coordinate with at most one decimal.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }
}
