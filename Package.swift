// swift-tools-version: 6.1
import PackageDescription

// One library module per stage of the data flow (see docs/architecture.md):
//   VigilCore → VigilSyntax/VigilTemplate → VigilStorage → VigilEngine
//   → VigilRules (+ VigilAlerting) → VigilTesting / VigilReplay / VigilServer → vigil (CLI)
// plus the C/C++ shims CRE2 (RE2), CZstd (zstd) and CByteScan (memmem).
let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vigil", targets: ["VigilCLI"]),
        .library(name: "VigilCore", targets: ["VigilCore"]),
        .library(name: "VigilSyntax", targets: ["VigilSyntax"]),
        .library(name: "VigilTemplate", targets: ["VigilTemplate"]),
        .library(name: "VigilStorage", targets: ["VigilStorage"]),
        .library(name: "VigilRules", targets: ["VigilRules"]),
        .library(name: "VigilAlerting", targets: ["VigilAlerting"]),
        .library(name: "VigilEngine", targets: ["VigilEngine"]),
        .library(name: "VigilTesting", targets: ["VigilTesting"]),
        .library(name: "VigilReplay", targets: ["VigilReplay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: C/C++ shims
        .target(name: "CRE2", linkerSettings: [.linkedLibrary("re2")]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "CByteScan"),

        // MARK: Stages
        .target(name: "VigilCore", dependencies: ["CRE2", "CZstd", "CByteScan"]),
        .target(name: "VigilSyntax", dependencies: ["VigilCore", "VigilTemplate"]),
        .target(name: "VigilTemplate", dependencies: ["VigilCore"]),
        .target(name: "VigilStorage", dependencies: ["VigilCore"]),
        .target(
            name: "VigilRules",
            dependencies: [
                "VigilCore", "VigilSyntax", "VigilTemplate", "VigilStorage", "VigilEngine", "VigilAlerting",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "VigilAlerting", dependencies: ["VigilCore"]),
        .target(name: "VigilEngine", dependencies: ["VigilCore", "VigilSyntax", "VigilStorage", "VigilTemplate"]),
        .target(
            name: "VigilTesting",
            dependencies: [
                "VigilCore", "VigilSyntax", "VigilStorage", "VigilEngine", "VigilRules", "VigilTemplate", "VigilAlerting",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "VigilReplay",
            dependencies: ["VigilCore", "VigilStorage", "VigilEngine", "VigilRules", "VigilAlerting"]
        ),

        // MARK: Command line
        .executableTarget(
            name: "VigilCLI",
            dependencies: [
                "VigilSyntax", "VigilStorage", "VigilEngine", "VigilRules", "VigilTesting", "VigilReplay",
                "VigilAlerting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Benchmarks (run by hand)
        .executableTarget(name: "vigil-engine-perf", dependencies: ["VigilCore", "VigilStorage", "VigilEngine"],
                          path: "Bench/EnginePerfCheck"),
        .executableTarget(name: "vigil-logql-perf", dependencies: ["VigilCore", "VigilStorage", "VigilSyntax", "VigilEngine"],
                          path: "Bench/LogQLPerfCheck"),

        // MARK: Tests
        // Test-only helpers shared by test targets (a real Alertmanager on a free port).
        .target(name: "VigilTestSupport", path: "Tests/VigilTestSupport"),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"]),
        .testTarget(name: "VigilSyntaxTests", dependencies: ["VigilSyntax"]),
        .testTarget(name: "VigilTemplateTests", dependencies: ["VigilTemplate"]),
        .testTarget(name: "VigilStorageTests", dependencies: ["VigilStorage"]),
        .testTarget(
            name: "VigilRulesTests",
            dependencies: ["VigilTestSupport", "VigilRules", "VigilCore", "VigilStorage", "VigilAlerting", "VigilTemplate"]
        ),
        .testTarget(name: "VigilAlertingTests", dependencies: ["VigilTestSupport", "VigilAlerting"]),
        .testTarget(name: "VigilEngineTests", dependencies: ["VigilEngine", "VigilStorage", "VigilSyntax", "VigilCore"]),
        .testTarget(
            name: "VigilTestingTests",
            dependencies: ["VigilTesting", "VigilEngine", "VigilRules", "VigilStorage", "VigilCore"],
            exclude: ["PromtoolDifferential"]
        ),
        .testTarget(
            name: "VigilReplayTests",
            dependencies: ["VigilTestSupport", "VigilReplay", "VigilRules", "VigilStorage", "VigilAlerting", "VigilCore"]
        ),
        .testTarget(name: "VigilCLITests", dependencies: ["VigilCLI", "VigilReplay", "VigilRules", "VigilStorage", "VigilCore"]),
    ],
    cxxLanguageStandard: .cxx17
)
