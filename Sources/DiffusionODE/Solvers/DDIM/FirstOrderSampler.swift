/// The loop DDIM and DDPM share: one model evaluation at the start of each step, then one
/// pass
///
///     x_t = a (x_s - sigma_s eps) + b eps + d x_s + c z,     z ~ N(0, I),
///
/// with the coefficients a, b, d, c of the sampler's step (a (x_s - sigma_s eps) is a alpha_s
/// x0_hat). The grid may end at the clean level, where both samplers return x0_hat. The noise
/// z comes from stream ``SeededGenerator/stepNoiseStream`` of the sampler's seed, fresh for
/// each solve, and is drawn only on steps with c > 0.
struct FirstOrderSampler {
    /// The coefficients of one step.
    struct Coefficients {
        var data: Double
        var noise: Double
        var state: Double = 0
        var random: Double = 0
    }

    let solver: any Solver
    let seed: UInt64

    func solve(
        _ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions,
        coefficients: (_ start: NoiseLevel, _ end: NoiseLevel, _ isLast: Bool) -> Coefficients
    ) throws -> Solution {
        let grid = try FixedStepGrid(discretization, problem: problem, solver: solver, acceptsCleanLevel: true)
        let plan = grid.plan
        let loop = SolveLoop(problem, solverName: solver.name, options: options)
        let rows = problem.initial.rows, columns = problem.initial.columns
        var noisePrediction = Batch(rows: rows, columns: columns)
        var output = Batch(rows: rows, columns: columns)
        var stepNoise = Batch(rows: solver.isStochastic ? rows : 0, columns: columns)
        var generator = SeededGenerator(seed: seed, stream: SeededGenerator.stepNoiseStream)
        return try loop.run(plan: plan) { x, index in
            let start = plan[index].start
            try loop.evaluator.noise(x, at: start, into: &noisePrediction)
            let step = coefficients(start, plan[index].end, index == plan.count - 1)
            if step.random > 0 { generator.fillStandardNormal(&stepNoise) }
            Self.apply(step, startSigma: start.sigma, x, noisePrediction, stepNoise, into: &output)
            swap(&x, &output)
        }
    }

    /// out = a (x - sigma_s eps) + b eps + d x + c z, in one pass (z read only when c > 0).
    private static func apply(_ step: Coefficients, startSigma: Double, _ x: Batch, _ eps: Batch, _ z: Batch, into output: inout Batch) {
        let (a, b, d, c) = (step.data, step.noise, step.state, step.random)
        MemoryTraffic.record(values: x.count, passes: c > 0 ? 4 : 3)
        output.withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                eps.withUnsafeValues { eps in
                    if c > 0 {
                        z.withUnsafeValues { z in
                            for i in out.indices { out[i] = a * (x[i] - startSigma * eps[i]) + b * eps[i] + d * x[i] + c * z[i] }
                        }
                    } else {
                        for i in out.indices { out[i] = a * (x[i] - startSigma * eps[i]) + b * eps[i] + d * x[i] }
                    }
                }
            }
        }
    }
}
