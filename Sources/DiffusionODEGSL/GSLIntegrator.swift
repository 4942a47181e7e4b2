import CGSL
import DiffusionODE

/// GSL's adaptive ODE integrators (`gsl_odeiv2`) on the probability-flow ODE, behind the
/// same ``Solver`` protocol as every other solver.
///
/// The whole batch is one GSL system of dimension N x D; its callback evaluates the model
/// once on the whole batch, reading GSL's state array in place (no copy for models that
/// read raw memory, such as ``GaussianMixture``). Steps are controlled by GSL's standard
/// control, |err_i| <= atol + rtol |y_i|, and taken one `gsl_odeiv2_evolve_apply` call at a
/// time so the library can count, record, cancel and enforce a step budget.
///
/// Failures become ``DiffusionODEError``s naming the variable reached: a model that throws
/// or returns a non-finite value stops the callback with `GSL_EBADFUNC` and surfaces as
/// its own error; a step size below GSL's minimum, or an exhausted step budget, as
/// `solveFailed`.
public struct GSLIntegrator: Solver {
    /// The GSL stepper.
    public let method: GSLMethod
    /// The first step in the formulation's variable, or nil for 1/100 of the span.
    public let initialStep: Double?

    /// An integrator that runs GSL's `method` on the ODE in `formulation`.
    /// - Throws: ``DiffusionODEError`` when the initial step is given and is not a finite positive number.
    public init(method: GSLMethod, formulation: ODEFormulation = GSLIntegrator.defaultFormulation, initialStep: Double? = nil) throws {
        if let initialStep, !(initialStep.isFinite && initialStep > 0) {
            throw DiffusionODEError.invalidArgument("initial-step", "must be a finite number > 0, got \(initialStep)")
        }
        self.method = method
        self.odeFormulation = formulation
        self.initialStep = initialStep
    }

    /// The formulation a name without suffix runs in: t, as for the fixed-step Runge-Kutta
    /// methods (at a given error it spends as few evaluations as lambda, or fewer, on the built-in
    /// problems; Docs/Conventions.md).
    public static let defaultFormulation = ODEFormulation.time

    /// The formulation of the probability-flow ODE GSL integrates.
    public var formulation: ODEFormulation? { odeFormulation }
    private let odeFormulation: ODEFormulation

    /// The command-line name, e.g. `gsl-rk8pd@lambda`.
    public var name: String { "gsl-\(method.rawValue)@\(odeFormulation.rawValue)" }
    /// The stepper's order.
    public var order: Int { method.order }
    /// Adaptive, with the stepper's model evaluations per attempt (nil for msadams).
    public var stepControl: StepControl { .adaptive(evaluationsPerAttempt: method.evaluationsPerAttempt) }
    /// atol = rtol = 1e-6 when none are given.
    public var defaultTolerances: Tolerances? { Self.standardTolerances }

    private static let standardTolerances = try! Tolerances(absolute: 1e-6, relative: 1e-6)

    /// Integrates under GSL's step control; the discretization must be `.tolerances`. Each
    /// attempt of the ``SolveLoop`` is one `gsl_odeiv2_evolve_apply`, which retries rejected
    /// steps itself; their count is reported as rejected steps.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        guard case .tolerances(let tolerances) = discretization else {
            throw DiffusionODEError.invalidArgument("atol", "\(name) chooses its own steps; give tolerances (--atol, --rtol), not \(discretization.summary)")
        }
        gsl_set_error_handler_off()
        let ode = ProbabilityFlowODE(schedule: problem.schedule, formulation: odeFormulation)
        let loop = SolveLoop(problem, solverName: name, options: options, stateMapping: ode)
        let rows = problem.initial.rows, columns = problem.initial.columns
        let context = GSLCallbackContext(ode: ode, evaluator: loop.evaluator, rows: rows, columns: columns)
        let start = ode.variable(at: problem.startLevel)
        // Only sigma-tilde reaches clean data (sigma-tilde = 0) at a finite value; the other
        // formulations integrate to the noisy end, and the loop takes the last step to clean data.
        let end = odeFormulation == .sigma && problem.endsAtCleanData ? 0 : ode.variable(at: problem.spacedEndLevel)
        let direction: Double = end > start ? 1 : -1
        var step = direction * (initialStep ?? abs(end - start) / 100)

        let system = UnsafeMutablePointer<gsl_odeiv2_system>.allocate(capacity: 1)
        defer { system.deallocate() }
        let contextPointer = Unmanaged.passUnretained(context).toOpaque()
        system.initialize(to: gsl_odeiv2_system(
            function: { variable, y, derivative, parameters in
                let context = Unmanaged<GSLCallbackContext>.fromOpaque(parameters!).takeUnretainedValue()
                return context.evaluate(at: variable, y!, derivative!)
            },
            jacobian: nil,
            dimension: rows * columns,
            params: contextPointer
        ))
        guard let driver = gsl_odeiv2_driver_alloc_standard_new(system, method.stepType, step, tolerances.absolute, tolerances.relative, 1, 0) else {
            throw DiffusionODEError.solveFailed(name, "GSL could not allocate a driver for \(rows * columns) equations")
        }
        defer { gsl_odeiv2_driver_free(driver) }
        let evolve = cgsl_driver_evolve(driver)
        let control = cgsl_driver_control(driver)
        let stepper = cgsl_driver_step(driver)

        var variable = start
        var solution = try withExtendedLifetime(context) {
            try loop.run(from: problem.startLevel, until: { _ in direction * (end - variable) <= 0 }) { y, _ in
                let failedBefore = Int(cgsl_evolve_failed_steps(evolve))
                let status = y.withUnsafeMutableValues { y in
                    gsl_odeiv2_evolve_apply(evolve, control, stepper, system, &variable, end, &step, y.baseAddress)
                }
                if status != Int32(GSL_SUCCESS) {
                    if let error = context.failure { throw error }
                    throw DiffusionODEError.solveFailed(name, Self.describe(status: status, at: variable, formulation: odeFormulation))
                }
                return .accepted(ode.level(atVariable: variable), rejectedAttempts: Int(cgsl_evolve_failed_steps(evolve)) - failedBefore)
            }
        }
        let attempted = Int(cgsl_evolve_count(evolve))
        let failed = Int(cgsl_evolve_failed_steps(evolve))
        solution.details = [("gsl_attempted_steps", "\(attempted)"), ("gsl_failed_steps", "\(failed)")]
        return solution
    }

    /// What a GSL status code means, where it happened.
    static func describe(status: Int32, at variable: Double, formulation: ODEFormulation) -> String {
        let reason = String(cString: gsl_strerror(status))
        switch status {
        case Int32(GSL_FAILURE):
            return "GSL could not take a step at \(formulation.rawValue) = \(variable): the step size fell below what double precision resolves (\(reason)); loosen atol/rtol"
        case Int32(GSL_EBADFUNC):
            return "GSL stopped at \(formulation.rawValue) = \(variable): the right-hand side failed (\(reason))"
        default:
            return "GSL stopped at \(formulation.rawValue) = \(variable) with status \(status): \(reason)"
        }
    }
}
