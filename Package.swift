// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "lumatop",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lumatop", targets: ["lumatop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    ],
    targets: [
        // The engine: models, client, poller, store, the tracked list in SQLite. Knows no terminal.
        .target(
            name: "LumaKit",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // A simulated QuickRouter service on 127.0.0.1, for --demo and for tests.
        .target(
            name: "LumaDemo",
            dependencies: [
                "LumaKit",
                "LumaImage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Decoders and encoders of pictures, through Debian's C libraries (no codec of our own):
        // JPEG by libjpeg-turbo's TurboJPEG API, PNG by libpng's simplified API, WebP by libwebp.
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CWebP", pkgConfig: "libwebp", providers: [.apt(["libwebp-dev"])]),
        .target(name: "LumaImage", dependencies: ["LumaKit", "CTurboJPEG", "CPNG", "CWebP"]),
        // Pure rendering: state and a store snapshot into a buffer of cells. Knows no ncurses.
        // TOMLKit reads the config file, whose keys and columns are LumaUI's words.
        .target(name: "LumaUI", dependencies: ["LumaKit", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The only C in the house: ncursesw, wide-character build.
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // The dashboard's loop, terminal-agnostic: input and engine news through `reduce`, effects
        // carried out in one switch, frames drawn through the `Terminal` protocol.
        .target(name: "LumaRuntime", dependencies: ["LumaUI", "LumaKit", "LumaImage"]),
        // The only importer of CNcurses: the ncurses `Terminal` (draws a Buffer, reads keys).
        .target(name: "CursesTerminal", dependencies: ["CNcurses", "LumaUI"]),
        .executableTarget(
            name: "lumatop",
            dependencies: [
                "LumaKit",
                "LumaImage",
                "LumaUI",
                "LumaRuntime",
                "CursesTerminal",
                "LumaDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Figures for BENCHMARKS.md: `swift build -c release && .build/release/lumatop-bench`.
        .executableTarget(name: "lumatop-bench", dependencies: ["LumaKit", "LumaImage", "LumaUI", "LumaDemo", "CursesTerminal"]),
        // What the test targets share: spawning a child, awaiting it, `eventually`. No product uses it.
        .target(name: "TestSupport", dependencies: ["LumaKit"], path: "Tests/TestSupport"),
        .testTarget(name: "LumaKitTests", dependencies: ["LumaKit", "LumaDemo", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "LumaDemoTests", dependencies: ["LumaDemo", "LumaKit", "TestSupport"]),
        .testTarget(name: "LumaImageTests", dependencies: ["LumaImage", "LumaKit", "CTurboJPEG", "CPNG", "CWebP"]),
        .testTarget(name: "LumaUITests", dependencies: ["LumaUI", "LumaKit"]),
        // The runtime in-process against a TestTerminal: key → effect → frame.
        .testTarget(name: "LumaRuntimeTests", dependencies: ["LumaRuntime", "LumaUI", "LumaKit", "LumaImage", "LumaDemo", "TestSupport"]),
        // Runs the built binary in tmux against LumaDemo.
        .testTarget(name: "EndToEndTests", dependencies: ["lumatop", "LumaDemo", "LumaKit", "LumaImage", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        // Runs the built lumatop binary as a process against LumaDemo.
        .testTarget(name: "CommandLineTests", dependencies: ["lumatop", "LumaDemo", "LumaKit", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)

// libFuzzer targets (`.ci/fuzz` builds and runs them with the fuzzer and ASan); a plain build makes
// each a program that does nothing. Seed corpora are in Tests/Fuzz/corpus.
package.targets += [
    ("fuzz-decode", "LumaKit"), ("fuzz-batch", "LumaKit"), ("fuzz-state", "LumaKit"),
    ("fuzz-theme", "LumaUI"), ("fuzz-text", "LumaKit"),
].map { name, library in
    .executableTarget(name: name, dependencies: [.target(name: library)], path: "Tests/Fuzz/\(name)")
}
