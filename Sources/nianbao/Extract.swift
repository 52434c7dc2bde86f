import ArgumentParser
import Foundation
import NianbaoKit

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dump the document model an extractor made of a file, as JSON (for debugging).",
        discussion: "Shows the blocks (headings, paragraphs, tables of cells, page furniture) with their locations, before any parsing.")

    @Argument(help: "The report file, or - for standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "The password of an encrypted PDF.")
    var password: String?

    @Option(name: .long, help: ArgumentHelp(
        "PDF only: write each page as DIR/page-N.png with the detected rulings (red), table cells (blue), text lines (green) and the cell keys of each line (purple) drawn over it.",
        valueName: "DIR"))
    var overlay: String?

    @Option(name: .long, help: "Where OCR runs: auto (PDF pages without text, and images), always (every PDF page too) or never.")
    var ocr: OCRMode = .auto

    @Option(name: .long, help: ArgumentHelp("The largest input read, in bytes (default 104857600, 100 MiB).", valueName: "N"))
    var maxBytes: Int = DocumentReader.defaultMaxBytes

    func validate() throws {
        try OptionCheck.maxBytes(maxBytes)
    }

    func run() throws {
        try InputGuard.refuseOverwriting(inputs: [file], outputs: output.map { [$0] } ?? [])
        do {
            // Read once: standard input cannot be read twice.
            let bytes = try DocumentReader.bytes(of: file, maxBytes: maxBytes)
            let document = try Nianbao.converter.document(.bytes(bytes, name: file), options: ConversionOptions(password: password, maxBytes: maxBytes, ocr: ocr))
            if let overlay {
                try FileManager.default.createDirectory(atPath: overlay, withIntermediateDirectories: true)
                guard document.source.format == .pdf else {
                    throw NianbaoError.unsupportedFormat(path: file, detail: "--overlay draws on PDF pages only")
                }
                let rows = (try? Nianbao.converter.parser.parse(document))?.rowKeysByLine ?? [:]
                let pages = try PDFExtractor().writeOverlays(
                    bytes: bytes, source: document.source, password: password, lineLabels: rows.mapValues { $0.map(\.dotted) }, to: overlay)
                FileHandle.standardError.write(Data("nianbao: wrote \(pages.count) page image\(pages.count == 1 ? "" : "s") to \(overlay)\n".utf8))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(document)) ?? Data()
            try emit(String(decoding: data, as: UTF8.self) + "\n", to: output)
        } catch let error as NianbaoError {
            printError(error.description)
            throw exitStatus(for: error)
        } catch {
            printError("\(error.localizedDescription)")
            throw ExitCode(ExitStatus.badOutput)
        }
    }
}
