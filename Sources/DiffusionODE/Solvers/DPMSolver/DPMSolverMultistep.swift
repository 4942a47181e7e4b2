/// Multistep DPM-Solver-2M/3M and DPM-Solver++(2M)/(3M): one model evaluation per step,
/// reusing the outputs of the previous steps.
///
/// With history m_0 (at t_{i-1}), m_1 (t_{i-2}), m_2 (t_{i-3}), h = lambda_t - lambda_{i-1},
/// r0 = h_0/h, r1 = h_1/h (the previous steps' widths in lambda), a = alpha_t/alpha_s and
/// S = sigma_t (DPM-Solver) or a = sigma_t/sigma_s and S = alpha_t (DPM-Solver++), and the
/// phi functions of ``DPMSolverPhi`` at z = h or -h:
///
///     order 2: D1_0 = (m_0 - m_1)/r0
///              dpmsolver: x_t = a x - S phi_1 m_0 - S phi_1 D1_0 / 2
///              taylor:    x_t = a x - S phi_1 m_0 - S phi_2 D1_0
///     order 3: D1_1 = (m_1 - m_2)/r1, D1 = D1_0 + r0/(r0 + r1) (D1_0 - D1_1), D2 = c (D1_0 - D1_1)/(r0 + r1)
///              x_t = a x - S phi_1 m_0 - S phi_2 D1 - S phi_3 D2
///
/// The reference takes c = 1, which makes D2 ~ h^2 m''/2 where the phi_3 term needs
/// h^2 m'' (as the singlestep update has it): the method is then second order whatever its
/// start. ``SecondDifferenceScaling/consistent`` takes c = 2; with the singlestep warm-up
/// the method is third order. See Docs/Conventions.md for the measurements.
///
/// Multistep DPM-Solver: Lu et al., NeurIPS 2022, Appendix B; DPM-Solver++(2M): Lu et al.,
/// arXiv:2211.01095, Algorithm 2 (and its third-order extension in the reference code).
///
/// As in the reference: the history starts with lower-order steps (see ``MultistepWarmUp``);
/// with fewer than 10 steps and ``lowerOrderFinal``, step i uses order min(order, K + 1 - i),
/// which stabilises very short runs; and no model evaluation follows the last step, so
/// NFE = steps with the reference warm-up.
public struct DPMSolverMultistep: Solver {
    /// Whether the model output is integrated as noise (DPM-Solver) or data (DPM-Solver++) prediction.
    public let algorithm: DPMSolverAlgorithm
    /// How the high-order corrections are written (the reference's `solver_type`).
    public let form: DPMSolverForm
    /// The order of the multistep update formula: 1, 2 or 3.
    public let updateOrder: Int

    /// The global order the configuration achieves: the update's order, except that a
    /// third-order update is second order with the reference's D2 scaling or with the
    /// reference's first-order first step (see ``SecondDifferenceScaling``); a UniC corrector
    /// adds one.
    public var order: Int {
        let predictor = updateOrder < 3 ? updateOrder : (secondDifference == .consistent && warmUp == .singlestep ? 3 : 2)
        return corrector == nil ? predictor : predictor + 1
    }
    /// A corrector after each step but the last (UniPC's UniC), or nil.
    public let corrector: MultistepCorrector?
    /// The B(h) variant of the UniC corrector.
    public let correctorVariant: UniPCVariant
    /// How the first order - 1 steps are taken.
    public let warmUp: MultistepWarmUp
    /// Lower the order of the final steps when there are fewer than 10 steps.
    public let lowerOrderFinal: Bool
    /// How the third-order update scales its second divided difference D2.
    public let secondDifference: SecondDifferenceScaling

    /// A multistep solver of order `order` with the given algorithm, form, warm-up and D2 scaling.
    /// - Throws: ``DiffusionODEError`` unless the order is 1, 2 or 3.
    public init(
        order: Int, algorithm: DPMSolverAlgorithm = .dpmSolver, form: DPMSolverForm = .dpmSolver,
        warmUp: MultistepWarmUp = .lowerOrder, secondDifference: SecondDifferenceScaling = .reference, lowerOrderFinal: Bool = true,
        corrector: MultistepCorrector? = nil, correctorVariant: UniPCVariant = .bh1
    ) throws {
        guard (1...3).contains(order) else {
            throw DiffusionODEError.invalidArgument("order", "must be 1, 2 or 3, got \(order)")
        }
        self.updateOrder = order
        self.algorithm = algorithm
        self.form = form
        self.warmUp = warmUp
        self.secondDifference = secondDifference
        self.lowerOrderFinal = lowerOrderFinal
        self.corrector = corrector
        self.correctorVariant = correctorVariant
    }

    /// The command-line name, e.g. `dpm-solver-2m` or `dpm-solver++-3m` (`+unic` with the corrector).
    public var name: String {
        let base = algorithm == .dpmSolver ? "dpm-solver-\(updateOrder)m" : "dpm-solver++-\(updateOrder)m"
        guard let corrector else { return base }
        return "\(base)+\(corrector.rawValue)" + (correctorVariant == .bh1 ? "" : "/\(correctorVariant.rawValue)")
    }

    /// Fixed steps of one model evaluation each; the singlestep warm-up spends order - 1 more
    /// on each of its order - 1 steps.
    public var stepControl: StepControl {
        .fixed(evaluationsPerStep: 1, startEvaluations: warmUp == .singlestep ? (updateOrder - 1) * (updateOrder - 1) : 0)
    }

