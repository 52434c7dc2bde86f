import Foundation
import Hummingbird
import NianbaoCorpus
import NianbaoKit

/// The corpus pages of `nianbao serve --db`: the reports listed and filtered (`/corpus`), with the
/// applications received per year drawn as an inline SVG chart (``CorpusChart``), and one report
/// (`/corpus/reports/ID`) in the upload page's layout. Server-rendered, no script; every text from
/// the corpus escaped; every query parameter checked before it reaches SQL as a bound argument.
struct CorpusPages: Sendable {
    let catalog: CorpusCatalog
    /// Reports on one page of the listing.
    static let pageSize = 50
    /// The last page asked for that is answered (a larger number is a 400, never a huge OFFSET).
    static let maxPage = 1_000_000

    func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/corpus") { request, _ in await page { () throws(PageError) in try listing(request) } }
        router.get("/corpus/reports/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            return await page { () throws(PageError) in try reportPage(id) }
        }
        router.get("/static/corpus.css") { _, _ in Pages.asset(Self.stylesheet, type: "text/css; charset=utf-8") }
    }

    /// A page or its error page; the corpus is read on a thread of its own, off the event loops.
    func page(_ make: @escaping @Sendable () throws(PageError) -> String) async -> Response {
        let result: Result<String, PageError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Result { () throws(PageError) in try make() }) }
        }
        switch result {
        case let .success(html): return Pages.asset(html, type: "text/html; charset=utf-8")
        case let .failure(error): return error.response
        }
    }

    /// What a corpus page answers instead: 400 a bad parameter or ID, 404 an unknown report, 500 an unreadable corpus.
    enum PageError: Error {
        case badRequest(String)
        case notFound(String)
        case unreadable(NianbaoError)

        var response: Response {
            let (status, message): (HTTPResponse.Status, String) = switch self {
            case let .badRequest(message): (.badRequest, message)
            case let .notFound(message): (.notFound, message)
            case let .unreadable(error): (.internalServerError, error.description)
            }
            let body = CorpusPages.document(
                title: "\(status.code) \(status.reasonPhrase)",
                body: "<main class=\"corpus\">\n<p class=\"status error\">\(HTMLEscape.text(message))</p>\n<p><a href=\"/corpus\">All reports</a></p>\n</main>\n")
            return Response(
                status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
    }

    // MARK: The listing

    /// The listing's parameters, checked: agency, year, rule, page.
    struct Query: Equatable {
        var filter = CorpusCatalog.Filter()
        var page = 1
        /// The value the rule menu shows: "", "any" or a rule's name.
        var rule = ""

        static let names = ["agency", "year", "rule", "page"]

        init() {}

        init(_ request: Request) throws(PageError) {
            let parameters = try Self.formParameters(request.uri.query ?? "")
            if let unknown = parameters.keys.sorted().first(where: { !Self.names.contains($0) }) {
                throw .badRequest("unknown parameter '\(unknown)'; known: \(Self.names.joined(separator: ", "))")
            }
            if let agency = parameters["agency"]?.trimmingCharacters(in: .whitespaces), !agency.isEmpty {
                guard agency.count <= 200, !agency.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    throw .badRequest("agency must be at most 200 characters without control characters")
                }
                filter.agency = agency
            }
            filter.year = try Self.number(parameters["year"], "year", in: 1900...9999)
            page = try Self.number(parameters["page"], "page", in: 1...CorpusPages.maxPage) ?? 1
            switch parameters["rule"] ?? "" {
            case "": break
            case "any": filter.failing = .any
            case let name:
                guard let rule = CheckRule(rawValue: name) else {
                    throw .badRequest("rule must be any or one of \(CheckRule.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                filter.failing = .rule(rule)
            }
            rule = parameters["rule"] ?? ""
        }

        /// An optional whole number in `range`; empty is absent.
        static func number(_ text: String?, _ name: String, in range: ClosedRange<Int>) throws(PageError) -> Int? {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard text.utf8.count <= 10, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text), range.contains(value) else {
                throw .badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }

        /// The query as a form sends it (`+` a space, percent-encoded UTF-8); of a name given twice, the first.
        static func formParameters(_ query: String) throws(PageError) -> [String: String] {
            guard query.utf8.count <= 4096 else { throw .badRequest("the query is longer than 4096 bytes") }
            var parameters: [String: String] = [:]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decoded(_ part: Substring) throws(PageError) -> String {
                    guard let text = part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                        throw .badRequest("the query is not percent-encoded UTF-8")
                    }
                    return text
                }
                let name = try decoded(parts[0])
                let value = parts.count > 1 ? try decoded(parts[1]) : ""
                if parameters[name] == nil { parameters[name] = value }
            }
            return parameters
        }

        /// This query on another page, as a link's address (`&` escaped for an attribute).
        func link(page: Int) -> String {
            var items: [(String, String)] = []
            if let agency = filter.agency { items.append(("agency", agency)) }
            if let year = filter.year { items.append(("year", String(year))) }
            if !rule.isEmpty { items.append(("rule", rule)) }
            if page > 1 { items.append(("page", String(page))) }
            let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
            let query = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
            return HTMLEscape.attribute(query.isEmpty ? "/corpus" : "/corpus?" + query)
        }
    }

    func listing(_ request: Request) throws(PageError) -> String {
        let query = try Query(request)
        let offset = (query.page - 1) * Self.pageSize
        let (total, reports, years, totals): (Int, [CorpusCatalog.Listed], [Int], [CorpusCatalog.YearTotal])
        do {
            (total, reports) = try catalog.reports(query.filter, offset: offset, limit: Self.pageSize)
            years = try catalog.years()
            totals = try catalog.applicationsReceived(query.filter)
        } catch {
            throw .unreadable(error)
        }
        var body = "<header class=\"app\">\n<h1><a href=\"/\">nianbao</a> · 语料库 corpus</h1>\n"
        body += "<p>Reports in \(HTMLEscape.text((catalog.path as NSString).lastPathComponent)), as <code>nianbao convert --db</code> stored them.</p>\n"
        body += filterForm(query, years: years) + "</header>\n<main class=\"corpus\">\n"
        body += "<section class=\"chart\">\n<h2>本年新收政府信息公开申请数量 · applications received per year</h2>\n"
        body += CorpusChart.svg(totals) + "</section>\n"
        body += "<section class=\"reports\">\n" + table(reports, total: total, query: query, offset: offset) + "</section>\n</main>\n"
        return Self.document(title: "nianbao · corpus", body: body)
    }

    func filterForm(_ query: Query, years: [Int]) -> String {
        func option(_ value: String, _ label: String, selected: Bool) -> String {
            "<option value=\"\(HTMLEscape.attribute(value))\"\(selected ? " selected" : "")>\(HTMLEscape.text(label))</option>"
        }
        var out = "<form class=\"filter\" method=\"get\" action=\"/corpus\">\n"
        out += "<label>Agency contains <input type=\"search\" name=\"agency\" maxlength=\"200\" value=\"\(HTMLEscape.attribute(query.filter.agency ?? ""))\"></label>\n"
        out += "<label>Year <select name=\"year\">" + option("", "all", selected: query.filter.year == nil)
        out += years.map { option(String($0), String($0), selected: query.filter.year == $0) }.joined() + "</select></label>\n"
        out += "<label>Failing 勾稽 rule <select name=\"rule\">" + option("", "any or none", selected: query.rule.isEmpty)
        out += option("any", "any rule fails", selected: query.rule == "any")
        out += CheckRule.allCases.map { option($0.rawValue, $0.rawValue, selected: query.rule == $0.rawValue) }.joined() + "</select></label>\n"
        out += "<button type=\"submit\">Filter</button> <a href=\"/corpus\">clear</a>\n</form>\n"
        return out
    }

    func table(_ reports: [CorpusCatalog.Listed], total: Int, query: Query, offset: Int) -> String {
        guard !reports.isEmpty else {
            let text = total == 0 ? "No report matches." : "No report on page \(query.page) (\(total) match)."
            return "<h2>Reports</h2>\n<p class=\"status\">\(text)</p>\n"
        }
        var out = "<h2>Reports \(offset + 1)–\(offset + reports.count) of \(total)</h2>\n<table class=\"corpus-reports\">\n"
        out += "<thead><tr><th scope=\"col\">Agency</th><th scope=\"col\">Year</th><th scope=\"col\">Report</th>"
        out += "<th scope=\"col\">Failing 勾稽 rules</th><th scope=\"col\">Not evaluated</th></tr></thead>\n<tbody>\n"
        for report in reports {
            let name = report.title ?? report.source
            let failing = report.checksFailed == 0 ? "—" : "\(report.checksFailed): " + report.failedRules.joined(separator: ", ")
            out += "<tr\(report.checksFailed > 0 ? " class=\"fail\"" : "") data-id=\"\(HTMLEscape.attribute(report.sha256))\">"
            out += "<td>\(HTMLEscape.text(report.agency ?? "—"))</td><td>\(report.year.map(String.init) ?? "—")</td>"
            out += "<td><a href=\"/corpus/reports/\(HTMLEscape.attribute(report.sha256))\">\(HTMLEscape.text(name))</a>"
            out += "<br><small>\(HTMLEscape.text(report.source))</small></td>"
            out += "<td>\(HTMLEscape.text(failing))</td><td>\(report.checksNotEvaluated)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        let pages = (total + Self.pageSize - 1) / Self.pageSize
        if pages > 1 {
            out += "<p class=\"pager\">"
            if query.page > 1 { out += "<a rel=\"prev\" href=\"\(query.link(page: query.page - 1))\">← previous</a> " }
            out += "page \(query.page) of \(pages)"
            if query.page < pages { out += " <a rel=\"next\" href=\"\(query.link(page: query.page + 1))\">next →</a>" }
            out += "</p>\n"
        }
        return out
    }

    // MARK: One report

    func reportPage(_ id: String) throws(PageError) -> String {
        guard CorpusCatalog.isReportID(Substring(id)) else {
            throw .badRequest("a report's ID is the SHA-256 of its source: 64 lowercase hexadecimal digits")
        }
        let found: AnnualReport?
        do { found = try catalog.report(id: id) } catch { throw .unreadable(error) }
        guard let report = found else { throw .notFound("the corpus has no report \(id)") }
        let failed = report.checks.filter { $0.status == .fail }.count
        var body = "<header class=\"app\">\n<h1><a href=\"/\">nianbao</a> · <a href=\"/corpus\">语料库 corpus</a></h1>\n</header>\n<main>\n"
        body += "<section class=\"upload\">\n<h2>\(HTMLEscape.text(report.source.file))</h2>\n"
        let who = [report.metadata.agency, report.metadata.year.map(String.init)].compactMap { $0 }.joined(separator: " ")
        body += "<p class=\"status \(failed > 0 ? "fail" : "pass")\">\(HTMLEscape.text(who)): "
        body += (failed > 0 ? "\(failed) 勾稽 rule(s) failed" : "no 勾稽 rule failed") + ", \(report.diagnostics.count) diagnostic(s)</p>\n"
        body += "<p class=\"note\">From the corpus: the tables, checks and diagnostics as converted (the corpus keeps no section text).</p>\n"
        body += Self.problems(report) + ReportHTML.article(report, annotate: true) + "</section>\n</main>\n"
        return Self.document(title: HTMLEscape.text(ReportHTML.title(of: report)) + " · nianbao", body: body)
    }

    /// The rules that failed or were not evaluated and the diagnostics, as the upload page lists them.
    static func problems(_ report: AnnualReport) -> String {
        var out = "<ul class=\"problems\">\n"
        for check in report.checks where check.status != .pass {
            let detail = check.status == .fail
                ? " (expected \(NumberText.canonical(check.expected)), found \(NumberText.canonical(check.actual)))"
                : check.reason.map { " (\($0))" } ?? ""
            let text = "勾稽 \(check.status.rawValue): \(check.place): \(check.statement)\(detail)"
            out += "<li class=\"\(check.status == .fail ? "fail" : "not-evaluated")\">\(HTMLEscape.text(text))</li>\n"
        }
        for diagnostic in report.diagnostics {
            let place = diagnostic.location?.page.map { " (page \($0))" } ?? diagnostic.location?.line.map { " (line \($0))" } ?? ""
            let text = "\(diagnostic.severity.rawValue): \(diagnostic.key.map { $0 + ": " } ?? "")\(diagnostic.message)\(place)"
            out += "<li class=\"\(diagnostic.severity.rawValue)\">\(HTMLEscape.text(text))</li>\n"
        }
        return out + "</ul>\n"
    }

    /// A page: `title` (escaped already) and `body`, with the app's stylesheets and no script.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/static/report.css">
        <link rel="stylesheet" href="/static/app.css">
        <link rel="stylesheet" href="/static/corpus.css">
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static let stylesheet = """
        header.app h1 a { color: inherit; text-decoration: none; }
        form.filter label { margin-right: 1em; }
        main.corpus { max-width: 60em; margin: 0 auto; padding: 0 1.5em 2em; font-family: sans-serif; }
        main.corpus section { margin: 1.5em 0; border-top: 2px solid #444; }
        main.corpus h2 { font-size: 1.1em; }
        table.corpus-reports { border-collapse: collapse; width: 100%; font-size: .9em; }
        table.corpus-reports th, table.corpus-reports td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top; }
        table.corpus-reports tr.fail td:nth-child(4) { color: #b00020; }
        svg.chart { max-width: 100%; height: auto; font-family: sans-serif; }
        p.note { text-indent: 0; color: #555; font-size: .9em; }

        """
}
