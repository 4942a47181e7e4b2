import RealModule

/// Adaptive DPM-Solver-12 and DPM-Solver-23 (Lu et al., NeurIPS 2022, Algorithm 4 and
/// Appendix C): each attempt from s takes a lower-order and a higher-order singlestep
/// update to lambda_s + h that share their model evaluations (orders 1 and 2, r1 = 1/2;
/// or 2 and 3, r1, r2 = 1/3, 2/3), and compares them.
///
/// The error norm is the reference's: per sample, the RMS over coordinates of
/// (x_higher - x_lower) / delta with delta = max(atol, rtol max(|x_lower|, |x_prev|)),
/// then the maximum over the batch, E. The attempt is accepted when E <= 1 (x_prev
/// becomes x_lower); either way the next step is
/// h = min(theta h E^(-1/order), lambda_end - lambda_s), theta = 0.9, starting from
/// h = 0.05, until |s - t_end| <= 1e-5. Each attempt costs `order` evaluations.
///
/// The reference rounds the factor E^(-1/order) through float32; with
/// ``referenceStepRounding`` (the default) so does this solver, which is what makes its
/// step sequence, and so its NFE, identical to the reference's.
public struct DPMSolverAdaptive: Solver {
    /// 2 (DPM-Solver-12) or 3 (DPM-Solver-23).
    public let order: Int
    /// Whether the model output is integrated as noise (DPM-Solver) or data (DPM-Solver++) prediction.
    public let algorithm: DPMSolverAlgorithm
    /// How the high-order corrections are written (the reference's `solver_type`).
    public let form: DPMSolverForm
    /// The first step in lambda (0.05).
    public let initialStep: Double
    /// The safety factor theta (0.9).
    public let safety: Double
    /// The tolerance on reaching t_end (1e-5).
    public let timeTolerance: Double
    /// Round the step factor through float32, as the reference does.
    public let referenceStepRounding: Bool

    /// An adaptive solver of order `order` with the given step-size control.
    /// - Throws: ``DiffusionODEError`` unless the order is 2 or 3 and the step parameters are positive.
    public init(
        order: Int, algorithm: DPMSolverAlgorithm = .dpmSolver, form: DPMSolverForm = .dpmSolver,
        initialStep: Double = 0.05, safety: Double = 0.9, timeTolerance: Double = 1e-5, referenceStepRounding: Bool = true
    ) throws {
        guard order == 2 || order == 3 else {
            throw DiffusionODEError.invalidArgument("order", "the adaptive DPM-Solver has order 2 (dpm-solver-12) or 3 (dpm-solver-23), got \(order)")
        }
        guard initialStep.isFinite, initialStep > 0 else {
            throw DiffusionODEError.invalidArgument("initial-step", "must be a finite number > 0, got \(initialStep)")
        }
        guard safety.isFinite, safety > 0, safety <= 1 else {
            throw DiffusionODEError.invalidArgument("safety", "must be in (0, 1], got \(safety)")
        }
        guard timeTolerance.isFinite, timeTolerance > 0 else {
            throw DiffusionODEError.invalidArgument("time-tolerance", "must be a finite number > 0, got \(timeTolerance)")
        }
        self.order = order
        self.algorithm = algorithm
        self.form = form
        self.initialStep = initialStep
        self.safety = safety
        self.timeTolerance = timeTolerance
        self.referenceStepRounding = referenceStepRounding
    }

    /// The command-line name: `dpm-solver-12` or `dpm-solver-23` (`dpm-solver++-12`, `-23` for DPM-Solver++).
    public var name: String {
        let family = algorithm == .dpmSolver ? "dpm-solver" : "dpm-solver++"
        return order == 2 ? "\(family)-12" : "\(family)-23"
    }

    /// Adaptive, with `order` model evaluations per step attempt.
    public var stepControl: StepControl { .adaptive(evaluationsPerAttempt: order) }

    /// The reference's defaults: atol = 0.0078 (one grey level of an 8-bit image in [-1, 1]), rtol = 0.05.
    public var defaultTolerances: Tolerances? { Self.referenceTolerances }

    private static let referenceTolerances = try! Tolerances(absolute: 0.0078, relative: 0.05)

    /// The smallest tolerance the error estimate can resolve (1e-14, about 50 ulps of a state
    /// of order 1). At atol = rtol = 1e-14 a solve of the 4-D Gaussian takes 49242 steps and
    /// is accurate to 1e-13; at 1e-15 it does not finish within 100000 attempts.
    public static let smallestTolerance = 1e-14

