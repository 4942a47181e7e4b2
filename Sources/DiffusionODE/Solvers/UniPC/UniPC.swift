/// UniPC (Zhao, Bai, Rao, Zhou & Lu, "UniPC: A Unified Predictor-Corrector Framework for Fast
/// Sampling of Diffusion Models", NeurIPS 2023), multistep, exactly as the authors' `uni_pc.py`
/// runs it: the predictor UniP of order k, then the model evaluated once at the prediction,
/// then the corrector UniC with that evaluation, on every step but the last (the update
/// formulas are in ``UniPCUpdate``).
///
/// - The first order - 1 steps use orders 1, 2, ...; with `lowerOrderFinal` (the authors'
///   default) step j of N uses order min(order, N + 1 - j) at every step count (DPM-Solver
///   lowers only below 10 steps), so the last step is a DDIM step without corrector.
/// - The model output stored for the next steps is the one at the prediction; the corrected
///   state is never evaluated. NFE = steps.
///
/// Orders: UniC raises UniP-p's order p to p + 1. A single step with a larger local error caps
/// the global order: with `lowerOrderFinal` the uncorrected DDIM last step (local O(h^2)) makes
/// every UniPC-K second order asymptotically (measured 2.01 for UniPC-3 at NFE 192-1536,
/// time-quadratic). Without it UniPC-K is of order K + 1: its corrected first-order first step
/// (local O(h^3)) would cap UniPC-3 at 3, but at the start of the diffusion ODE the flow is
/// nearly linear and that cap stays invisible (measured 4.00 at NFE 192-1536).
public struct UniPC: Solver {
    /// The order of UniP (1, 2 or 3).
    public let predictorOrder: Int
    /// B(h) or the vary-coeff update.
    public let variant: UniPCVariant
    /// Data or noise prediction.
    public let algorithm: PredictionAlgorithm
    /// Lower the order of the last steps (the authors' default, at every step count).
    public let lowerOrderFinal: Bool

    /// UniPC of predictor order `order`.
    /// - Throws: ``DiffusionODEError`` unless the order is 1, 2 or 3.
    public init(order: Int, variant: UniPCVariant = .bh1, algorithm: PredictionAlgorithm = .dataPrediction, lowerOrderFinal: Bool = true) throws {
        guard (1...3).contains(order) else {
            throw DiffusionODEError.invalidArgument("order", "UniPC has order 1, 2 or 3, got \(order)")
        }
        self.predictorOrder = order
        self.variant = variant
        self.algorithm = algorithm
        self.lowerOrderFinal = lowerOrderFinal
    }

    /// The command-line name, e.g. `unipc-2`, with the settings that differ from the defaults
    /// (`unipc-3/bh2/noise-prediction`, `/no-lower-order-final`) so studies tell runs apart.
    public var name: String {
        var parts = ["unipc-\(predictorOrder)"]
        if variant != .bh1 { parts.append(variant.rawValue) }
        if algorithm != .dataPrediction { parts.append(algorithm.rawValue) }
        if !lowerOrderFinal { parts.append("no-lower-order-final") }
        return parts.joined(separator: "/")
    }

    /// The order achieved: 2 with `lowerOrderFinal` (its last step is uncorrected DDIM),
    /// otherwise predictorOrder + 1. The coded vary-coeff corrector is first order from
    /// UniPC-2 on (measured 0.99).
    public var order: Int {
        if variant == .varyCoeff && predictorOrder >= 2 { return 1 }
        if lowerOrderFinal { return 2 }
        return predictorOrder + 1
    }

    /// One evaluation per step.
    public var stepControl: StepControl { .fixed(evaluationsPerStep: 1) }
    /// Time-quadratic, as the multistep DPM-Solvers.
    public var defaultSpacing: TimeSpacing { .timeQuadratic }

    /// The order of step `index` (1-based) of `steps`.
    func stepOrder(_ index: Int, of steps: Int) -> Int {
        if index < predictorOrder { return index }
        return lowerOrderFinal ? min(predictorOrder, steps + 1 - index) : predictorOrder
    }

    /// Runs UniPC over the fixed grid, which needs at least `order` steps.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let grid = try FixedStepGrid(discretization, problem: problem, solver: self)
        let steps = grid.stepCount
        guard steps >= predictorOrder else {
            throw DiffusionODEError.invalidArgument(discretization.countField, "\(name) needs at least \(predictorOrder) steps, got \(steps)")
        }
        let plan = grid.plan
        let loop = SolveLoop(problem, solverName: name, options: options)
        let model = algorithm.dpmSolverAlgorithm
        let rows = problem.initial.rows, columns = problem.initial.columns
        let history = MultistepHistory(rows: rows, columns: columns, capacity: predictorOrder)
        var prediction = Batch(rows: rows, columns: columns)
        var newModel = Batch(rows: rows, columns: columns)
        try loop.evaluator.evaluate(model, problem.initial, at: grid.levels[0], into: &history.models[0])
        history.push(grid.levels[0])
        return try loop.run(plan: plan) { x, position in
            let index = position + 1
            let end = plan[position].end
            if end.isClean {
                model.denoised(x, modelOutput: history.model(0), at: history.level(0), into: &prediction)
                swap(&x, &prediction)
                return
            }
            let order = stepOrder(index, of: steps)
            let update = UniPCUpdate(algorithm: model, variant: variant, history: (0..<order).map(history.level), to: end, order: order)
            let past = (0..<order).map(history.model)
            prediction.assign(update.linear, x, combining: update.predictor, of: past)
            guard index < steps else {
                swap(&x, &prediction)
                return
            }
            try loop.evaluator.evaluate(model, prediction, at: end, into: &newModel)
            x.assign(update.linear, x, combining: update.corrector, of: past + [newModel])
            history.rotate()
            swap(&history.models[0], &newModel)
            history.push(end)
        }
    }
}
