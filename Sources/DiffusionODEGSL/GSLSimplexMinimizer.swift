import CGSL
import DiffusionODE

/// Derivative-free minimisation by GSL's Nelder-Mead simplex (`gsl_multimin_fminimizer_nmsimplex2`),
/// restarted from its best point until a restart gains less than `restartGain`: the optimiser
/// behind `diffode optimize-grid`, whose objectives (a solve's error, a sum of absolute values)
/// have kinks that defeat finite-difference gradients.
public struct GSLSimplexMinimizer: Sendable {
    /// The initial simplex's step in every coordinate.
    public var step: Double
    /// Stop a run when the simplex's characteristic size falls below this.
    public var sizeTolerance: Double
    /// Iterations per run at most.
    public var maximumIterations: Int
    /// Runs at most (the first and its restarts).
    public var maximumRuns: Int
    /// A restart that improves the value by less than this fraction ends the search.
    public var restartGain: Double

    /// A minimiser with the given settings.
    public init(step: Double = 0.5, sizeTolerance: Double = 1e-4, maximumIterations: Int = 400, maximumRuns: Int = 4, restartGain: Double = 1e-3) {
        self.step = step
        self.sizeTolerance = sizeTolerance
        self.maximumIterations = maximumIterations
        self.maximumRuns = maximumRuns
        self.restartGain = restartGain
    }

    /// The result of a minimisation.
    public struct Result: Sendable {
        /// The best point found.
        public var point: [Double]
        /// f at it.
        public var value: Double
        /// Objective evaluations spent.
        public var evaluations: Int
        /// Runs made (1 + restarts).
        public var runs: Int
    }

    /// Minimises `objective` from `start`; never returns a point worse than `start`.
    /// - Parameter isCancelled: polled before each run and between iterations; when it returns true the search stops with a `cancelled` error.
    /// - Throws: ``DiffusionODEError`` when GSL cannot allocate, or on cancellation.
    public func minimize(
        _ objective: @escaping ([Double]) -> Double, from start: [Double], isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> Result {
        let context = SimplexContext(objective: objective)
        var best = (point: start, value: context.evaluate(start))
        guard !start.isEmpty else { return Result(point: start, value: best.value, evaluations: context.evaluations, runs: 0) }
        gsl_set_error_handler_off()
        let dimension = start.count
        var runs = 0
        func checkCancelled() throws {
            if let isCancelled, isCancelled() {
                throw DiffusionODEError(.cancelled, field: "optimize-grid", "the search was cancelled")
            }
        }
        while runs < maximumRuns {
            // Before the simplex is set up, which costs dimension + 1 evaluations.
            try checkCancelled()
            runs += 1
            let before = best.value
            guard let minimizer = gsl_multimin_fminimizer_alloc(cgsl_nmsimplex2(), dimension),
                  let x = gsl_vector_alloc(dimension), let steps = gsl_vector_alloc(dimension) else {
                throw DiffusionODEError.solveFailed("optimize-grid", "GSL could not allocate a simplex of dimension \(dimension)")
            }
            defer {
                gsl_multimin_fminimizer_free(minimizer)
                gsl_vector_free(x)
                gsl_vector_free(steps)
            }
            for index in 0..<dimension {
                gsl_vector_set(x, index, best.point[index])
                gsl_vector_set(steps, index, step)
            }
            var function = gsl_multimin_function(
                f: { vector, parameters in
                    let context = Unmanaged<SimplexContext>.fromOpaque(parameters!).takeUnretainedValue()
                    let point = (0..<Int(vector!.pointee.size)).map { gsl_vector_get(vector, $0) }
                    return context.evaluate(point)
                },
                n: dimension,
                params: Unmanaged.passUnretained(context).toOpaque()
            )
            try withExtendedLifetime(context) {
                gsl_multimin_fminimizer_set(minimizer, &function, x, steps)
                for _ in 0..<maximumIterations {
                    try checkCancelled()
                    guard gsl_multimin_fminimizer_iterate(minimizer) == GSL_SUCCESS else { break }
                    if gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimizer), sizeTolerance) == GSL_SUCCESS { break }
                }
            }
            if let point = context.bestPoint, context.bestValue < best.value {
                best = (point, context.bestValue)
            }
            guard before.isFinite, before - best.value > restartGain * abs(before) else { break }
        }
        return Result(point: best.point, value: best.value, evaluations: context.evaluations, runs: runs)
    }
}

/// The objective behind GSL's `void *params`, remembering the best point it was asked about.
private final class SimplexContext {
    let objective: ([Double]) -> Double
    var evaluations = 0
    var bestPoint: [Double]?
    var bestValue = Double.infinity

    init(objective: @escaping ([Double]) -> Double) {
        self.objective = objective
    }

    func evaluate(_ point: [Double]) -> Double {
        evaluations += 1
        var value = objective(point)
        if !value.isFinite { value = .greatestFiniteMagnitude }
        if value < bestValue {
            bestValue = value
            bestPoint = point
        }
        return value
    }
}
