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
    /// The global order of convergence the configuration achieves on smooth problems: the
    /// order of its steps, lowered by any step of lower order in the bulk or at the end (a
    /// first-order last step makes a method second order). A lower-order start-up (the Euler
    /// or DPM-Solver-1 first step most multistep methods take) is not counted where it is
    /// invisible in practice: on the diffusion ODE it falls where the flow is nearly linear
    /// (measured for DEIS-3, k-lms, UniPC-3 up to 1536 steps); DPM-Solver-3M, where it shows,
    /// declares the lower order.
    var order: Int { get }
    /// How the solver is driven, and its model evaluations per step.
    var stepControl: StepControl { get }
    /// The tolerances an adaptive solver uses when none are given (nil for fixed-step solvers).
    var defaultTolerances: Tolerances? { get }
    /// The grid a fixed-step solve uses when the discretization names none.
    var defaultSpacing: TimeSpacing { get }
    /// The formulation of the ODE a black-box integrator works in (nil for the solvers
    /// written for diffusion models, whose updates are not a formulation's).
    var formulation: ODEFormulation? { get }
    /// Whether the solver draws random numbers (an SDE or ancestral sampler): then its
    /// error against the ODE's flow is not a discretization error.
    var isStochastic: Bool { get }
    /// Solves `problem` from its start time to its end time.
    /// - Throws: ``DiffusionODEError`` for a discretization the solver cannot take
    ///   (`invalidArgument`), a non-finite value or an exhausted step budget (`solveFailed`),
    ///   or cancellation.
    func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution
}

extension Solver {
    /// By default nil: fixed-step solvers take no tolerances.
    public var defaultTolerances: Tolerances? { nil }

    /// By default time-uniform, the DPM-Solver reference's default.
    public var defaultSpacing: TimeSpacing { .timeUniform }

    /// By default nil: the solver is not a black-box integrator of one formulation.
    public var formulation: ODEFormulation? { nil }

    /// By default false: the solver is deterministic.
    public var isStochastic: Bool { false }

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
