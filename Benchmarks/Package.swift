// swift-tools-version: 6.1
// The package-benchmark suite of DiffusionODE, kept in its own package so the main build
// does not depend on the benchmark tooling. Run from this folder:
//
//     swift package benchmark
//
import PackageDescription

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
                .product(name: "DiffusionODE", package: "main"),
                .product(name: "DiffusionODEGSL", package: "main"),
                .product(name: "DiffusionODEStudies", package: "main"),
            ],
            path: "Benchmarks/DiffusionODEBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
