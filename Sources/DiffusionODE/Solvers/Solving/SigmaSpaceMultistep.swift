/// The loop of the linear multistep samplers written in sigma-tilde (k-diffusion's LMS, the
/// iPNDM and DEIS samplers of diff-sampler / ComfyUI): with y = x/alpha and the derivative
/// d = (y - D(y, s))/s = eps evaluated once per step at the current point,
///
///     y_(i+1) = y_i + sum_(j < p) w_j d_(i-j),
///
/// where the rule supplies the weights w_j (step length included) from the levels of the
/// p = min(i + 1, maximum order) newest derivatives and the next level. One model evaluation
/// per step. A step into sigma = 0 is either the rule's own step (k-lms) or y = D, the
/// first-order data-prediction step (iPNDM, DEIS).
struct SigmaSpaceMultistep {
    /// The solver (for its name, grid and messages).
    let solver: any Solver
    /// The largest number of derivatives a step combines.
    let maximumOrder: Int
    /// Whether the step into clean data is y = D rather than the rule's step.
    let denoisesIntoCleanData: Bool

    /// Runs the rule over the grid; `weights(step, levels, end)` gives w_0 ... w_(p-1) for the
    /// derivatives at `levels` (newest first, p of them) and the step to `end`.
    func solve(
        _ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions,
        weights: (_ step: Int, _ levels: [NoiseLevel], _ end: NoiseLevel) -> [Double]
    ) throws -> Solution {
        let plan = try FixedStepGrid(discretization, problem: problem, solver: solver).plan
        let ode = ProbabilityFlowODE(schedule: problem.schedule, formulation: .sigma)
        let loop = SolveLoop(problem, solverName: solver.name, options: options, stateMapping: ode)
        let rows = problem.initial.rows, columns = problem.initial.columns
        let derivatives = MultistepHistory(rows: rows, columns: columns, capacity: maximumOrder)
        var scratch = ode.makeScratch(rows: rows, columns: columns)
        var output = Batch(rows: rows, columns: columns)
        return try loop.run(plan: plan) { y, index in
            let start = plan[index].start, end = plan[index].end
            if end.isClean && denoisesIntoCleanData {
                try ode.denoise(y, at: start, evaluator: loop.evaluator, scratch: &scratch, into: &output)
                swap(&y, &output)
                return
            }
            derivatives.rotate()
            try ode.derivative(y, at: start.sigmaTilde, evaluator: loop.evaluator, scratch: &scratch, into: &derivatives.models[0])
            derivatives.push(start)
            let count = derivatives.count
            let stepWeights = weights(index, (0..<count).map(derivatives.level), end)
            output.assign(1, y, combining: stepWeights, of: (0..<stepWeights.count).map(derivatives.model))
            swap(&y, &output)
        }
    }
}
