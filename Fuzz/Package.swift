// swift-tools-version: 6.1
// libFuzzer targets for the parsers that read user files. Build and run (see Fuzz/README.md):
//
//     swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//     Fuzz/.build/release/NumPyFuzzer Fuzz/Corpus/npy -max_total_time=60
//
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which is whatever a clone is called.
let core = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "DiffusionODEFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "NumPyFuzzer", dependencies: ["FuzzDriver", .product(name: "DiffusionODE", package: core)]),
        .executableTarget(name: "ProblemFileFuzzer", dependencies: ["FuzzDriver", .product(name: "DiffusionODE", package: core)]),
    ]
)
