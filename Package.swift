// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nianbao",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "NianbaoKit", targets: ["NianbaoKit"]),
        .executable(name: "nianbao", targets: ["nianbao"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .target(name: "NianbaoKit", dependencies: ["CPoppler"]),
        .executableTarget(
            name: "nianbao",
            dependencies: [
                "NianbaoKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "NianbaoKitTests",
            dependencies: ["NianbaoKit"],
            resources: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
