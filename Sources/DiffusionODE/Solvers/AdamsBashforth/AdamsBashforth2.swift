/// The two-step Adams-Bashforth method with variable steps, applied to the probability-flow
/// ODE in a chosen ``ODEFormulation`` (Hairer, Nørsett & Wanner, "Solving Ordinary
/// Differential Equations I", III.5): with f_n = F(u_n, y_n), h_n = u_(n+1) - u_n and
/// omega = h_n / h_(n-1),
///
///     y_(n+1) = y_n + h_n ((1 + omega/2) f_n - (omega/2) f_(n-1)),
///
/// the integral of the line through (u_(n-1), f_(n-1)) and (u_n, f_n). The first step is
/// Euler's (its local error O(h^2) leaves the global order 2). One model evaluation per
/// step; none after the last; a step into clean data is x = x0_theta.
///
/// The worked example of Docs/Architecture.md ("Adding a solver family"): a fixed-step
/// multistep family written against ``FixedStepGrid``, ``SolveLoop``, ``MultistepHistory``
/// and ``ProbabilityFlowODE``, nothing else.
public struct AdamsBashforth2: Solver {
    /// The formulation of the probability-flow ODE the method integrates.
    public var formulation: ODEFormulation? { odeFormulation }
    private let odeFormulation: ODEFormulation

    /// The method applied in `formulation` (t unless given, as the Runge-Kutta methods).
    public init(formulation: ODEFormulation = ExplicitRungeKutta.defaultFormulation) {
        self.odeFormulation = formulation
    }

    /// The command-line name, e.g. `ab2@t`.
    public var name: String { "ab2@\(odeFormulation.rawValue)" }
    /// Second order.
    public var order: Int { 2 }
    /// One model evaluation per step.
    public var stepControl: StepControl { .fixed(evaluationsPerStep: 1) }
    /// The grid of the Runge-Kutta methods.
    public var defaultSpacing: TimeSpacing { .timeQuadratic }

    /// Integrates over the fixed grid mapped into the formulation's variable.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let plan = try FixedStepGrid(discretization, problem: problem, solver: self).plan
        let ode = ProbabilityFlowODE(schedule: problem.schedule, formulation: odeFormulation)
        let loop = SolveLoop(problem, solverName: name, options: options, stateMapping: ode)
        let rows = problem.initial.rows, columns = problem.initial.columns
        let slopes = MultistepHistory(rows: rows, columns: columns, capacity: 2)
        var scratch = ode.makeScratch(rows: rows, columns: columns)
        var output = Batch(rows: rows, columns: columns)
        var previousStep = 0.0
        return try loop.run(plan: plan) { y, index in
            if plan[index].end.isClean {
                try ode.denoise(y, at: plan[index].start, evaluator: loop.evaluator, scratch: &scratch, into: &output)
                swap(&y, &output)
                return
            }
            let start = ode.variable(at: plan[index].start)
            let h = ode.variable(at: plan[index].end) - start
            slopes.rotate()
            try ode.derivative(y, at: start, evaluator: loop.evaluator, scratch: &scratch, into: &slopes.models[0])
            slopes.push(plan[index].start)
            if slopes.count < 2 {
                output.assign(1, y, h, slopes.model(0))
            } else {
                let omega = h / previousStep
                output.assign(1, y, h * (1 + omega / 2), slopes.model(0), -h * omega / 2, slopes.model(1))
            }
            previousStep = h
            swap(&y, &output)
        }
    }
}
