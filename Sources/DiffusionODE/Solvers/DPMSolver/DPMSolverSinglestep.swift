/// Singlestep DPM-Solver-1/2/3 and DPM-Solver++-1/2S/3S, and DPM-Solver-fast.
///
/// Each outer step from s to t (h = lambda_t - lambda_s) evaluates the model at s and at
/// k - 1 intermediate points lambda_s + r_i h, then combines them. Order k has local error
/// O(h^(k+1)) and global error O(h^k). With a = alpha_t/alpha_s, S = sigma_t and z = h
/// (DPM-Solver), or a = sigma_t/sigma_s, S = alpha_t and z = -h (DPM-Solver++), and
/// m_s = the model at s:
///
///     order 1: x_t = a x - S phi_1(z) m_s
///     order 2: u = x at lambda_s + r1 h by order 1;  D = m_s1 - m_s
///              dpmsolver: x_t = a x - S phi_1 m_s - S phi_1 D / (2 r1)
///              taylor:    x_t = a x - S phi_1 m_s - S phi_2 D / r1
///     order 3: u1 by order 1 at r1; u2 = a2 x - S2 phi_1(r2 z) m_s - S2 (r2/r1) phi_2(r2 z) (m_s1 - m_s)
///              dpmsolver: x_t = a x - S phi_1 m_s - S phi_2 (m_s2 - m_s) / r2
///              taylor:    x_t = a x - S phi_1 m_s - S phi_2 D1 - S phi_3 D2
///
/// (phi_k from ``DPMSolverPhi``; the taylor form's divided differences D1, D2 as in the
/// reference implementation).
///
/// - DPM-Solver-1 (= DDIM): x_t = (alpha_t/alpha_s) x_s - sigma_t expm1(h) eps(x_s, s).
/// - DPM-Solver-2, -3: Lu et al., "DPM-Solver: A Fast ODE Solver for Diffusion Probabilistic
///   Model Sampling in Around 10 Steps", NeurIPS 2022, Algorithms 1 and 2 (r1 = 1/2;
///   r1, r2 = 1/3, 2/3 with logsnr spacing; by the spacing rule otherwise, as the reference).
/// - DPM-Solver++-2S, -3S: Lu et al., "DPM-Solver++: Fast Solver for Guided Sampling of
///   Diffusion Probabilistic Models", arXiv:2211.01095, Algorithm 1, in data prediction.
/// - DPM-Solver-fast: the reference's mixed-order plan for an NFE budget (``SinglestepOrderPlan``).
public struct DPMSolverSinglestep: Solver {
    /// Fixed order on every step, or the fast plan for a budget.
    public enum OrderPlan: Sendable, Equatable {
        /// Every outer step of this order (1, 2 or 3).
        case fixed(Int)
        /// DPM-Solver-fast: mixed orders up to this maximum, spending the NFE budget exactly.
        case fast(maximumOrder: Int)
    }

    /// Whether the model output is integrated as noise (DPM-Solver) or data (DPM-Solver++) prediction.
    public let algorithm: DPMSolverAlgorithm
    /// How the high-order corrections are written (the reference's `solver_type`).
    public let form: DPMSolverForm
    /// One order on every outer step, or the DPM-Solver-fast plan of mixed orders.
    public let orderPlan: OrderPlan

    /// A singlestep solver of order `order` on every outer step.
    /// - Throws: ``DiffusionODEError`` unless the order is 1, 2 or 3.
    public init(order: Int, algorithm: DPMSolverAlgorithm = .dpmSolver, form: DPMSolverForm = .dpmSolver) throws {
        guard (1...3).contains(order) else {
            throw DiffusionODEError.invalidArgument("order", "must be 1, 2 or 3, got \(order)")
        }
        self.algorithm = algorithm
        self.form = form
        self.orderPlan = .fixed(order)
    }

    /// DPM-Solver-fast (or DPM-Solver++-fast) with orders up to `maximumOrder`.
    public static func fast(maximumOrder: Int = 3, algorithm: DPMSolverAlgorithm = .dpmSolver, form: DPMSolverForm = .dpmSolver) throws -> DPMSolverSinglestep {
        guard (1...3).contains(maximumOrder) else {
            throw DiffusionODEError.invalidArgument("order", "must be 1, 2 or 3, got \(maximumOrder)")
        }
        return DPMSolverSinglestep(algorithm: algorithm, form: form, orderPlan: .fast(maximumOrder: maximumOrder))
    }

    private init(algorithm: DPMSolverAlgorithm, form: DPMSolverForm, orderPlan: OrderPlan) {
        self.algorithm = algorithm
        self.form = form
        self.orderPlan = orderPlan
    }

