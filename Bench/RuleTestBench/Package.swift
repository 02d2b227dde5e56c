// swift-tools-version: 6.1
// A separate package so that `swift test` at the root never builds it:
//
//     cd Bench/RuleTestBench && swift run -c release rule-test-bench [series] [rules] [hours]
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its directory, which differs between checkouts.
let vigil = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "RuleTestBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "rule-test-bench",
            dependencies: [.product(name: "VigilTesting", package: vigil)],
            path: "Sources"
        ),
    ]
)
