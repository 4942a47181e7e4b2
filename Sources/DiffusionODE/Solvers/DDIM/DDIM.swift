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
    /// - Throws: ``DiffusionODEError`` unless eta is in [0, 1].
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
    /// Stochastic when eta > 0.
    public var isStochastic: Bool { eta > 0 }

    /// Runs DDIM over the fixed grid, which may end at ``NoiseLevel/clean``.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        try FirstOrderSampler(solver: self, seed: seed).solve(problem, discretization, options: options) { start, end, _ in
            let random = eta == 0 ? 0 : DDIM.noiseScale(eta: eta, from: start, to: end)
            return .init(
                data: end.alpha / start.alpha,
                noise: max(end.sigma * end.sigma - random * random, 0).squareRoot(),
                random: random
            )
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
