// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nianbao",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "NianbaoKit", targets: ["NianbaoKit"]),
        .library(name: "NianbaoCorpus", targets: ["NianbaoCorpus"]),
        .executable(name: "nianbao", targets: ["nianbao"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The SQLite corpus (convert --db); Debian: libsqlite3-dev.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Tests only: a real HTTP server on 127.0.0.1 for the fetch and scrape tests.
        // DOCX packages (ZIP archives) for NianbaoExtract/DOCX; on Linux it links zlib (Debian: zlib1g-dev).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The web app and HTTP API (`nianbao serve`), in NianbaoServer alone.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // Hummingbird's logger, set to notices only by `nianbao serve` (it writes its own access log).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Header names (HTTPField.Name) for the server's own headers.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        // libxml2's HTML parser (Debian: libxml2-dev), used by NianbaoExtract/HTML/LibXML2.swift alone.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // PostgreSQL's client library (Debian: libpq-dev), for the PostgreSQL corpus (convert --db
        // postgres://…), used by NianbaoCorpus/LibPQ.swift alone.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        // One HTTP GET through libcurl, loaded with dlopen on first use so that the binary does not
        // link libcurl and its two dozen libraries at start-up (Debian: libcurl4-openssl-dev for
        // <curl/curl.h>; libcurl4 at run time). Called from NianbaoKit/Fetch/LibCurl.swift alone.
        .target(name: "CCurl"),
        // Tesseract OCR and Leptonica image processing, loaded with dlopen when a scan or image is
        // first read, so that the binary does not link libtesseract and its five dozen libraries
        // (libcurl among them) at start-up (Debian: libtesseract-dev and libleptonica-dev for the
        // headers; libtesseract5 and the trained data tesseract-ocr-chi-sim, tesseract-ocr-eng at
        // run time). Called from NianbaoExtract/OCR/Tesseract.swift alone.
        .target(name: "CTesseract"),
        // The library, in layers the compiler holds apart (each target sees only those it names):
        // Support (files, errors, hashing, processes) ← Document (the one model every reader
        // produces) ← Extract (PDF, HTML, text, Word, OCR → Document; knows no template);
        // Template (the national templates as data, the report model, the 勾稽 checks)
        // ← Parse (Document → AnnualReport; knows no file format) and Emit (AnnualReport → JSON,
        // CSV, HTML) ← Compare (across reports: years, units); NianbaoKit on top: the Converter, the reader and writer registries, batch,
        // fetch and scrape. Importing NianbaoKit imports all of them.
        .target(name: "NianbaoSupport"),
        .target(name: "NianbaoDocument", dependencies: ["NianbaoSupport"]),
        .target(
            name: "NianbaoExtract",
            dependencies: [
                "NianbaoSupport", "NianbaoDocument", "CPoppler", "CLibXML2", "CTesseract",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(name: "NianbaoTemplate", dependencies: ["NianbaoSupport", "NianbaoDocument"]),
        .target(name: "NianbaoParse", dependencies: ["NianbaoSupport", "NianbaoDocument", "NianbaoTemplate"]),
        .target(name: "NianbaoEmit", dependencies: ["NianbaoSupport", "NianbaoDocument", "NianbaoTemplate"]),
        .target(
            name: "NianbaoCompare",
            dependencies: ["NianbaoSupport", "NianbaoDocument", "NianbaoTemplate", "NianbaoEmit"]
        ),
        .target(
            name: "NianbaoKit",
            dependencies: [
                "NianbaoSupport", "NianbaoDocument", "NianbaoExtract", "NianbaoTemplate", "NianbaoParse",
                "NianbaoEmit", "NianbaoCompare", "CCurl",
            ]
        ),
        // Reports in an SQLite database (GRDB) or a PostgreSQL one (libpq), kept out of NianbaoKit.
        .target(name: "NianbaoCorpus", dependencies: ["NianbaoKit", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift")]),
        // `nianbao serve`: the web page and HTTP API (Hummingbird), kept out of NianbaoKit.
        .target(
            name: "NianbaoServer",
            dependencies: [
                "NianbaoKit",
                "NianbaoCorpus",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "nianbao",
            dependencies: [
                "NianbaoKit",
                "NianbaoCorpus",
                "NianbaoServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzzing loop run by scripts/fuzz (mutated fixtures through extract, parse and emit).
        .executableTarget(name: "nianbao-fuzz", dependencies: ["NianbaoKit"]),
        .testTarget(
            name: "NianbaoKitTests",
            dependencies: [
                "NianbaoKit",
                "NianbaoCorpus",
                "NianbaoServer",
                // `nianbao serve`'s routes, tested in process.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // Tests build small DOCX packages in memory.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // The fetch tests' web site runs out of process (see Support/TestSite.swift).
            exclude: ["Support/testsite.py"],
            resources: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
