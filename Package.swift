// swift-tools-version:6.2
import PackageDescription

/// One set of Swift settings for every target (as hummingbird does), so the whole
/// package builds in Swift 6 language mode with the same strictness.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "yuqing",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "yuqing", targets: ["yuqing"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // C libraries behind thin, typed shims.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CYuqingZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CUchardet",
            pkgConfig: "uchardet",
            providers: [.apt(["libuchardet-dev"])]
        ),

        // The pipeline, one module per stage.
        .target(
            name: "Transport",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Markup",
            dependencies: ["CLibXML2", "CUchardet"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Feeds",
            dependencies: ["Markup"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Analysis",
            dependencies: ["Feeds"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Storage",
            dependencies: ["Feeds", "Analysis", "CYuqingZlib"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Alerting",
            dependencies: [
                "Transport", "Feeds", "Analysis", "Storage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The clock-free core: the daemon, `yuqing replay` and the tests drive it.
        // Cluster mode on PostgreSQL: bucket leases with fencing epochs, schema migrations.
        .target(
            name: "Cluster",
            dependencies: [
                "Feeds", "Analysis", "Storage", "Alerting", "Queries",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Engine",
            dependencies: ["Feeds", "Analysis", "Storage", "Alerting", "Reports"],
            swiftSettings: swiftSettings
        ),
        // What the CLI, reports and a web view ask of the stored data.
        .target(
            name: "Queries",
            dependencies: ["Analysis", "Storage", "Alerting"],
            swiftSettings: swiftSettings
        ),
        // 舆情日报: the report model, its charts (SVG, PNG) and its renderings (HTML, Word, Markdown).
        .target(
            name: "Reports",
            dependencies: ["Queries", "Analysis", "Storage", "Alerting", "CYuqingZlib", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        // The read-only web view: server-rendered pages over the same queries as the CLI.
        .target(
            name: "WebView",
            dependencies: [
                "Reports", "Queries", "Storage", "Analysis",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Daemon",
            dependencies: [
                "Transport", "Markup", "Feeds", "Analysis", "Storage", "Alerting", "Engine", "Queries", "Reports", "WebView", "Cluster",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "yuqing",
            dependencies: [
                "Daemon", "Engine", "Queries", "Reports", "Feeds", "Analysis", "Storage", "Cluster",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Benchmarks (run with swift run -c release; see BENCHMARKS.md).
        .executableTarget(
            name: "yuqing-bench",
            dependencies: [
                "Transport", "Markup", "Feeds", "Analysis", "Storage", "Daemon", "Cluster", "Alerting", "YuqingTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/FetchCycle",
            swiftSettings: swiftSettings
        ),

        // libFuzzer target (built only with -sanitize=fuzzer; see README).
        .executableTarget(
            name: "yuqing-fuzz",
            dependencies: ["Feeds", "Markup"],
            path: "Fuzz/ParseFuzzer",
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),

        // Tests: one target per module, plus end-to-end runs of the real binary, all sharing
        // one support module (temporary directories, item factories, a recording channel, a
        // scripted transport, the loopback servers).
        .target(
            name: "YuqingTesting",
            dependencies: ["Transport", "Feeds", "Analysis", "Storage", "Alerting"],
            path: "Tests/YuqingTesting",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "YuqingTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "MarkupTests", dependencies: ["Markup", "YuqingTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "Feeds", "Analysis", "Storage", "Alerting", "YuqingTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "FeedsTests", dependencies: ["Feeds", "YuqingTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AnalysisTests",
            dependencies: ["Analysis", "YuqingTesting", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "YuqingTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "AlertingTests", dependencies: ["Alerting", "YuqingTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "QueriesTests", dependencies: ["Queries", "Storage", "YuqingTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "Queries", "Storage", "Analysis", "Alerting", "CYuqingZlib", "YuqingTesting",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: swiftSettings),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Alerting", "Storage", "Feeds", "Reports", "YuqingTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DaemonTests",
            dependencies: ["Daemon", "Engine", "Queries", "Reports", "Alerting", "Storage", "Transport", "Cluster", "YuqingTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["YuqingTesting", "Cluster", .product(name: "PostgresNIO", package: "postgres-nio")],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)
