import Foundation
import Hummingbird
import NianbaoKit

/// The home page and its static files. The page is plain HTML; the script (`/static/app.js`)
/// sends the chosen files to the API and shows each report, so no inline script is needed and the
/// Content-Security-Policy can forbid it.
enum Pages {
    static func add<Context: RequestContext>(to router: Router<Context>, converter: Converter, settings: ServerSettings) {
        let home = homePage(formats: converter.readers.readers.flatMap(\.extensions), settings: settings)
        router.get("/") { _, _ in asset(home, type: "text/html; charset=utf-8") }
        router.get("/static/app.js") { _, _ in asset(StaticFiles.script, type: "text/javascript; charset=utf-8") }
        router.get("/static/app.css") { _, _ in asset(StaticFiles.stylesheet, type: "text/css; charset=utf-8") }
        // The report's own stylesheet, scoped to the report on the page.
        router.get("/static/report.css") { _, _ in asset(StaticFiles.reportStylesheet, type: "text/css; charset=utf-8") }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func homePage(formats: [String], settings: ServerSettings) -> String {
        let accept = formats.map { "." + $0 }.joined(separator: ",")
        let megabytes = settings.maxUploadBytes / (1 << 20)
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>nianbao · 政府信息公开工作年度报告</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/static/report.css">
            <link rel="stylesheet" href="/static/app.css">
            <script src="/static/app.js" defer></script>
            </head>
            <body>
            <header class="app">
            <h1>nianbao</h1>
            <p>政府信息公开工作年度报告 → JSON, CSV, HTML. Choose one or several reports (\(HTMLEscape.text(formats.joined(separator: ", "))); up to \(megabytes) MB each). They are converted on this computer and not kept.</p>
            <form id="upload" method="post" action="/api/convert" enctype="application/octet-stream">
            <label>Reports <input id="files" type="file" name="file" multiple accept="\(HTMLEscape.attribute(accept))"></label>
            </form>
            <form id="fetch" method="post" action="/api/convert">
            <label>or a report's address <input id="url" type="url" name="url" placeholder="https://…" maxlength="4096"></label>
            <button type="submit">Convert</button>
            </form>
            \(settings.corpus == nil ? "" : "<p><a href=\"/corpus\">The reports in the corpus</a> (--db): filter by agency, year and failing 勾稽 rule.</p>")
            <noscript><p>This page needs JavaScript to send files; the API works without it (see the README).</p></noscript>
            </header>
            <main id="results" aria-live="polite"></main>
            </body>
            </html>

            """
    }
}
