// swift-tools-version: 6.1
// libFuzzer targets for the parsers that read user files. Build and run (see Fuzz/README.md):
//
//     swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//     Fuzz/.build/release/NumPyFuzzer Fuzz/Corpus/npy -max_total_time=60
//
import PackageDescription

let package = Package(
    name: "DiffusionODEFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "NumPyFuzzer", dependencies: ["FuzzDriver", .product(name: "DiffusionODE", package: "main")]),
        .executableTarget(name: "ProblemFileFuzzer", dependencies: ["FuzzDriver", .product(name: "DiffusionODE", package: "main")]),
    ]
)
