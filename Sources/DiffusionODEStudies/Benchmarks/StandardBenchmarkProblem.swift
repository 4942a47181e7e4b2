import DiffusionODE

/// The problem the performance targets refer to: N = 4096 samples of dimension D = 64, a
/// K = 16 component diagonal mixture (drawn from seed 2024), the linear schedule from
/// t = 1 to 1e-3, x_T ~ N(0, I) from seed 7.
public struct StandardBenchmarkProblem: Sendable {
    /// The K-component mixture, which is also the problem's model.
    public let mixture: GaussianMixture
    /// The problem: the mixture under the linear schedule, from x_T at t = 1 to t = 1e-3.
    public let problem: SamplingProblem

    /// The problem with `samples` rows of dimension `dimension` and a mixture of `components` components.
    /// - Throws: `DiffusionODEError` when `samples`, `dimension` or `components` is 0.
    public init(samples: Int = 4096, dimension: Int = 64, components: Int = 16) throws {
        var generator = SeededGenerator(seed: 2024)
        mixture = try GaussianMixture(
            weights: (0..<components).map { _ in 0.5 + generator.nextUnitInterval() },
            means: (0..<components).map { _ in (0..<dimension).map { _ in 2 * generator.nextStandardNormal() } },
            variances: (0..<components).map { _ in (0..<dimension).map { _ in 0.05 + 0.5 * generator.nextUnitInterval() } }
        )
        var noise = SeededGenerator(seed: 7)
        problem = try SamplingProblem(
            schedule: try LinearVPSchedule(), model: mixture, initial: noise.standardNormalBatch(rows: samples, columns: dimension),
            startTime: 1, endTime: 1e-3
        )
    }

    /// Elements N x K x D of one model evaluation.
    public var elements: Int {
        problem.initial.rows * mixture.componentCount * mixture.sampleDimension
    }
}
