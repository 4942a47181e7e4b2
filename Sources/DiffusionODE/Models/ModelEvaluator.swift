/// The only door from a solver to the model: it counts every evaluation (the NFE a
/// solve reports), converts noise to data prediction for DPM-Solver++, and stops the
/// solve when the model throws or returns a non-finite value, naming the solver, the
/// step and the time.
public final class ModelEvaluator {
    /// The model being evaluated.
    public let model: any NoisePredictor
    /// The solver's name, for messages.
    public let solverName: String
    /// Model evaluations so far.
    public private(set) var evaluations = 0
    /// Wall-clock time spent inside the model so far.
    public private(set) var modelTime: Duration = .zero
    private let clock = ContinuousClock()
    /// The step being taken (1-based), for messages; the driver keeps it current.
    public var currentStep = 0

    /// An evaluator of `model` with no evaluations counted yet, naming `solverName` in its errors.
    public init(model: any NoisePredictor, solverName: String) {
        self.model = model
        self.solverName = solverName
    }

    /// Writes eps_theta(x, t) into `output`.
    public func noise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        try counting(at: level) { try model.predictNoise(x, at: level, into: &output) }
        let columns = output.columns
        try output.withUnsafeValues { try checkFinite($0, columns: columns, at: level) }
    }

    /// Writes eps_theta(x, t) for raw row-major memory (the path of integrators that own
    /// their state arrays); counted and checked like the batch form.
    public func noise(
        _ x: UnsafeBufferPointer<Double>, rows: Int, columns: Int, at level: NoiseLevel, into output: UnsafeMutableBufferPointer<Double>
    ) throws {
        try counting(at: level) { try model.predictNoise(x, rows: rows, columns: columns, at: level, into: output) }
        try checkFinite(UnsafeBufferPointer(output), columns: columns, at: level)
    }

    /// Counts and times one model call, and names the solver, step and time in its errors.
    private func counting(at level: NoiseLevel, _ call: () throws -> Void) throws {
        evaluations += 1
        let started = clock.now
        defer { modelTime += clock.now - started }
        do {
            try call()
        } catch let error as DiffusionODEError {
            throw DiffusionODEError(error.kind, field: "\(solverName) step \(currentStep) at t = \(level.time): \(error.field)", error.message)
        } catch {
            throw DiffusionODEError.solveFailed(solverName, "the model threw at step \(currentStep), t = \(level.time): \(error)")
        }
    }

    /// Stops the solve at the first non-finite model output, naming where it is.
    private func checkFinite(_ output: UnsafeBufferPointer<Double>, columns: Int, at level: NoiseLevel) throws {
        MemoryTraffic.record(values: output.count, passes: 1)
        guard let index = output.firstNonFiniteIndex() else { return }
        throw DiffusionODEError.solveFailed(
            solverName,
            "the model returned \(output[index]) at row \(index / max(columns, 1)), column \(index % max(columns, 1)), step \(currentStep), t = \(level.time); check the model and the time range"
        )
    }

    /// Writes the data prediction x0_theta(x, t) = (x - sigma_t eps_theta(x, t)) / alpha_t into `output`.
    public func data(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        try noise(x, at: level, into: &output)
        let inverseAlpha = 1 / level.alpha
        let sigma = level.sigma
        MemoryTraffic.record(values: output.count, passes: 3)
        output.withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                for i in out.indices { out[i] = (x[i] - sigma * out[i]) * inverseAlpha }
            }
        }
    }
}
