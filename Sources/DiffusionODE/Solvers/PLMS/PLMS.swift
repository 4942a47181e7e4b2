/// PLMS, the pseudo linear multistep sampler (Liu, Ren, Lin & Zhao, "Pseudo Numerical Methods
/// for Diffusion Models on Manifolds", ICLR 2022) in the form latent-diffusion / Stable Diffusion
/// and diffusers (`PNDMScheduler(skip_prk_steps=True)`) run it: DDIM's transfer
/// phi(x, s -> t, e) = (alpha_t/alpha_s) x - sigma_t expm1(h) e (DPM-Solver-1) applied with a
/// combined noise estimate e':
///
/// - step 1, pseudo improved Euler: e' = (eps(x, s) + eps(phi(x, s -> t, eps(x, s)), t)) / 2
///   (two evaluations; the second is not kept);
/// - then Adams-Bashforth on the noise estimates at the iterates, with the fixed weights
///   (3, -1)/2, (23, -16, 5)/12, (55, -59, 37, -9)/24.
///
/// NFE = steps + 1. The fixed weights are exact only on grids uniform in sigma/alpha, so on the
/// usual grids the method is second order (measured). A step into clean data is x0 from eps.
public struct PLMS: Solver {
    /// A sampler.
    public init() {}

    /// The command-line name, `plms`.
    public var name: String { "plms" }
    /// Second order.
    public var order: Int { 2 }
    /// One evaluation per step, plus one for the improved-Euler first step.
    public var stepControl: StepControl { .fixed(evaluationsPerStep: 1, startEvaluations: 1) }
    /// Time-uniform, DDIM's (the setting PLMS is compared in).
    public var defaultSpacing: TimeSpacing { .timeUniform }

    /// Runs over the fixed grid.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let plan = try FixedStepGrid(discretization, problem: problem, solver: self).plan
        let loop = SolveLoop(problem, solverName: name, options: options)
        let rows = problem.initial.rows, columns = problem.initial.columns
        let noises = MultistepHistory(rows: rows, columns: columns, capacity: 4)
        var combined = Batch(rows: rows, columns: columns)
        var output = Batch(rows: rows, columns: columns)
        return try loop.run(plan: plan) { x, index in
            let start = plan[index].start, end = plan[index].end
            noises.rotate()
            try loop.evaluator.noise(x, at: start, into: &noises.models[0])
            noises.push(start)
            if end.isClean {
                DPMSolverAlgorithm.dpmSolver.denoised(x, modelOutput: noises.model(0), at: start, into: &output)
                swap(&x, &output)
                return
            }
            let step = ExponentialStep(.dpmSolver, from: start, to: end)
            if noises.count == 1 {
                output.assign(step.linearCoefficient, x, -step.scale * step.phi1, noises.model(0))
                try loop.evaluator.noise(output, at: end, into: &combined)
                combined.assign(0.5, combined, 0.5, noises.model(0))
            } else {
                let weights = IPNDM.fixedWeights[noises.count - 1]
                combined.assign(0, noises.model(0), combining: weights, of: (0..<noises.count).map(noises.model))
            }
            output.assign(step.linearCoefficient, x, -step.scale * step.phi1, combined)
            swap(&x, &output)
        }
    }
}
