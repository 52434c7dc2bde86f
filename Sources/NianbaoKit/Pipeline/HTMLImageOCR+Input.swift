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
            // Those fetched are at most maxPictures already; of those the page holds as data:
            // addresses (no request made), at most as many are read.
            let embedded = pictures.pictures.filter { $0.bytes != nil && DataURI.isDataURI($0.source) }.count
            let budget = pictures.images.count - embedded + min(embedded, input.options.maxPictures)
            self.init(fetched: pictures.images, maxBytes: .max, pageTimeout: input.options.ocrPageTimeout, maxPictures: budget)
            return
        }
        self.init(
            path: input.path, url: input.url, bytes: input.bytes, maxBytes: input.options.maxBytes,
            pageTimeout: input.options.ocrPageTimeout, maxPictures: input.options.maxPictures)
    }
}
