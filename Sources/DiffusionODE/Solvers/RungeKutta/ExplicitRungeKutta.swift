/// A fixed-step explicit Runge-Kutta method from a ``ButcherTableau``, applied to the
/// probability-flow ODE in a chosen ``ODEFormulation`` (Euler, Heun, midpoint, Kutta's
/// RK3 and the classic RK4 are built in; see Hairer, Nørsett & Wanner, "Solving Ordinary
/// Differential Equations I", II.1).
///
/// With u the formulation's variable and k_i = F(u_n + c_i h, y_n + h sum_j a_ij k_j):
///
///     y_(n+1) = y_n + h sum_i b_i k_i,    h = u_(n+1) - u_n.
///
/// The grid is the solve's time grid mapped into u (t, or lambda(t)); a step costs s model
/// evaluations. These are the black-box baselines of the DPM-Solver paper's Table 1.
public struct ExplicitRungeKutta: Solver {
    /// The Butcher tableau of the method.
    public let tableau: ButcherTableau
    /// The formulation of the probability-flow ODE the method integrates.
    public let formulation: ODEFormulation

    /// The method of `tableau` applied in `formulation` (lambda by default).
    public init(tableau: ButcherTableau, formulation: ODEFormulation = .halfLogSNR) {
        self.tableau = tableau
        self.formulation = formulation
    }

    /// The command-line name, e.g. `rk4@t`.
    public var name: String { "\(tableau.name)@\(formulation.rawValue)" }
    /// The tableau's order.
    public var order: Int { tableau.order }
    /// Fixed steps of one model evaluation per stage.
    public var stepControl: StepControl { .fixed(evaluationsPerStep: tableau.stages) }

    /// Integrates the ODE over the fixed grid mapped into the formulation's variable.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let grid = try FixedStepGrid(discretization, problem: problem, solverName: name, evaluationsPerStep: tableau.stages)
        let plan = grid.uniformPlan(order: 1, schedule: problem.schedule)
        let ode = ProbabilityFlowODE(schedule: problem.schedule, formulation: formulation)
        let evaluator = ModelEvaluator(model: problem.model, solverName: name)
        let rows = problem.initial.rows, columns = problem.initial.columns
        let stages = tableau.stages
        var slopes = (0..<stages).map { _ in Batch(rows: rows, columns: columns) }
        var stageState = Batch(rows: rows, columns: columns)
        var scratch = Batch(rows: formulation == .scaledHalfLogSNR ? rows : 0, columns: columns)
        var output = Batch(rows: rows, columns: columns)
        // Which a_ij (and b_i) are non-zero, found once, so a step touches only those slopes.
        let rowTerms = tableau.a.map { row in row.indices.filter { row[$0] != 0 } }
        let weightTerms = tableau.b.indices.filter { tableau.b[$0] != 0 }

        var initial = problem.initial
        initial.assign(ode.stateScale(at: problem.startLevel), problem.initial)
        var solution = try FixedStepDriver.run(problem, initial: initial, plan: plan, solverName: name, options: options, evaluator: evaluator) { y, index in
            let start = ode.variable(at: plan[index].start)
            let h = ode.variable(at: plan[index].end) - start
            for i in 0..<stages {
                let stageInput: Batch
                if rowTerms[i].isEmpty {
                    stageInput = y
                } else {
                    combine(into: &stageState, base: y, step: h, weights: tableau.a[i], terms: rowTerms[i], slopes: slopes)
                    stageInput = stageState
                }
                try evaluate(ode, stageInput, at: start + tableau.c[i] * h, evaluator: evaluator, scratch: &scratch, into: &slopes[i])
            }
            combine(into: &output, base: y, step: h, weights: tableau.b, terms: weightTerms, slopes: slopes)
            swap(&y, &output)
        }
        let endScale = 1 / ode.stateScale(at: plan.last?.end ?? problem.startLevel)
        solution.final.assign(endScale, solution.final)
        // Back from the formulation's state to x; the start is the caller's x_T exactly.
        solution.trajectory = solution.trajectory?.enumerated().map { index, point in
            guard index > 0 else { return TrajectoryPoint(level: point.level, state: problem.initial) }
            var x = point.state
            x.assign(1 / ode.stateScale(at: point.level), point.state)
            return TrajectoryPoint(level: point.level, state: x)
        }
        return solution
    }

    /// k = F(u, y).
    private func evaluate(
        _ ode: ProbabilityFlowODE, _ y: Batch, at u: Double, evaluator: ModelEvaluator, scratch: inout Batch, into slope: inout Batch
    ) throws {
        try y.withUnsafeValues { state in
            try scratch.withUnsafeMutableValues { scratch in
                try slope.withUnsafeMutableValues { slope in
                    try ode.derivative(state, rows: y.rows, columns: y.columns, at: u, evaluator: evaluator, scratch: scratch, into: slope)
                }
            }
        }
    }

    /// out = y + h sum_(j in terms) w_j k_j, in one pass for up to three slopes.
    private func combine(into output: inout Batch, base y: Batch, step h: Double, weights: [Double], terms: [Int], slopes: [Batch]) {
        switch terms.count {
        case 0:
            output.copyValues(from: y)
        case 1:
            output.assign(1, y, h * weights[terms[0]], slopes[terms[0]])
        case 2:
            output.assign(1, y, h * weights[terms[0]], slopes[terms[0]], h * weights[terms[1]], slopes[terms[1]])
        case 3:
            output.assign(
                1, y, h * weights[terms[0]], slopes[terms[0]], h * weights[terms[1]], slopes[terms[1]], h * weights[terms[2]], slopes[terms[2]]
            )
        default:
            output.assign(
                1, y, h * weights[terms[0]], slopes[terms[0]], h * weights[terms[1]], slopes[terms[1]], h * weights[terms[2]], slopes[terms[2]]
            )
            for term in terms.dropFirst(3) { output.add(h * weights[term], slopes[term]) }
        }
    }
}