    /// The command-line name, e.g. `dpm-solver-2`, `dpm-solver++-3s` or `dpm-solver-fast`.
    public var name: String {
        let family = algorithm == .dpmSolver ? "dpm-solver" : "dpm-solver++"
        switch orderPlan {
        case .fixed(1): return "\(family)-1"
        case .fixed(let order): return algorithm == .dpmSolver ? "\(family)-\(order)" : "\(family)-\(order)s"
        case .fast: return "\(family)-fast"
        }
    }

    /// The fixed order; for the fast plan, at most 2: the reference's plan ends with a step of
    /// order 1 (budgets n = 0 or 1 mod 3, or odd n with maximum order 2), whose local error
    /// O(h^2) makes the global error O(h^2) (measured 1.96 at NFE 288-1152 on the logsnr grid).
    public var order: Int {
        switch orderPlan {
        case .fixed(let order): return order
        case .fast(let maximumOrder): return min(maximumOrder, 2)
        }
    }

    /// The highest order of any step: the fixed order, or the fast plan's maximum.
    public var maximumStepOrder: Int {
        switch orderPlan {
        case .fixed(let order): return order
        case .fast(let maximumOrder): return maximumOrder
        }
    }

    /// `order` model evaluations per outer step, or an NFE budget for the fast plan.
    public var stepControl: StepControl {
        switch orderPlan {
        case .fixed(let order): return .fixed(evaluationsPerStep: order)
        case .fast(let maximumOrder): return .budget(maximumEvaluationsPerStep: maximumOrder)
        }
    }

    /// The built-in grid measured most accurate at 6-20 evaluations on the built-in problems
    /// (Docs/Conventions.md, "Default grids"): time-quadratic for DPM-Solver-2 and -fast,
    /// logsnr for DPM-Solver++(3S), time-uniform for the others.
    public var defaultSpacing: TimeSpacing {
        switch (algorithm, orderPlan) {
        case (.dpmSolver, .fixed(2)), (_, .fast): return .timeQuadratic
        case (.dpmSolverPlusPlus, .fixed(3)): return .logSNR
        default: return .timeUniform
        }
    }

    /// The planned steps for `discretization`.
    public func plan(_ problem: SamplingProblem, _ discretization: Discretization) throws -> [PlannedStep] {
        let schedule = problem.schedule
        switch orderPlan {
        case .fixed(let order):
            let grid = try FixedStepGrid(discretization, problem: problem, solver: self)
            return grid.plan.map { step in
                let fractions = IntermediateFractions(grid.spacing ?? .logSNR, schedule: schedule, from: step.start, to: step.end, order: order)
                return PlannedStep(start: step.start, end: step.end, order: order, intermediateFractions: fractions)
            }
        case .fast(let maximumOrder):
            guard case .evaluations(let budget, let namedSpacing) = discretization else {
                throw DiffusionODEError.invalidArgument("nfe", "\(name) spends an NFE budget; give --nfe N (Discretization.evaluations), not \(discretization.summary)")
            }
            let spacing = namedSpacing ?? defaultSpacing
            try FixedStepGrid.check(budget: budget)
            // A clean end costs one evaluation of the budget, as on fixed grids: the order plan
            // spends the rest down to the noisy end, then a first-order step goes into clean data.
            let spacedBudget = budget - (problem.endsAtCleanData ? 1 : 0)
            var levels: [NoiseLevel] = [problem.startLevel]
            var stepOrders: [Int] = []
            if spacedBudget > 0 {
                let orders = try SinglestepOrderPlan(budget: spacedBudget, maximumOrder: maximumOrder)
                levels = orders.outerLevels(spacing, schedule: schedule, from: problem.startTime, to: problem.spacedEndTime)
                stepOrders = orders.orders
            }
            if problem.inverts {
                levels.reverse()
                stepOrders.reverse()
            }
            var steps = stepOrders.enumerated().map { index, order in
                let start = levels[index], end = levels[index + 1]
                let fractions = IntermediateFractions(spacing, schedule: schedule, from: start, to: end, order: order)
                return PlannedStep(start: start, end: end, order: order, intermediateFractions: fractions)
            }
            if problem.endsAtCleanData { steps.append(PlannedStep(start: levels[levels.count - 1], end: .clean)) }
            return steps
        }
    }

    /// Runs the singlestep updates of ``plan(_:_:)``.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let plan = try plan(problem, discretization)
        let loop = SolveLoop(problem, solverName: name, options: options)
        let updates = SinglestepUpdates(
            algorithm: algorithm, form: form, schedule: problem.schedule,
            rows: problem.initial.rows, columns: problem.initial.columns, maximumOrder: maximumStepOrder
        )
        var output = Batch(rows: problem.initial.rows, columns: problem.initial.columns)
        return try loop.run(plan: plan) { x, index in
            try updates.update(x, over: plan[index], into: &output, evaluator: loop.evaluator)
            swap(&x, &output)
        }
    }
}
