import RealModule

/// k-diffusion's `sample_dpm_2` (Crowson; s_churn = 0): the midpoint method in sigma-tilde
/// with the midpoint at the geometric mean. With y = x/alpha and d(s, y) = (y - D(y, s))/s
/// (= eps, the EDM ODE dy/ds = d):
///
///     s_mid = sqrt(s_i s_(i+1)),  y_mid = y + (s_mid - s_i) d(s_i, y),
///     y_(i+1) = y + (s_(i+1) - s_i) d(s_mid, y_mid),
///
/// two model evaluations per step; the step into sigma = 0 is one Euler step, y = D (one).
/// Second order. Its name in k-diffusion comes from DPM-Solver-2, whose intermediate point
/// is the same geometric mean (lambda halfway), though the update is a plain midpoint rule.
public struct KDiffusionDPM2: Solver {
    /// A sampler.
    public init() {}

    /// The command-line name, `k-dpm-2`.
    public var name: String { "k-dpm-2" }
    /// Second order.
    public var order: Int { 2 }
    /// Two evaluations per step (one for the step into clean data).
    public var stepControl: StepControl { .fixed(evaluationsPerStep: 2) }
    /// Karras et al.'s grid, k-diffusion's default.
    public var defaultSpacing: TimeSpacing { .karras() }

    /// Runs over the fixed grid mapped into sigma-tilde.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let plan = try FixedStepGrid(discretization, problem: problem, solver: self).plan
        let ode = ProbabilityFlowODE(schedule: problem.schedule, formulation: .sigma)
        let loop = SolveLoop(problem, solverName: name, options: options, stateMapping: ode)
        let rows = problem.initial.rows, columns = problem.initial.columns
        var slope = Batch(rows: rows, columns: columns)
        var midpoint = Batch(rows: rows, columns: columns)
        var scratch = ode.makeScratch(rows: rows, columns: columns)
        return try loop.run(plan: plan) { y, index in
            let start = plan[index].start, end = plan[index].end
            if end.isClean {
                try ode.denoise(y, at: start, evaluator: loop.evaluator, scratch: &scratch, into: &midpoint)
                swap(&y, &midpoint)
                return
            }
            let sigma = start.sigmaTilde, next = end.sigmaTilde
            let middle = Double.exp(0.5 * (Double.log(sigma) + Double.log(next)))
            try ode.derivative(y, at: sigma, evaluator: loop.evaluator, scratch: &scratch, into: &slope)
            midpoint.assign(1, y, middle - sigma, slope)
            try ode.derivative(midpoint, at: middle, evaluator: loop.evaluator, scratch: &scratch, into: &slope)
            y.add(next - sigma, slope)
        }
    }
}
