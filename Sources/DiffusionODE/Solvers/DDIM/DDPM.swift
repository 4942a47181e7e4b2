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
    /// Always stochastic.
    public var isStochastic: Bool { true }

    /// Runs the ancestral sampler over the fixed grid, which may end at ``NoiseLevel/clean``.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        try FirstOrderSampler(solver: self, seed: seed).solve(problem, discretization, options: options) { start, end, isLast in
            let beta = -Double.expMinusOne(2 * (start.logAlpha - end.logAlpha))
            let startVariance = start.sigma * start.sigma
            return .init(
                data: end.alpha * beta / startVariance / start.alpha,
                noise: 0,
                state: Double.exp(start.logAlpha - end.logAlpha) * end.sigma * end.sigma / startVariance,
                random: isLast ? 0 : beta.squareRoot()
            )
        }
    }
}
