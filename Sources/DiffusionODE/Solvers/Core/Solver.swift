/// One protocol for every sampler: DDIM, the DPM-Solver family, Runge-Kutta, GSL.
///
/// A solver takes a ``SamplingProblem`` (schedule, model, x at the start time, the time
/// span) and a ``Discretization`` (steps, an NFE budget, an explicit grid, or
/// tolerances), and returns a ``Solution``: the batch at the end time and the
/// statistics the library counted (model evaluations, accepted and rejected steps,
/// seconds). Solvers are values: configure one, then call ``solve(_:_:options:)`` as often
/// as you like, from any thread.
public protocol Solver: Sendable {
    /// The name used on the command line, e.g. `dpm-solver-3`, `rk4@t`.
    var name: String { get }
    /// The global order of convergence the method is designed for.
    var order: Int { get }
    /// How the solver is driven, and its model evaluations per step.
    var stepControl: StepControl { get }
    /// The tolerances an adaptive solver uses when none are given (nil for fixed-step solvers).
    var defaultTolerances: (absolute: Double, relative: Double)? { get }
    /// Solves `problem` from its start time to its end time.
    /// - Throws: ``DiffusionODEError`` for a discretization the solver cannot take
    ///   (`invalidArgument`), a non-finite value or an exhausted step budget (`solveFailed`),
    ///   or cancellation.
    func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution
}

extension Solver {
    /// By default nil: fixed-step solvers take no tolerances.
    public var defaultTolerances: (absolute: Double, relative: Double)? { nil }

    /// Solves with default options.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization) throws -> Solution {
        try solve(problem, discretization, options: SolveOptions())
    }

    /// Whether the step size is chosen by an error estimate.
    public var isAdaptive: Bool {
        if case .adaptive = stepControl { return true }
        return false
    }
}

/// How a solver's steps are chosen.
public enum StepControl: Sendable, Equatable, CustomStringConvertible {
    /// Fixed steps on a grid, each costing this many model evaluations (a multistep method
    /// counts 1: it evaluates once per step after its start).
    case fixed(evaluationsPerStep: Int)
    /// Fixed steps of varying order chosen to spend an NFE budget exactly (DPM-Solver-fast).
    case budget(maximumEvaluationsPerStep: Int)
    /// Steps chosen by an error estimate against tolerances.
    case adaptive(evaluationsPerAttempt: Int?)

    /// The evaluations per step, as a table shows them: `2`, `1-3`, `3 per attempt` or `adaptive`.
    public var description: String {
        switch self {
        case .fixed(let count): return "\(count)"
        case .budget(let maximum): return "1-\(maximum)"
        case .adaptive(let count?): return "\(count) per attempt"
        case .adaptive(nil): return "adaptive"
        }
    }
}