    /// Time-quadratic: at 6-20 steps it is the most accurate built-in grid for all four
    /// multistep solvers on the built-in problems (up to 7x better than the reference's
    /// time-uniform for DPM-Solver++(3M); Docs/Conventions.md, "Default grids").
    public var defaultSpacing: TimeSpacing { .timeQuadratic }

    /// The order of multistep update used on step `index` (1-based) of `steps`.
    func stepOrder(_ index: Int, of steps: Int) -> Int {
        if index < updateOrder { return index }
        if lowerOrderFinal && steps < 10 { return min(updateOrder, steps + 1 - index) }
        return updateOrder
    }

    /// Runs the multistep method over the fixed grid, which needs at least `order` steps.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let grid = try FixedStepGrid(discretization, problem: problem, solver: self)
        let steps = grid.stepCount
        guard steps >= updateOrder else {
            throw DiffusionODEError.invalidArgument(discretization.countField, "\(name) needs at least \(updateOrder) steps, got \(steps)")
        }
        let schedule = problem.schedule
        let plan = (1...steps).map { index in
            let start = grid.levels[index - 1], end = grid.levels[index]
            guard index < updateOrder, warmUp == .singlestep else {
                return PlannedStep(start: start, end: end, order: stepOrder(index, of: steps))
            }
            let fractions = IntermediateFractions(grid.spacing ?? .logSNR, schedule: schedule, from: start, to: end, order: updateOrder)
            return PlannedStep(start: start, end: end, order: updateOrder, intermediateFractions: fractions)
        }
        let loop = SolveLoop(problem, solverName: name, options: options)
        let evaluator = loop.evaluator
        let rows = problem.initial.rows, columns = problem.initial.columns
        let history = MultistepHistory(rows: rows, columns: columns, capacity: updateOrder)
        let singlestep = warmUp == .singlestep && updateOrder > 1
            ? SinglestepUpdates(algorithm: algorithm, form: form, schedule: problem.schedule, rows: rows, columns: columns, maximumOrder: updateOrder)
            : nil
        var output = Batch(rows: rows, columns: columns)
        var newModel = Batch(rows: corrector == nil ? 0 : rows, columns: columns)
        try evaluator.evaluate(algorithm, problem.initial, at: grid.levels[0], into: &history.models[0])
        history.push(grid.levels[0])
        return try loop.run(plan: plan) { x, position in
            let index = position + 1
            let step = plan[position]
            if let singlestep, index < updateOrder {
                swap(&singlestep.modelStart, &history.models[0])
                defer { swap(&singlestep.modelStart, &history.models[0]) }
                try singlestep.update(x, over: step, into: &output, evaluator: evaluator, startEvaluated: true)
            } else if step.end.isClean {
                algorithm.denoised(x, modelOutput: history.model(0), at: history.level(0), into: &output)
            } else {
                multistepUpdate(x, order: step.order, to: step.end, history: history, into: &output)
            }
            if corrector != nil, index < steps, !step.end.isClean {
                // UniC: the model at the prediction corrects it and becomes the history's newest.
                try evaluator.evaluate(algorithm, output, at: step.end, into: &newModel)
                let order = min(step.order, history.count)
                let update = UniPCUpdate(algorithm: algorithm, variant: correctorVariant, history: (0..<order).map(history.level), to: step.end, order: order)
                x.assign(update.linear, x, combining: update.corrector, of: (0..<order).map(history.model) + [newModel])
                history.rotate()
                swap(&history.models[0], &newModel)
                history.push(step.end)
                return
            }
            swap(&x, &output)
            if index < steps {
                history.rotate()
                try evaluator.evaluate(algorithm, x, at: step.end, into: &history.models[0])
                history.push(step.end)
            }
        }
    }

    /// x_t from the history by the multistep formula of `stepOrder` (1, 2 or 3).
    private func multistepUpdate(_ x: Batch, order stepOrder: Int, to end: NoiseLevel, history: MultistepHistory, into output: inout Batch) {
        let previous = history.level(0)
        let step = ExponentialStep(algorithm, from: previous, to: end)
        let S = step.scale
        let m0 = ModelTerms.model(0), m1 = ModelTerms.model(1), m2 = ModelTerms.model(2)
        let terms: ModelTerms
        switch stepOrder {
        case 1:
            terms = -(S * step.phi1) * m0
        case 2:
            let r0 = (previous.halfLogSNR - history.level(1).halfLogSNR) / step.h
            let d10 = (m0 - m1) / r0
            switch form {
            case .dpmSolver: terms = -(S * step.phi1) * m0 - (0.5 * S * step.phi1) * d10
            case .taylor: terms = -(S * step.phi1) * m0 - (S * step.phi2) * d10
            }
        default:
            let r0 = (previous.halfLogSNR - history.level(1).halfLogSNR) / step.h
            let r1 = (history.level(1).halfLogSNR - history.level(2).halfLogSNR) / step.h
            let d10 = (m0 - m1) / r0
            let d11 = (m1 - m2) / r1
            let d1 = d10 + (r0 / (r0 + r1)) * (d10 - d11)
            let d2 = secondDifference.factor * (d10 - d11) / (r0 + r1)
            terms = -(S * step.phi1) * m0 - (S * step.phi2) * d1 - (S * step.phi3) * d2
        }
        let (c0, c1, c2) = terms.coefficients
        switch stepOrder {
        case 1: output.assign(step.linearCoefficient, x, c0, history.model(0))
        case 2: output.assign(step.linearCoefficient, x, c0, history.model(0), c1, history.model(1))
        default: output.assign(step.linearCoefficient, x, c0, history.model(0), c1, history.model(1), c2, history.model(2))
        }
    }
}
