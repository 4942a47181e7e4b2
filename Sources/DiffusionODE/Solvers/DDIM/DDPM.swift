import RealModule

/// DDPM's ancestral sampler with the larger variance sigma-hat (Ho, Jain & Abbeel,
/// "Denoising Diffusion Probabilistic Models", NeurIPS 2020), in the posterior form used
/// for the "hat" row of the DDIM paper's Table 1. From s to t, with
/// beta = 1 - abar_s / abar_t and x0_hat = (x_s - sigma_s eps)/alpha_s:
///
///     x_t = (sqrt(abar_t) beta x0_hat + sqrt(1 - beta) (1 - abar_t) x_s) / (1 - abar_s) + sqrt(beta) z
///
/// with no noise on the last step. The noise comes from ``SeededGenerator`` seeded with ``seed``.
public struct DDPM: Solver {
    /// The seed of the step noise.
    public let seed: UInt64

    /// A DDPM ancestral sampler drawing its step noise from `seed`.
    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    /// The command-line name, `ddpm`.
    public var name: String { "ddpm" }
    /// The order of the method, 1.
    public var order: Int { 1 }
    /// Fixed steps of one model evaluation each.
    public var stepControl: StepControl { .fixed(evaluationsPerStep: 1) }

    /// Runs the ancestral sampler over the fixed grid, which may end at ``NoiseLevel/clean``.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let grid = try FixedStepGrid(discretization, problem: problem, solverName: name, evaluationsPerStep: 1, acceptsCleanLevel: true)
        let plan = grid.uniformPlan(order: 1, schedule: problem.schedule)
        let evaluator = ModelEvaluator(model: problem.model, solverName: name)
        let rows = problem.initial.rows, columns = problem.initial.columns
        var noisePrediction = Batch(rows: rows, columns: columns)
        var output = Batch(rows: rows, columns: columns)
        var stepNoise = Batch(rows: rows, columns: columns)
        var generator = SeededGenerator(seed: seed, stream: SeededGenerator.stepNoiseStream)
        return try FixedStepDriver.run(problem, plan: plan, solverName: name, options: options, evaluator: evaluator) { x, index in
            let start = plan[index].start, end = plan[index].end
            try evaluator.noise(x, at: start, into: &noisePrediction)
            let beta = -Double.expMinusOne(2 * (start.logAlpha - end.logAlpha))
            let startVariance = start.sigma * start.sigma
            let dataCoefficient = end.alpha * beta / startVariance
            let stateCoefficient = Double.exp(start.logAlpha - end.logAlpha) * end.sigma * end.sigma / startVariance
            let inverseAlpha = 1 / start.alpha
            let startSigma = start.sigma
            let isLast = index == plan.count - 1
            let noiseScale = isLast ? 0 : beta.squareRoot()
            if noiseScale > 0 { generator.fillStandardNormal(&stepNoise) }
            MemoryTraffic.record(values: x.count, passes: 4)
            output.withUnsafeMutableValues { out in
                x.withUnsafeValues { x in
                    noisePrediction.withUnsafeValues { eps in
                        stepNoise.withUnsafeValues { z in
                            for i in out.indices {
                                let data = (x[i] - startSigma * eps[i]) * inverseAlpha
                                out[i] = dataCoefficient * data + stateCoefficient * x[i] + noiseScale * z[i]
                            }
                        }
                    }
                }
            }
            swap(&x, &output)
        }
    }
}
