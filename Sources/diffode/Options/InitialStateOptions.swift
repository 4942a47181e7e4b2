import ArgumentParser
import DiffusionODE
import Foundation

/// Where x_T comes from: a file, or N standard normal samples from a seed.
struct InitialStateOptions: ParsableArguments {
    @Option(name: .customLong("init"), help: ArgumentHelp("x at t-start, float64 (N, D).", valueName: "file.npy"))
    var initFile: String?

    @Option(parsing: .unconditional, help: "Draw N samples of x_T ~ N(0, I) instead of --init.")
    var samples: Int?

    @Option(parsing: .unconditional, help: "The seed for --samples and for stochastic solvers' noise (default 0).")
    var seed: UInt64?

    /// Checks the combination of options.
    func check() throws {
        if initFile != nil, samples != nil {
            throw DiffusionODEError.invalidArgument("init", "give either --init FILE.npy or --samples N --seed S, not both")
        }
        if initFile == nil, samples == nil {
            throw DiffusionODEError.invalidArgument("init", "missing; give --init FILE.npy or --samples N --seed S")
        }
        if let samples, samples < 1 {
            throw DiffusionODEError.invalidArgument("samples", "must be at least 1, got \(samples)")
        }
    }

    /// A batch of dimension `dimension` (any when nil) from a `.npy` file, refused from its
    /// header when it and the solver's `buffersPerSample` copies would not fit in memory.
    static func read(_ path: String, dimension: Int?, field: String = "init", buffersPerSample: Int = 12) throws -> Batch {
        let batch = try MemoryBudget.readBatch(path, buffers: buffersPerSample, field: field)
        if let dimension, batch.columns != dimension {
            throw DiffusionODEError.invalidInput(path, "has shape (\(batch.rows), \(batch.columns)); the problem has dimension \(dimension), so (N, \(dimension)) is needed")
        }
        guard batch.rows >= 1 else {
            throw DiffusionODEError.invalidInput(path, "holds no samples; shape (N, D) with N >= 1 is needed")
        }
        return batch
    }

    /// The initial batch for a problem of dimension `dimension`.
    func makeInitial(dimension: Int, buffersPerSample: Int = 12) throws -> Batch {
        try check()
        if let initFile {
            return try Self.read(initFile, dimension: dimension, buffersPerSample: buffersPerSample)
        }
        let count = samples ?? 1
        try MemoryBudget.check(samples: count, dimension: dimension, buffers: buffersPerSample)
        var generator = SeededGenerator(seed: seed ?? 0)
        return generator.standardNormalBatch(rows: count, columns: dimension)
    }
}
