// swift-tools-version:6.0
import PackageDescription

// Arrows point one way only: facet → FacetApp → {TermUI, FacetStore → FacetModel}.
let package = Package(
    name: "Facet",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "facet", targets: ["facet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNCursesW",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "FacetModel"),
        .target(
            name: "FacetStore",
            dependencies: ["FacetModel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "TermUI",
            dependencies: ["CNCursesW", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(
            name: "FacetApp",
            dependencies: ["TermUI", "FacetStore", "FacetModel", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .executableTarget(
            name: "facet",
            dependencies: ["FacetApp", "FacetStore", "FacetModel", "TermUI",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // The Swift runtime and Foundation linked into the binary: the dynamic loader's work
            // on their shared libraries was a third of the time to the first frame, and only the
            // parts Facet touches are loaded. Position-dependent (-no-pie), so the loader has no
            // 90,000 relocations to read and apply at every start (2 MB, a millisecond); the C
            // libraries that read outside input (SQLite, ncurses) stay shared and randomized.
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xclang-linker", "-no-pie"], .when(platforms: [.linux])),
                             // The release link: ld.lld (it comes with the Swift toolchain) places the
                             // functions a session runs first and together, as Build/facet.order lists
                             // them (Benchmarks/order_functions.py writes it). The kernel maps code
                             // 64 KB at a time around each first call: scattered among 20 MB of code
                             // that a session never runs, they held 12.8 MB of it resident. A function
                             // the list misses is still linked, after the listed ones.
                             .unsafeFlags(["-use-ld=lld",
                                           "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Build/facet.order",
                                           "-Xlinker", "--no-warn-symbol-ordering"],
                                          .when(platforms: [.linux], configuration: .release))] + [
                "CoreFoundation", "_FoundationICU", "_FoundationCollections", "_FoundationCShims", "swiftSynchronization", "stdc++",
            ].map { .linkedLibrary($0, .when(platforms: [.linux])) }
        ),
        // A load generator for the many-users stress test and benchmarks; not part of the app.
        .executableTarget(name: "facet-load", dependencies: ["FacetStore", "FacetModel"], path: "Benchmarks/FacetLoad"),
        // The kill-and-check harness: writers killed at random moments, the database checked after.
        .executableTarget(name: "facet-killcheck", dependencies: ["FacetStore", "FacetModel", .product(name: "GRDB", package: "GRDB.swift")],
                         path: "Benchmarks/FacetKillCheck"),
        // Pane queries and in-process key costs on a district database, for Benchmarks/run.py.
        .executableTarget(name: "facet-bench", dependencies: ["FacetApp", "FacetStore", "FacetModel", "TermUI"], path: "Benchmarks/FacetBench"),
        // Shared by the test targets: the demo district generated once per test process and copied.
        .target(name: "FacetTestSupport", dependencies: ["FacetStore", "FacetModel"], path: "Tests/FacetTestSupport"),
        .testTarget(name: "FacetModelTests", dependencies: ["FacetModel"]),
        .testTarget(name: "FacetStoreTests", dependencies: ["FacetStore", "FacetModel", "FacetTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Corpus"]),
        .testTarget(name: "TermUITests", dependencies: ["TermUI"]),
        .testTarget(name: "FacetAppTests", dependencies: ["FacetApp", "TermUI", "FacetStore", "FacetModel", "FacetTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "EndToEndTests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
