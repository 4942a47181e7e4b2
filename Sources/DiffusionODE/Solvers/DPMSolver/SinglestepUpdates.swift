/// The singlestep DPM-Solver updates of orders 1-3 from s to t (Lu et al., 2022,
/// Algorithms 1 and 2; DPM-Solver++ Algorithm 1), with the buffers they need, allocated
/// once per solve. Shared by the fixed-step singlestep solvers, DPM-Solver-fast, the
/// adaptive solvers (whose lower- and higher-order updates share evaluations), and the
/// singlestep warm-up of the multistep solvers.
///
/// With m_s the model output at s (``evaluateStart(_:at:evaluator:)``), phi_k at z = +-h
/// and S, a from ``ExponentialStep``:
///
///     order 1: x_t = a x - S phi_1 m_s
///     order 2: u = x at lambda_s + r1 h by order 1;  D = m_s1 - m_s
///              dpmsolver: x_t = a x - S phi_1 m_s - S phi_1 D / (2 r1)
///              taylor:    x_t = a x - S phi_1 m_s - S phi_2 D / r1
///     order 3: u1 by order 1 at r1; u2 = a2 x - S2 phi_1(r2 h) m_s - S2 (r2/r1) phi_2(r2 h) (m_s1 - m_s)
///              dpmsolver: x_t = a x - S phi_1 m_s - S phi_2 (m_s2 - m_s) / r2
///              taylor:    x_t = a x - S phi_1 m_s - S phi_2 D1 - S phi_3 D2, with
///                         D1 = (r2 D1_0 - r1 D1_1)/(r2 - r1), D2 = 2 (D1_1 - D1_0)/(r2 - r1),
///                         D1_0 = (m_s1 - m_s)/r1, D1_1 = (m_s2 - m_s)/r2.
final class SinglestepUpdates {
    let algorithm: DPMSolverAlgorithm
    let form: DPMSolverForm
    let schedule: any NoiseSchedule
    /// m_s, m_s1, m_s2.
    var modelStart: Batch
    var modelFirst: Batch
    var modelSecond: Batch
    /// The state at an intermediate point.
    var intermediate: Batch

    init(algorithm: DPMSolverAlgorithm, form: DPMSolverForm, schedule: any NoiseSchedule, rows: Int, columns: Int, maximumOrder: Int) {
        self.algorithm = algorithm
        self.form = form
        self.schedule = schedule
        modelStart = Batch(rows: rows, columns: columns)
        modelFirst = Batch(rows: maximumOrder >= 2 ? rows : 0, columns: columns)
        modelSecond = Batch(rows: maximumOrder >= 3 ? rows : 0, columns: columns)
        intermediate = Batch(rows: maximumOrder >= 2 ? rows : 0, columns: columns)
    }

    /// m_s = model(x, s).
    func evaluateStart(_ x: Batch, at start: NoiseLevel, evaluator: ModelEvaluator) throws {
        try evaluator.evaluate(algorithm, x, at: start, into: &modelStart)
    }

    /// out = a x + terms . (m_s, m_s1, m_s2), using only the model outputs the order needs.
    private func apply(_ a: Double, _ x: Batch, _ terms: ModelTerms, order: Int, into output: inout Batch) {
        let (c0, c1, c2) = terms.coefficients
        switch order {
        case 1: output.assign(a, x, c0, modelStart)
        case 2: output.assign(a, x, c0, modelStart, c1, modelFirst)
        default: output.assign(a, x, c0, modelStart, c1, modelFirst, c2, modelSecond)
        }
    }

    /// Order 1 (DPM-Solver-1 = DDIM; DPM-Solver++-1) from `start` to `end`; needs m_s.
    func firstOrder(_ x: Batch, from start: NoiseLevel, to end: NoiseLevel, into output: inout Batch) {
        let step = ExponentialStep(algorithm, from: start, to: end)
        apply(step.linearCoefficient, x, -(step.scale * step.phi1) * .model(0), order: 1, into: &output)
    }

    /// Evaluates the model at lambda_s + r h after a first-order step from s, into `modelFirst`.
    private func evaluateFirstIntermediate(
        _ x: Batch, from start: NoiseLevel, stepInLambda h: Double, fraction r1: Double, evaluator: ModelEvaluator
    ) throws {
        let level = schedule.level(atHalfLogSNR: start.halfLogSNR + r1 * h)
        let inner = ExponentialStep(algorithm, from: start, to: level, stepInLambda: r1 * h)
        apply(inner.linearCoefficient, x, -(inner.scale * inner.phi1) * .model(0), order: 1, into: &intermediate)
        try evaluator.evaluate(algorithm, intermediate, at: level, into: &modelFirst)
    }

