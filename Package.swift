// swift-tools-version: 6.1
import PackageDescription

// One library module per stage of the data flow (see docs/architecture.md):
//   VigilCore → VigilSyntax → VigilStorage → VigilEngine → VigilRules
//   → VigilAlerting → VigilTesting / VigilServer → vigil (CLI)
// plus the C/C++ shims CRE2 (RE2), CZstd (zstd) and CByteScan (memmem).
let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "VigilCore", targets: ["VigilCore"]),
        .library(name: "VigilSyntax", targets: ["VigilSyntax"]),
        .executable(name: "vigil", targets: ["VigilCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: C/C++ shims
        .target(name: "CRE2", linkerSettings: [.linkedLibrary("re2")]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "CByteScan"),

        // MARK: Stages
        .target(name: "VigilCore", dependencies: ["CRE2", "CZstd", "CByteScan"]),
        .target(name: "VigilSyntax", dependencies: ["VigilCore"]),

        // MARK: Command line
        .executableTarget(
            name: "VigilCLI",
            dependencies: ["VigilSyntax", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // MARK: Tests
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"]),
        .testTarget(name: "VigilSyntaxTests", dependencies: ["VigilSyntax"]),
    ],
    cxxLanguageStandard: .cxx17
)
