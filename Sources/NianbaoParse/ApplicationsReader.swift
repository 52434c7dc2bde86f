import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// Reads section 三's table (applications received and handled) from the candidates of its region.
///
/// Rows are found by their labels. A row whose label was lost (a shredded extraction) is placed only
/// between two labelled rows, and only when the number of unlabelled rows there equals the number of
/// template rows still missing there; otherwise its values are not used.
package struct ApplicationsReader {
    let template: ReportTemplate
    var table: TableSpec { template.applications }

    /// A candidate row as identified: its row key when its label names one, and for an unlabelled
    /// value row the key named by label-only lines printed just before it.
    struct Entry {
        var candidate: RowCandidate
        var key: String?
        /// A label printed just before an unlabelled value row (on lines of its own).
        var pendingKey: String?
        /// The row's label and values continue on the next line (a narrow column wraps "13612"
        /// as "136" over "12"): its values cannot be trusted whole.
        var valuesWrap = false
    }

    /// Which rows the report prints: with （六）其他处理 as one row or as its three items.
    struct Layout {
        /// The rows expected, in template order.
        var inUse: [RowSpec]
        /// Rows printed in place of others.
        var alternatives: [RowSpec]
        /// The keys those replace.
        var replaced: Set<String>
        var diagnostics: [Diagnostic] = []
        var order: [String] { inUse.map(\.key) }
    }

    /// The row key each entry's values go to (nil: not used), with what placing them noticed.
    struct Placement {
        var assignment: [String?]
        var diagnostics: [Diagnostic] = []
    }

    func read(_ candidates: [RowCandidate]) -> TableReading {
        var reading = TableReading()
        let (entries, identifyNotes) = identify(candidates)
        reading.diagnostics += identifyNotes
        let layout = chooseLayout(keysFound: Set(entries.compactMap(\.key)))
        reading.diagnostics += layout.diagnostics
        reading.alternativeRows = Set(layout.alternatives.map(\.key))
        let placement = placeUnlabelled(entries, order: layout.order)
        reading.diagnostics += placement.diagnostics
        let found = resolve(entries, placement.assignment, into: &reading)
        reportMissing(layout, found: found, into: &reading)
        return reading
    }

    /// Step 1: identifies every candidate by its label, completing wrapped labels from the lines
    /// around; label-only lines are remembered for the unlabelled value row after them.
    func identify(_ candidates: [RowCandidate]) -> (entries: [Entry], diagnostics: [Diagnostic]) {
        let identifier = RowIdentifier.of(template, table.id)
        let expected = table.rows[0].columns.count
        var entries: [Entry] = []
        var diagnostics: [Diagnostic] = []
        var labelOnly: [RowCandidate] = []
        for (index, candidate) in candidates.enumerated() {
            var identity = identifier.identify(candidate.labels)
            // Values beside a fragment ("无法提" of （四）无法提供 printed down a column) or beside part of
            // a wrapped label: the label may be completed by the lines around it.
            if identity == .unknown || identity == .structural, candidate.hasValues,
                let key = wrappedLabel(candidate, before: labelOnly.last, after: candidates.dropFirst(index + 1).first, identifier)
            {
                identity = .row(key)
            }
            let isDataRow: Bool = { if case .row = identity { return true } else { return false } }()
            let blankRowOfRightWidth = isDataRow && !candidate.hasValues && candidate.tokens.count >= expected
            if !candidate.hasValues && !blankRowOfRightWidth {
                labelOnly.append(candidate)
                continue
            }
            switch identity {
            case let .row(key):
                entries.append(Entry(candidate: candidate, key: key))
            case .structural:
                diagnostics.append(Diagnostic(
                    .info, .valuesOnGroupRow, "values printed on the group or header row \"\(candidate.labelText)\" were not used",
                    at: candidate.location))
            case .none:
                if let last = entries.indices.last, entries[last].candidate.line + 1 == candidate.line,
                    continues(entries[last], with: candidate, identifier)
                {
                    entries[last].valuesWrap = true
                }
                let pending = pendingKey(labelOnly, identifier).flatMap { fits(candidate.labels.last, $0) ? $0 : nil }
                entries.append(Entry(candidate: candidate, key: nil, pendingKey: pending))
            case .unknown:
                if let last = entries.indices.last, entries[last].candidate.line + 1 == candidate.line,
                    continues(entries[last], with: candidate, identifier)
                {
                    entries[last].valuesWrap = true
                }
                if candidate.labels.isEmpty {
                    entries.append(Entry(candidate: candidate, key: nil, pendingKey: pendingKey(labelOnly, identifier)))
                } else {
                    diagnostics.append(Diagnostic(
                        .warning, .rowLabelUnknown, "the row \"\(candidate.labelText)\" names no row of the template; its values were not used",
                        at: candidate.location))
                }
            }
            labelOnly = []
        }
        return (entries, diagnostics)
    }

    /// Step 2: the （六） layout, from the row keys found: a row printed in place of others is in
    /// use, and the rows it replaces are not, unless those were printed too (then both, warned).
    func chooseLayout(keysFound: Set<String>) -> Layout {
        let alternatives = table.rows.filter { !$0.replaces.isEmpty && keysFound.contains($0.key) }
        let replaced = Set(alternatives.flatMap(\.replaces))
        let printed = Set(alternatives.map(\.key))
        if !alternatives.isEmpty, replaced.contains(where: keysFound.contains) {
            return Layout(
                inUse: table.recordedRows(alternatives: printed), alternatives: alternatives, replaced: replaced,
                diagnostics: [Diagnostic(.warning, .rowLayoutMixed, "（六）其他处理 is printed both as one row and as its three items", at: nil)])
        }
        return Layout(inUse: table.printedRows(alternatives: printed), alternatives: alternatives, replaced: replaced)
    }

    /// Step 3: gives unlabelled value rows a key. Between two labelled rows (anchors), as many
    /// unlabelled rows as template rows missing there are placed in order; an unlabelled row named
    /// by the label lines before it takes that row; the rest are reported and not used.
    func placeUnlabelled(_ entries: [Entry], order: [String]) -> Placement {
        var placement = Placement(assignment: entries.map(\.key))
        let labelled = Set(placement.assignment.compactMap { $0 })
        var anchors: [(entry: Int, position: Int)] = []
        for (i, entry) in entries.enumerated() {
            guard let key = entry.key, let position = order.firstIndex(of: key) else { continue }
            if let last = anchors.last, position <= last.position { continue }
            anchors.append((i, position))
        }
        let half = (table.rows[0].columns.count + 1) / 2
        var handled = [Bool](repeating: false, count: entries.count)
        for (a, b) in zip(anchors, anchors.dropFirst()) {
            let between = ((a.entry + 1)..<b.entry).filter { entries[$0].key == nil }
            let rowLike = between.filter { entries[$0].candidate.potentialValueCount >= half }
            let slots = order[(a.position + 1)..<b.position].filter { !labelled.contains($0) }
            guard !rowLike.isEmpty else { continue }
            let agrees = rowLike.count == slots.count
                && zip(rowLike, slots).allSatisfy { entries[$0.0].pendingKey == nil || entries[$0.0].pendingKey == $0.1 }
            if agrees {
                for (entry, key) in zip(rowLike, slots) {
                    placement.assignment[entry] = key
                    handled[entry] = true
                    placement.diagnostics.append(placedByOrder(key, between: order[a.position], and: order[b.position], entries[entry]))
                }
                continue
            }
            for entry in rowLike where entries[entry].pendingKey == nil {
                handled[entry] = true
                placement.diagnostics.append(Diagnostic(
                    .warning, .rowUnplaced,
                    "a row of values without a label (\(entries[entry].candidate.tokens.map(\.raw).joined(separator: " "))) could not be placed: \(rowLike.count) such rows stand where the template misses \(slots.count)",
                    at: entries[entry].candidate.location))
            }
        }
        for (i, entry) in entries.enumerated() where entry.key == nil && placement.assignment[i] == nil && !handled[i] {
            if let pending = entry.pendingKey, !labelled.contains(pending), !placement.assignment.contains(pending) {
                placement.assignment[i] = pending
                continue
            }
            placement.diagnostics.append(unused(entry, half: half))
        }
        return placement
    }

    func placedByOrder(_ key: String, between first: String, and last: String, _ entry: Entry) -> Diagnostic {
        let label = { (key: String) in table.row(key)?.label ?? key }
        return Diagnostic(
            .info, .rowPlacedByOrder,
            "\(label(key)): its label is not printed with its values; placed as the only row missing between \(label(first)) and \(label(last))",
            at: entry.candidate.location, key: RowKey(.applications, row: key).dotted)
    }

    /// Values without a label that no step placed: a fragment (fewer values than half a row) or a row.
    func unused(_ entry: Entry, half: Int) -> Diagnostic {
        let values = entry.candidate.tokens.map(\.raw).joined(separator: " ")
        if entry.candidate.potentialValueCount < half {
            return Diagnostic(
                .warning, .strayValues,
                "stray value\(entry.candidate.valueCount == 1 ? "" : "s") \"\(values)\" in the table belong to no row; not used",
                at: entry.candidate.location)
        }
        return Diagnostic(.warning, .rowUnplaced, "a row of values without a label (\(values)) could not be placed; not used", at: entry.candidate.location)
    }

    /// Step 4: reads each placed row's values into its cells (a row printed twice with other
    /// values is null); rows placed tentatively wait until the others are in, then must be
    /// confirmed by the table's sums. Returns the keys of the rows found.
    func resolve(_ entries: [Entry], _ assignment: [String?], into reading: inout TableReading) -> Set<String> {
        let expected = table.rows[0].columns.count
        let rowCheck = ValueResolver.SumRule(parts: Array(0..<(expected - 1)), total: expected - 1)
        var seen: [String: Int] = [:]
        var pending: [(row: RowSpec, tokens: [ValueToken], note: String?, location: SourceLocation)] = []
        for (i, entry) in entries.enumerated() {
            guard let key = assignment[i], let row = table.row(key) else { continue }
            if let first = seen[key] {
                if entries[first].candidate.tokens.map(\.raw) != entry.candidate.tokens.map(\.raw) {
                    for cell in row.cellKeys { reading.cells[cell] = .missing }
                    reading.fail(row: row, table: .applications, reason: "printed twice with different values (\(entries[first].candidate.location) and \(entry.candidate.location))", at: entry.candidate.location, code: .rowDuplicate)
                    seen[key] = i
                }
                continue
            }
            seen[key] = i
            if entry.valuesWrap {
                reading.fail(
                    row: row, table: .applications,
                    reason: "its label and values go on over the next line, so a number may be cut in two", at: entry.candidate.location, code: .rowValueCount)
                continue
            }
            switch ValueResolver.resolve(entry.candidate.tokens, expected: expected, rules: [rowCheck], exactGrid: entry.candidate.exactGrid) {
            case let .placed(tokens, note, tentative) where tentative:
                pending.append((row, tokens, note, entry.candidate.location))
            case let .placed(tokens, note, _):
                reading.place(tokens, row: row, table: .applications, note: note, rowLocation: entry.candidate.location)
            case let .failed(reason):
                reading.fail(row: row, table: .applications, reason: reason, at: entry.candidate.location, code: .rowValueCount)
            }
        }
        for item in pending {
            if let reason = Corroboration.check(
                row: item.row, tokens: item.tokens, table: .applications, cells: reading.cells, template: template,
                alternativeRows: reading.alternativeRows)
            {
                reading.fail(row: item.row, table: .applications, reason: reason, at: item.location, code: .rowValueCount)
            } else {
                reading.place(item.tokens, row: item.row, table: .applications, note: (item.note ?? "") + "; confirmed by the table's sums", rowLocation: item.location)
            }
        }
        return Set(seen.keys)
    }

    /// Step 5: the rows in use that were not found are null with `row-not-found`; rows replaced by
    /// a row printed in their place are null.
    func reportMissing(_ layout: Layout, found: Set<String>, into reading: inout TableReading) {
        for row in layout.inUse where !found.contains(row.key) {
            reading.fail(row: row, table: .applications, reason: "row not found in the table", at: nil, severity: .warning, code: .rowNotFound)
        }
        for key in layout.replaced where !layout.inUse.contains(where: { $0.key == key }) {
            for cell in table.row(key)?.cellKeys ?? [] { reading.cells[cell] = .missing }
        }
        if !layout.alternatives.isEmpty {
            reading.diagnostics.append(Diagnostic(
                .info, .rowPrintedAsOne, "（六）其他处理 is printed as one row (otherHandling.total); its three items are null",
                at: nil, key: RowKey(.applications, row: "otherHandling").dotted))
        }
    }

    /// A label wrapped over lines with the values on a middle line: "1.申请人无正当理由逾期不" /
    /// "补正、行政机关不再处理其  190 70 …" / "政府信息公开申请". The row's own label is joined to
    /// the last label of the line before, the first of the line after, or both.
    func wrappedLabel(_ row: RowCandidate, before: RowCandidate?, after: RowCandidate?, _ identifier: RowIdentifier) -> String? {
        guard let own = row.labels.last else { return nil }
        let previous = before?.labels.last
        let next = after.flatMap { $0.hasValues ? nil : $0.labels.first }
        let tries = [previous.map { $0 + own }, next.map { own + $0 }, previous.flatMap { p in next.map { p + own + $0 } }]
        for text in tries.compactMap({ $0 }) {
            if let key = identifier.matchRow(text) { return key }
        }
        return nil
    }

    /// Whether `next`, the line after `row` and under no label of its own, is the rest of it: the
    /// row's label runs on into it ("一、本年新收政府信" + "息公开申请数量" names the row), or it holds
    /// nothing but a few values (fewer than half a row's) printed right under values of a row
    /// printed in full ("133 … 138" over "64 … 10": 13364 and 13810 cut in two) — where the source
    /// says where values are (a PDF); a lone "3" in a text may be the numbering of the next label.
    /// A line holding a row's worth of values is a row of its own, whatever its label reads (a
    /// scan's OCR garbles "2.没有现成信息…" to "人", which runs on into the row above).
    func continues(_ row: Entry, with next: RowCandidate, _ identifier: RowIdentifier) -> Bool {
        let expected = table.rows[0].columns.count
        guard let key = row.key, let own = row.candidate.labels.last, next.hasValues, next.valueCount < (expected + 1) / 2 else { return false }
        guard let rest = next.labels.first else {
            return row.candidate.valueCount == expected && Self.standsUnder(next.tokens, row.candidate.tokens)
        }
        return identifier.matchRow(own + rest) == key
    }

    /// Whether each value of `lower` is printed right under one of `upper`: across within its
    /// width, down within a line's height of it.
    static func standsUnder(_ lower: [ValueToken], _ upper: [ValueToken]) -> Bool {
        let above = upper.filter { !$0.isBlank }.compactMap(\.location.box)
        let below = lower.filter { !$0.isBlank }
        return !above.isEmpty && below.allSatisfy { token in
            guard let box = token.location.box else { return false }
            let middle = (box.x0 + box.x1) / 2
            return above.contains { middle > $0.x0 && middle < $0.x1 && box.y0 >= $0.y0 && box.y0 - $0.y1 < ($0.y1 - $0.y0) * 1.5 }
        }
    }

    /// Whether what is left of a label beside an unlabelled value row (a character or two and its
    /// numbering: "3.危" where a narrow column wraps "3.危及"三安全一稳定"" onto the lines below)
    /// could start `key`'s label: the same item number, and its characters in the label in order.
    /// Label lines printed *above* such a row belong to it only then; in a table whose cells hold
    /// their text at the top, they are the end of the row above ("…禁止公开" before "3.危").
    func fits(_ fragment: String?, _ key: String) -> Bool {
        guard let fragment, let row = table.row(key) else { return true }
        if case let .arabic(printed)? = LabelText.numbering(of: fragment), case let .arabic(expected)? = LabelText.numbering(of: row.label),
            printed != expected
        {
            return false
        }
        let characters = LabelText.key(fragment)
        guard !characters.isEmpty else { return true }
        return row.labels.contains { LabelMatcher.longestCommonSubsequence(characters, LabelText.key($0)) == characters.count }
    }

    /// The data row named by the label-only lines just before an unlabelled value row, when they
    /// name exactly one row and it is not also a group label.
    func pendingKey(_ labelOnly: [RowCandidate], _ identifier: RowIdentifier) -> String? {
        guard !labelOnly.isEmpty else { return nil }
        let texts = labelOnly.flatMap(\.labels)
        var keys = Set<String>()
        // A column header that is also a row's label ("其他" over its column, "3.其他" a row) names no row here.
        for text in texts where !identifier.isStructural(text) { if let key = identifier.matchRow(text) { keys.insert(key) } }
        if let joined = identifier.matchRow(texts.joined()) { keys.insert(joined) }
        guard keys.count == 1, let key = keys.first, let row = table.row(key), row.replaces.isEmpty else { return nil }
        return key
    }
}
