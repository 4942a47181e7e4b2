// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "DiffusionODE",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DiffusionODE", targets: ["DiffusionODE"]),
        .library(name: "DiffusionODEGSL", targets: ["DiffusionODEGSL"]),
        .library(name: "DiffusionODEStudies", targets: ["DiffusionODEStudies"]),
        .library(name: "DiffusionODEModels", targets: ["DiffusionODEModels"]),
        .executable(name: "diffode", targets: ["diffode"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // GSL from Debian's libgsl-dev, found through pkg-config.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // OpenBLAS from Debian's libopenblas-dev, for the models that are matrix products.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // libpng from Debian's libpng-dev, for rendering samples as pictures.
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // The models' elementwise loops (softmax rows, SiLU) in C, compiled per x86 instruction
        // set (AVX-512, AVX2) and chosen at run time, so the package can build for baseline x86-64.
        .target(name: "CVectorKernels"),
        // The core: schedules, models, the ODE, solvers, time grids, NumPy/CSV files. Pure Swift.
        .target(
            name: "DiffusionODE",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),
        // GSL's adaptive integrators behind the same Solver protocol.
        .target(
            name: "DiffusionODEGSL",
            dependencies: ["DiffusionODE", "CGSL"]
        ),
        // Models evaluated as matrix products through OpenBLAS: the exact denoiser of a dataset
        // (problem type empirical) and a network read from safetensors; problem files of any type.
        .target(
            name: "DiffusionODEModels",
            dependencies: ["DiffusionODE", "COpenBLAS", "CVectorKernels"]
        ),
        // Convergence and work-precision studies, order fits, the eta table, plots and pictures.
        .target(
            name: "DiffusionODEStudies",
            dependencies: ["DiffusionODE", "DiffusionODEGSL", "CPNG"]
        ),
        .executableTarget(
            name: "diffode",
            dependencies: [
                "DiffusionODE", "DiffusionODEGSL", "DiffusionODEStudies", "DiffusionODEModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures (the reference cases) and checks shared by the test targets.
        .target(
            name: "TestSupport",
            dependencies: ["DiffusionODE", "DiffusionODEStudies"],
            path: "Tests/TestSupport",
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DiffusionODETests",
            dependencies: [
                "DiffusionODE", "DiffusionODEStudies", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "DiffusionODEGSLTests",
            dependencies: ["DiffusionODE", "DiffusionODEGSL", "DiffusionODEStudies", "TestSupport"]
        ),
        .testTarget(
            name: "DiffusionODEStudiesTests",
            dependencies: ["DiffusionODE", "DiffusionODEGSL", "DiffusionODEStudies", "TestSupport"]
        ),
        .testTarget(
            name: "DiffusionODEModelsTests",
            dependencies: ["DiffusionODE", "DiffusionODEModels", "CVectorKernels", "TestSupport"]
        ),
        .testTarget(
            name: "DiffodeCLITests",
            dependencies: ["diffode", "DiffusionODEStudies", "TestSupport"]
        ),
    ]
)
