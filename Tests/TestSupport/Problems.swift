import DiffusionODE

/// The analytic problems the tests measure solvers on.
public enum Problems {
    /// Gaussian data in four dimensions with spread-out variances (0.05 to 2), so the
    /// flow is neither trivial nor stiff; its closed-form solution measures every error.
    public static func gaussian() throws -> GaussianMixture {
        try GaussianMixture(weights: [1], means: [[0.5, -1.0, 2.0, 0.3]], variances: [[0.2, 1.5, 0.05, 2.0]])
    }

    /// A three-component mixture in two dimensions, well separated.
    public static func mixture() throws -> GaussianMixture {
        try GaussianMixture(
            weights: [0.5, 0.3, 0.2],
            means: [[-2, 0.5], [1.5, 1.5], [0.5, -2.5]],
            variances: [[0.3, 0.2], [0.1, 0.5], [0.4, 0.05]]
        )
    }

    /// The schedules that are not variance preserving: VE, EDM and flow matching.
    public static func otherSchedules() throws -> [any NoiseSchedule] {
        [try VarianceExplodingSchedule(), try EDMSchedule(), FlowMatchingSchedule()]
    }

    /// The four built-in VP schedules.
    public static func schedules() throws -> [any NoiseSchedule] {
        [try LinearVPSchedule(), CosineVPSchedule(), try DiscreteVPSchedule.ddpmLinear(), try DiscreteVPSchedule.improvedDDPMCosine()]
    }

    /// A model of dimension `columns` that is exact for N(0, I) data until t falls below
    /// `time`, where it returns NaN at row `row`: for the tests of failing models.
    public static func failingModel(columns: Int = 2, below time: Double, row: Int = 0) -> ClosureNoisePredictor {
        ClosureNoisePredictor(dimension: columns) { x, level, output in
            output.assign(level.sigma, x)
            if level.time < time { output[row, 0] = .nan }
        }
    }

    /// `rows` standard normal samples of dimension `columns`.
    public static func noise(rows: Int, columns: Int, seed: UInt64) -> Batch {
        var generator = SeededGenerator(seed: seed)
        return generator.standardNormalBatch(rows: rows, columns: columns)
    }

    /// The max-norm error of a solution against the closed-form flow of a one-component problem.
    public static func exactError(_ solution: Solution, _ problem: SamplingProblem, _ mixture: GaussianMixture) throws -> Double {
        let flow = try GaussianFlow(mixture)
        let exact = flow.solution(from: problem.initial, at: problem.startLevel, to: solution.statistics.finalLevel)
        return solution.final.maxAbsoluteDifference(to: exact)
    }
}
