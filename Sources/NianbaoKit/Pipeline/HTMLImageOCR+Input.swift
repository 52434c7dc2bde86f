import NianbaoExtract

extension HTMLImageOCR {
    /// The pictures of the page `input` to read by OCR; nil when the page is not a local file, has
    /// no `<img`, or OCR is not to run (`--ocr never`): a page without pictures is not read twice.
    init?(page input: ReaderInput) {
        guard input.options.ocr != .never else { return nil }
        self.init(
            path: input.path, url: input.url, bytes: input.bytes, maxBytes: input.options.maxBytes,
            pageTimeout: input.options.ocrPageTimeout)
    }
}
