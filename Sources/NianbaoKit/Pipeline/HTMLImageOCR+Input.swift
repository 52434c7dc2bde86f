import NianbaoExtract

extension HTMLImageOCR {
    /// The pictures of the page `input` to read by OCR: the files beside a local page, or the
    /// pictures fetched for a fetched one (``PagePictures``). Nil when the page has no `<img`, a
    /// fetched page has no picture fetched, or OCR is not to run (`--ocr never`): a page without
    /// pictures is not read twice.
    init?(page input: ReaderInput) {
        guard input.options.ocr != .never else { return nil }
        if input.url != nil {
            guard let pictures = input.pictures else { return nil }
            // The fetcher held each picture to its own size limit already.
            self.init(fetched: pictures.images, maxBytes: .max, pageTimeout: input.options.ocrPageTimeout)
            return
        }
        self.init(
            path: input.path, url: input.url, bytes: input.bytes, maxBytes: input.options.maxBytes,
            pageTimeout: input.options.ocrPageTimeout)
    }
}
