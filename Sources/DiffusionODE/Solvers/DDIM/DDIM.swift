import RealModule

/// DDIM (Song, Meng & Ermon, "Denoising Diffusion Implicit Models", ICLR 2021), in its
/// own alpha/sigma form: predict x_0, then re-noise to the next level.
///
///     x0_hat = (x_s - sigma_s eps(x_s, s)) / alpha_s
///     x_t    = alpha_t x0_hat + sqrt(sigma_t^2 - c^2) eps(x_s, s) + c z,     z ~ N(0, I)
///     c      = eta (sigma_t / sigma_s) sqrt(1 - alpha_s^2 / alpha_t^2)
///
/// With eta = 0 it is deterministic and algebraically identical to DPM-Solver-1: since
/// sigma_t - alpha_t sigma_s / alpha_s = -sigma_t expm1(h), the two agree to rounding.
/// With eta = 1 it is DDPM's ancestral sampler with the posterior variance. The noise is
/// drawn from ``SeededGenerator`` seeded with ``seed``, fresh for each solve.
public struct DDIM: Solver {
    /// The stochasticity eta >= 0 (0: the deterministic ODE sampler).
    public let eta: Double
    /// The seed of the step noise when eta > 0.
    public let seed: UInt64

    /// A DDIM sampler with stochasticity `eta`, drawing its step noise from `seed`.
    /// - Throws: ``DiffusionODEError`` unless eta is finite and >= 0.
    public init(eta: Double = 0, seed: UInt64 = 0) throws {
        guard eta.isFinite, eta >= 0, eta <= 1 else {
            throw DiffusionODEError.invalidArgument("eta", "must be in [0, 1] (above 1 the noise variance would exceed 1 - abar_prev), got \(eta)")
        }
        self.eta = eta
        self.seed = seed
    }

    /// The command-line name, `ddim`.
    public var name: String { "ddim" }
    /// The order of the method, 1.
    public var order: Int { 1 }
    /// Fixed steps of one model evaluation each.
    public var stepControl: StepControl { .fixed(evaluationsPerStep: 1) }

    /// Runs DDIM over the fixed grid, which may end at ``NoiseLevel/clean``.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let grid = try FixedStepGrid(discretization, problem: problem, solverName: name, evaluationsPerStep: 1, acceptsCleanLevel: true)
        let plan = grid.uniformPlan(order: 1, schedule: problem.schedule)
        let evaluator = ModelEvaluator(model: problem.model, solverName: name)
        let rows = problem.initial.rows, columns = problem.initial.columns
        var noisePrediction = Batch(rows: rows, columns: columns)
        var output = Batch(rows: rows, columns: columns)
        var stepNoise = Batch(rows: eta > 0 ? rows : 0, columns: columns)
        var generator = SeededGenerator(seed: seed, stream: SeededGenerator.stepNoiseStream)
        return try FixedStepDriver.run(problem, plan: plan, solverName: name, options: options, evaluator: evaluator) { x, index in
            let start = plan[index].start, end = plan[index].end
            try evaluator.noise(x, at: start, into: &noisePrediction)
            let noiseScale = eta == 0 ? 0 : DDIM.noiseScale(eta: eta, from: start, to: end)
            let epsilonScale = max(end.sigma * end.sigma - noiseScale * noiseScale, 0).squareRoot()
            let alphaRatio = end.alpha / start.alpha
            let startSigma = start.sigma
            MemoryTraffic.record(values: x.count, passes: noiseScale > 0 ? 4 : 3)
            if noiseScale > 0 {
                generator.fillStandardNormal(&stepNoise)
                output.withUnsafeMutableValues { out in
                    x.withUnsafeValues { x in
                        noisePrediction.withUnsafeValues { eps in
                            stepNoise.withUnsafeValues { z in
                                for i in out.indices {
                                    out[i] = alphaRatio * (x[i] - startSigma * eps[i]) + epsilonScale * eps[i] + noiseScale * z[i]
                                }
                            }
                        }
                    }
                }
            } else {
                output.withUnsafeMutableValues { out in
                    x.withUnsafeValues { x in
                        noisePrediction.withUnsafeValues { eps in
                            for i in out.indices {
                                out[i] = alphaRatio * (x[i] - startSigma * eps[i]) + epsilonScale * eps[i]
                            }
                        }
                    }
                }
            }
            swap(&x, &output)
        }
    }

    /// sigma_t(eta) = eta sqrt((1 - abar_t)/(1 - abar_s)) sqrt(1 - abar_s/abar_t), the
    /// standard deviation of the noise DDIM adds on the step from s to t.
    public static func noiseScale(eta: Double, from start: NoiseLevel, to end: NoiseLevel) -> Double {
        guard start.sigma > 0 else { return 0 }
        let oneMinusRatio = -Double.expMinusOne(2 * (start.logAlpha - end.logAlpha))
        return eta * end.sigma / start.sigma * max(oneMinusRatio, 0).squareRoot()
    }
}
