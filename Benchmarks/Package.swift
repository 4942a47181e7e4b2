// swift-tools-version: 6.1
// The package-benchmark suite of DiffusionODE, kept in its own package so the main build
// does not depend on the benchmark tooling. Run from this folder:
//
//     swift package benchmark
//
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which is whatever a clone is called.
let core = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "DiffusionODEBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "DiffusionODEBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DiffusionODE", package: core),
                .product(name: "DiffusionODEGSL", package: core),
                .product(name: "DiffusionODEStudies", package: core),
            ],
            path: "Benchmarks/DiffusionODEBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
