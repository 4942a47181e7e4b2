import DiffusionODE

/// The problem the performance targets refer to: N = 4096 samples of dimension D = 64, a
/// K = 16 component diagonal mixture (drawn from seed 2024), the linear schedule from
/// t = 1 to 1e-3, x_T ~ N(0, I) from seed 7.
public struct StandardBenchmarkProblem: Sendable {
    public let mixture: GaussianMixture
    public let problem: SamplingProblem

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
