import RealModule

/// The noise level of the forward process at one time: x_t = alpha_t x_0 + sigma_t eps.
///
/// Computed once per grid point and handed to models and solver steps, so no step
/// re-derives alpha, sigma or lambda from t. For a variance-preserving schedule every
/// quantity comes from log alpha: sigma = sqrt(-expm1(2 log alpha)) and
/// lambda = log alpha - 0.5 log(-expm1(2 log alpha)), which keep full relative accuracy when
/// alpha is close to 1 (small t).
public struct NoiseLevel: Sendable, Equatable, CustomStringConvertible {
    /// The time t (for the clean level, 0).
    public var time: Double
    /// log alpha_t.
    public var logAlpha: Double
    /// alpha_t, the signal coefficient.
    public var alpha: Double
    /// sigma_t, the noise coefficient.
    public var sigma: Double
    /// lambda_t = log(alpha_t / sigma_t), the half log signal-to-noise ratio.
    public var halfLogSNR: Double

    /// The variance-preserving level at time `time` with the given log alpha (< 0):
    /// sigma^2 = 1 - alpha^2.
    public init(time: Double, logAlpha: Double) {
        self.time = time
        self.logAlpha = logAlpha
        self.alpha = Double.exp(logAlpha)
        let oneMinusAlphaSquared = -Double.expMinusOne(2 * logAlpha)
        self.sigma = oneMinusAlphaSquared.squareRoot()
        self.halfLogSNR = logAlpha - 0.5 * Double.log(oneMinusAlphaSquared)
    }

    /// The level at time `time` with the given log alpha and log sigma (any schedule).
    public init(time: Double, logAlpha: Double, logSigma: Double) {
        self.time = time
        self.logAlpha = logAlpha
        self.alpha = Double.exp(logAlpha)
        self.sigma = Double.exp(logSigma)
        self.halfLogSNR = logAlpha - logSigma
    }

    /// The data level: alpha = 1, sigma = 0, lambda = +infinity (DDIM's final step to abar = 1,
    /// k-diffusion's sigma = 0).
    public static let clean = NoiseLevel(time: 0, logAlpha: 0, alpha: 1, sigma: 0, halfLogSNR: .infinity)

    private init(time: Double, logAlpha: Double, alpha: Double, sigma: Double, halfLogSNR: Double) {
        self.time = time
        self.logAlpha = logAlpha
        self.alpha = alpha
        self.sigma = sigma
        self.halfLogSNR = halfLogSNR
    }

    /// Whether this is the data level (sigma = 0), where a solve may end but no model is evaluated.
    public var isClean: Bool { sigma == 0 }

    /// abar_t = alpha_t^2, DDPM's cumulative product of (1 - beta).
    public var alphaBar: Double { alpha * alpha }

    /// sigma-tilde = sigma_t / alpha_t = exp(-lambda_t): the noise level of the scaled variable
    /// x / alpha, which k-diffusion and EDM call sigma (0 at the clean level).
    public var sigmaTilde: Double { Double.exp(-halfLogSNR) }

    /// A one-line summary of t, alpha, sigma and lambda, for messages.
    public var description: String {
        "t=\(time) alpha=\(alpha) sigma=\(sigma) lambda=\(halfLogSNR)"
    }
}
