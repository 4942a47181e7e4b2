/// A fixed-step explicit Runge-Kutta method from a ``ButcherTableau``, applied to the
/// probability-flow ODE in a chosen ``ODEFormulation`` (Euler, Heun, midpoint, Kutta's
/// RK3 and the classic RK4 are built in; see Hairer, Nørsett & Wanner, "Solving Ordinary
/// Differential Equations I", II.1).
///
/// With u the formulation's variable and k_i = F(u_n + c_i h, y_n + h sum_j a_ij k_j):
///
///     y_(n+1) = y_n + h sum_i b_i k_i,    h = u_(n+1) - u_n.
///
/// The grid is the solve's time grid mapped into u (t, lambda(t) or sigma-tilde(t)); a step
/// costs s model evaluations, and a step into clean data is x = x0_theta (one evaluation;
/// for Euler and Heun in sigma-tilde that is exactly k-diffusion's last Euler step). These
/// are the black-box baselines of the DPM-Solver paper's Table 1.
public struct ExplicitRungeKutta: Solver {
    /// The Butcher tableau of the method.
    public let tableau: ButcherTableau

    /// The method of `tableau` applied in `formulation` (``defaultFormulation`` unless given).
    public init(tableau: ButcherTableau, formulation: ODEFormulation = ExplicitRungeKutta.defaultFormulation) {
        self.tableau = tableau
        self.odeFormulation = formulation
    }

    /// The formulation a name without suffix runs in: t, which at 6-20 evaluations is 1.1-2.6x
    /// more accurate than lambda on the built-in problems (Docs/Conventions.md, "Default grids").
    public static let defaultFormulation = ODEFormulation.time

    /// Time-quadratic: the most accurate built-in grid at 6-20 evaluations for every tableau but
    /// Euler in t (Docs/Conventions.md, "Default grids").
    public var defaultSpacing: TimeSpacing { .timeQuadratic }

    /// The formulation of the probability-flow ODE the method integrates.
    public var formulation: ODEFormulation? { odeFormulation }
    private let odeFormulation: ODEFormulation

    /// The command-line name, e.g. `rk4@t`.
    public var name: String { "\(tableau.name)@\(odeFormulation.rawValue)" }
    /// The tableau's order.
    public var order: Int { tableau.order }
    /// Fixed steps of one model evaluation per stage.
    public var stepControl: StepControl { .fixed(evaluationsPerStep: tableau.stages) }

    /// Integrates the ODE over the fixed grid mapped into the formulation's variable.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let plan = try FixedStepGrid(discretization, problem: problem, solver: self).plan
        let ode = ProbabilityFlowODE(schedule: problem.schedule, formulation: odeFormulation)
        let loop = SolveLoop(problem, solverName: name, options: options, stateMapping: ode)
        let rows = problem.initial.rows, columns = problem.initial.columns
        let stages = tableau.stages
        var slopes = (0..<stages).map { _ in Batch(rows: rows, columns: columns) }
        var stageState = Batch(rows: rows, columns: columns)
        var scratch = ode.makeScratch(rows: rows, columns: columns)
        var output = Batch(rows: rows, columns: columns)
        // Which a_ij (and b_i) are non-zero, found once, so a step touches only those slopes.
        let rowTerms = tableau.a.map { row in row.indices.filter { row[$0] != 0 } }
        let weightTerms = tableau.b.indices.filter { tableau.b[$0] != 0 }

        return try loop.run(plan: plan) { y, index in
            if plan[index].end.isClean {
                try ode.denoise(y, at: plan[index].start, evaluator: loop.evaluator, scratch: &stageState, into: &output)
                swap(&y, &output)
                return
            }
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
                try ode.derivative(stageInput, at: start + tableau.c[i] * h, evaluator: loop.evaluator, scratch: &scratch, into: &slopes[i])
            }
            combine(into: &output, base: y, step: h, weights: tableau.b, terms: weightTerms, slopes: slopes)
            swap(&y, &output)
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