    /// Integrates with adaptive steps in lambda; the discretization must be `.tolerances`.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        guard case .tolerances(let tolerances) = discretization else {
            throw DiffusionODEError.invalidArgument("atol", "\(name) chooses its own steps; give tolerances (--atol, --rtol), not \(discretization.summary)")
        }
        guard max(tolerances.absolute, tolerances.relative) >= Self.smallestTolerance else {
            throw DiffusionODEError.invalidArgument(
                "rtol", "\(name) needs atol or rtol >= \(Self.smallestTolerance), got atol = \(tolerances.absolute), rtol = \(tolerances.relative): below that its error estimate is float64 rounding noise and the steps shrink without end"
            )
        }
        let schedule = problem.schedule
        let loop = SolveLoop(problem, solverName: name, options: options)
        let rows = problem.initial.rows, columns = problem.initial.columns
        let updates = SinglestepUpdates(algorithm: algorithm, form: form, schedule: schedule, rows: rows, columns: columns, maximumOrder: order)
        var previousLower = problem.initial
        var lower = Batch(rows: rows, columns: columns)
        var higher = Batch(rows: rows, columns: columns)
        let endTime = problem.spacedEndTime
        let endHalfLogSNR = problem.spacedEndLevel.halfLogSNR
        var h = initialStep
        // The reference stops within 1e-5 of t_end; a span shorter than that would take no
        // step at all, so there the tolerance shrinks with the span (the last step is clipped
        // to land on t_end, so the loop still ends).
        let startTime = problem.startLevel.time
        let reached = min(timeTolerance, abs(startTime - endTime) / 2)
        return try loop.run(from: problem.startLevel, until: { abs($0.time - endTime) <= reached }) { x, start in
            let end = schedule.level(atHalfLogSNR: start.halfLogSNR + h)
            guard end.time < start.time else {
                throw DiffusionODEError.solveFailed(
                    name, "the step size underflowed (h = \(h) in lambda at t = \(start.time)): atol = \(tolerances.absolute), rtol = \(tolerances.relative) ask for more than float64 rounding allows; loosen them"
                )
            }
            try updates.evaluateStart(x, at: start, evaluator: loop.evaluator)
            if order == 2 {
                updates.firstOrder(x, from: start, to: end, into: &lower)
                try updates.secondOrder(x, from: start, to: end, fraction: 0.5, into: &higher, evaluator: loop.evaluator)
            } else {
                try updates.secondOrder(x, from: start, to: end, fraction: 1.0 / 3.0, into: &lower, evaluator: loop.evaluator)
                try updates.thirdOrder(
                    x, from: start, to: end, fractions: 1.0 / 3.0, 2.0 / 3.0, reusingFirstIntermediate: true,
                    into: &higher, evaluator: loop.evaluator
                )
            }
            let error = Self.errorNorm(higher: higher, lower: lower, previous: previousLower, tolerances: tolerances)
            let accepted = error <= 1
            var factor = Double.pow(error, -1.0 / Double(order))
            if referenceStepRounding { factor = Double(Float(factor)) }
            h = min(safety * h * factor, endHalfLogSNR - (accepted ? end : start).halfLogSNR)
            guard accepted else { return .rejected(errorNorm: error) }
            swap(&x, &higher)
            swap(&previousLower, &lower)
            return .accepted(end, errorNorm: error)
        }
    }

    /// E = max over samples of sqrt(mean_d ((higher - lower) / delta)^2),
    /// delta = max(atol, rtol max(|lower|, |previous|)).
    static func errorNorm(higher: Batch, lower: Batch, previous: Batch, tolerances: Tolerances) -> Double {
        let absolute = tolerances.absolute, relative = tolerances.relative
        let columns = higher.columns
        MemoryTraffic.record(values: higher.count, passes: 3)
        return higher.withUnsafeValues { high in
            lower.withUnsafeValues { low in
                previous.withUnsafeValues { prev in
                    @inline(__always) func term(_ index: Int) -> Double {
                        let delta = max(absolute, relative * max(abs(low[index]), abs(prev[index])))
                        let difference = high[index] - low[index]
                        // atol = 0 leaves delta = 0 where both states are 0: no error there if they agree.
                        let scaled = difference == 0 ? 0 : difference / delta
                        return scaled * scaled
                    }
                    var largest = 0.0
                    for row in 0..<higher.rows {
                        // Four partial sums break the add chain (in a fixed order: deterministic).
                        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                        var index = row * columns
                        let end = index + columns
                        while index + 4 <= end {
                            s0 += term(index)
                            s1 += term(index + 1)
                            s2 += term(index + 2)
                            s3 += term(index + 3)
                            index += 4
                        }
                        while index < end {
                            s0 += term(index)
                            index += 1
                        }
                        let sum = (s0 + s1) + (s2 + s3)
                        let norm = (sum / Double(columns)).squareRoot()
                        if norm.isNaN { return .nan }
                        largest = max(largest, norm)
                    }
                    return largest
                }
            }
        }
    }
}
