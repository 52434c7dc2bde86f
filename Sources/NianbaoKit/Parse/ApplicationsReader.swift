/// Reads section 三's table (applications received and handled) from the candidates of its region.
///
/// Rows are found by their labels. A row whose label was lost (a shredded extraction) is placed only
/// between two labelled rows, and only when the number of unlabelled rows there equals the number of
/// template rows still missing there; otherwise its values are not used.
struct ApplicationsReader {
    let template: ReportTemplate
    var table: TableSpec { template.applications }

    func read(_ candidates: [RowCandidate]) -> TableReading {
        var reading = TableReading()
        let identifier = RowIdentifier.of(template, table.id)
        let expected = table.rows[0].columns.count
        let rowCheck = ValueResolver.SumRule(parts: Array(0..<(expected - 1)), total: expected - 1)

        // 1. Identify every candidate.
        struct Entry {
            var candidate: RowCandidate
            var key: String?
            /// A label printed just before an unlabelled value row (on lines of its own).
            var pendingKey: String?
        }
        var entries: [Entry] = []
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
                reading.diagnostics.append(Diagnostic(
                    .info, .valuesOnGroupRow, "values printed on the group or header row \"\(candidate.labelText)\" were not used",
                    at: candidate.location))
            case .none:
                entries.append(Entry(candidate: candidate, key: nil, pendingKey: pendingKey(labelOnly, identifier)))
            case .unknown:
                if candidate.labels.isEmpty {
                    entries.append(Entry(candidate: candidate, key: nil, pendingKey: pendingKey(labelOnly, identifier)))
                } else {
                    reading.diagnostics.append(Diagnostic(
                        .warning, .rowLabelUnknown, "the row \"\(candidate.labelText)\" names no row of the template; its values were not used",
                        at: candidate.location))
                }
            }
            labelOnly = []
        }

        // 2. Which （六） layout the report uses.
        let keysFound = Set(entries.compactMap(\.key))
        let alternatives = table.rows.filter { !$0.replaces.isEmpty && keysFound.contains($0.key) }
        let replaced = Set(alternatives.flatMap(\.replaces))
        var inUse = table.rows.filter { $0.replaces.isEmpty || keysFound.contains($0.key) }
        if !alternatives.isEmpty, replaced.contains(where: keysFound.contains) {
            reading.diagnostics.append(Diagnostic(
                .warning, .rowLayoutMixed, "（六）其他处理 is printed both as one row and as its three items", at: nil))
        } else {
            inUse.removeAll { replaced.contains($0.key) }
        }
        reading.alternativeRows = Set(alternatives.map(\.key))
        let order = inUse.map(\.key)

        // 3. Place unlabelled rows between labelled ones.
        // The row key of each entry, by index.
        var assignment: [String?] = entries.map(\.key)
        let labelled = Set(assignment.compactMap { $0 })
        var anchors: [(entry: Int, position: Int)] = []
        for (i, entry) in entries.enumerated() {
            guard let key = entry.key, let position = order.firstIndex(of: key) else { continue }
            if let last = anchors.last, position <= last.position { continue }
            anchors.append((i, position))
        }
        let half = (expected + 1) / 2
        var handled = [Bool](repeating: false, count: entries.count)
        for (a, b) in zip(anchors, anchors.dropFirst()) {
            let between = ((a.entry + 1)..<b.entry).filter { entries[$0].key == nil }
            let rowLike = between.filter { entries[$0].candidate.potentialValueCount >= half }
            let slots = order[(a.position + 1)..<b.position].filter { !labelled.contains($0) }
            guard !rowLike.isEmpty else { continue }
            if rowLike.count == slots.count {
                let agrees = zip(rowLike, slots).allSatisfy { entries[$0.0].pendingKey == nil || entries[$0.0].pendingKey == $0.1 }
                if agrees {
                    for (entry, key) in zip(rowLike, slots) {
                        assignment[entry] = key
                        handled[entry] = true
                        let row = table.row(key)!
                        reading.diagnostics.append(Diagnostic(
                            .info, .rowPlacedByOrder,
                            "\(row.label): its label is not printed with its values; placed as the only row missing between \(table.row(order[a.position])!.label) and \(table.row(order[b.position])!.label)",
                            at: entries[entry].candidate.location, key: RowKey(.applications, row: key).dotted))
                    }
                    continue
                }
            }
            for entry in rowLike where entries[entry].pendingKey == nil {
                handled[entry] = true
                reading.diagnostics.append(Diagnostic(
                    .warning, .rowUnplaced,
                    "a row of values without a label (\(entries[entry].candidate.tokens.map(\.raw).joined(separator: " "))) could not be placed: \(rowLike.count) such rows stand where the template misses \(slots.count)",
                    at: entries[entry].candidate.location))
            }
        }
        for (i, entry) in entries.enumerated() where entry.key == nil && assignment[i] == nil && !handled[i] {
            if let pending = entry.pendingKey, !labelled.contains(pending), !assignment.contains(pending) {
                assignment[i] = pending
                continue
            }
            let values = entry.candidate.tokens.map(\.raw).joined(separator: " ")
            let fragment = entry.candidate.potentialValueCount < half
            reading.diagnostics.append(Diagnostic(
                .warning, fragment ? .strayValues : .rowUnplaced,
                fragment ? "stray value\(entry.candidate.valueCount == 1 ? "" : "s") \"\(values)\" in the table belong to no row; not used"
                    : "a row of values without a label (\(values)) could not be placed; not used",
                at: entry.candidate.location))
        }

        // 4. Resolve each placed row's values; rows placed tentatively wait for the others.
        var seen: [String: Int] = [:]
        var pending: [(row: RowSpec, tokens: [ValueToken], note: String?, location: SourceLocation)] = []
        for (i, entry) in entries.enumerated() {
            guard let key = assignment[i], let row = table.row(key) else { continue }
            if let first = seen[key] {
                let firstValues = entries[first].candidate.tokens.map(\.raw)
                if firstValues != entry.candidate.tokens.map(\.raw) {
                    for cell in row.cellKeys { reading.cells[cell] = .missing }
                    reading.fail(row: row, table: .applications, reason: "printed twice with different values (\(entries[first].candidate.location) and \(entry.candidate.location))", at: entry.candidate.location, code: .rowDuplicate)
                    seen[key] = i
                }
                continue
            }
            seen[key] = i
            switch ValueResolver.resolve(entry.candidate.tokens, expected: expected, rules: [rowCheck], exactGrid: entry.candidate.exactGrid) {
            case let .placed(tokens, note, tentative):
                if tentative {
                    pending.append((row, tokens, note, entry.candidate.location))
                } else {
                    reading.place(tokens, row: row, table: .applications, note: note, rowLocation: entry.candidate.location)
                }
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

        // 5. Rows the document lacks.
        for row in inUse where seen[row.key] == nil {
            reading.fail(row: row, table: .applications, reason: "row not found in the table", at: nil, severity: .warning, code: .rowNotFound)
        }
        for key in replaced where !inUse.contains(where: { $0.key == key }) {
            for cell in table.row(key)!.cellKeys { reading.cells[cell] = .missing }
        }
        if !alternatives.isEmpty {
            reading.diagnostics.append(Diagnostic(
                .info, .rowPrintedAsOne, "（六）其他处理 is printed as one row (otherHandling.total); its three items are null",
                at: nil, key: RowKey(.applications, row: "otherHandling").dotted))
        }
        return reading
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

    /// The data row named by the label-only lines just before an unlabelled value row, when they
    /// name exactly one row and it is not also a group label.
    func pendingKey(_ labelOnly: [RowCandidate], _ identifier: RowIdentifier) -> String? {
        guard !labelOnly.isEmpty else { return nil }
        let texts = labelOnly.flatMap(\.labels)
        var keys = Set<String>()
        for text in texts { if let key = identifier.matchRow(text) { keys.insert(key) } }
        if let joined = identifier.matchRow(texts.joined()) { keys.insert(joined) }
        guard keys.count == 1, let key = keys.first, let row = table.row(key), row.replaces.isEmpty else { return nil }
        return key
    }
}