    /// Order 2 with intermediate fraction r1; needs m_s, evaluates m_s1.
    func secondOrder(
        _ x: Batch, from start: NoiseLevel, to end: NoiseLevel, fraction r1: Double,
        into output: inout Batch, evaluator: ModelEvaluator
    ) throws {
        let step = ExponentialStep(algorithm, from: start, to: end)
        try evaluateFirstIntermediate(x, from: start, stepInLambda: step.h, fraction: r1, evaluator: evaluator)
        let m0 = ModelTerms.model(0), m1 = ModelTerms.model(1)
        let S = step.scale
        let terms: ModelTerms
        switch form {
        case .dpmSolver:
            terms = -(S * step.phi1) * m0 - (0.5 / r1 * S * step.phi1) * (m1 - m0)
        case .taylor:
            terms = -(S * step.phi1) * m0 - (1 / r1 * S * step.phi2) * (m1 - m0)
        }
        apply(step.linearCoefficient, x, terms, order: 2, into: &output)
    }

    /// Order 3 with intermediate fractions r1 < r2; needs m_s and evaluates m_s2, and m_s1
    /// unless `reusingFirstIntermediate` (the adaptive DPM-Solver-23 shares it with its
    /// second-order estimate at the same r1).
    func thirdOrder(
        _ x: Batch, from start: NoiseLevel, to end: NoiseLevel, fractions r1: Double, _ r2: Double,
        reusingFirstIntermediate: Bool = false, into output: inout Batch, evaluator: ModelEvaluator
    ) throws {
        let step = ExponentialStep(algorithm, from: start, to: end)
        if !reusingFirstIntermediate {
            try evaluateFirstIntermediate(x, from: start, stepInLambda: step.h, fraction: r1, evaluator: evaluator)
        }
        let m0 = ModelTerms.model(0), m1 = ModelTerms.model(1), m2 = ModelTerms.model(2)
        let secondLevel = schedule.level(atHalfLogSNR: start.halfLogSNR + r2 * step.h)
        let inner = ExponentialStep(algorithm, from: start, to: secondLevel, stepInLambda: r2 * step.h)
        let innerTerms = -(inner.scale * inner.phi1) * m0 - (r2 / r1 * inner.scale * inner.phi2) * (m1 - m0)
        apply(inner.linearCoefficient, x, innerTerms, order: 2, into: &intermediate)
        try evaluator.evaluate(algorithm, intermediate, at: secondLevel, into: &modelSecond)

        let S = step.scale
        let terms: ModelTerms
        switch form {
        case .dpmSolver:
            terms = -(S * step.phi1) * m0 - (S * step.phi2 / r2) * (m2 - m0)
        case .taylor:
            let d10 = (m1 - m0) / r1
            let d11 = (m2 - m0) / r2
            let d1 = (r2 * d10 - r1 * d11) / (r2 - r1)
            let d2 = 2 * (d11 - d10) / (r2 - r1)
            terms = -(S * step.phi1) * m0 - (S * step.phi2) * d1 - (S * step.phi3) * d2
        }
        apply(step.linearCoefficient, x, terms, order: 3, into: &output)
    }

    /// The update of `order` (1, 2 or 3) with the planned fractions; evaluates m_s first. A step
    /// into clean data is x0 from m_s, whatever the order.
    func update(
        _ x: Batch, over step: PlannedStep, into output: inout Batch, evaluator: ModelEvaluator, startEvaluated: Bool = false
    ) throws {
        if !startEvaluated {
            try evaluateStart(x, at: step.start, evaluator: evaluator)
        }
        if step.end.isClean {
            algorithm.denoised(x, modelOutput: modelStart, at: step.start, into: &output)
            return
        }
        switch step.order {
        case 1:
            firstOrder(x, from: step.start, to: step.end, into: &output)
        case 2:
            try secondOrder(x, from: step.start, to: step.end, fraction: step.intermediateFractions.first, into: &output, evaluator: evaluator)
        default:
            try thirdOrder(
                x, from: step.start, to: step.end, fractions: step.intermediateFractions.first, step.intermediateFractions.second,
                into: &output, evaluator: evaluator
            )
        }
    }
}
