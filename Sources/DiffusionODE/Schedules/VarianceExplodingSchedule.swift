import RealModule

/// The variance-exploding schedule of score SDE (Song et al., 2021; NCSN): alpha_t = 1 and
/// sigma_t = sigma_min (sigma_max / sigma_min)^t on [0, 1], so
///
///     lambda_t = -log sigma_min - t log(sigma_max / sigma_min),
///
/// linear in t: a time-uniform grid is a logsnr grid. Every time in [0, 1] is noisy (sigma_0 =
/// sigma_min > 0); a solve ends at clean data only on an explicit grid ending at 0 or with a
/// final denoising step.
public struct VarianceExplodingSchedule: NoiseSchedule, Equatable {
    /// sigma at t = 0 (default 0.01, score SDE's CIFAR-10 setting).
    public let sigmaMin: Double
    /// sigma at t = 1 (default 50).
    public let sigmaMax: Double

    /// The schedule from `sigmaMin` at t = 0 to `sigmaMax` at t = 1.
    /// - Throws: ``DiffusionODEError`` unless 0 < sigmaMin < sigmaMax, both finite.
    public init(sigmaMin: Double = 0.01, sigmaMax: Double = 50) throws {
        try checkNoiseRange(sigmaMin: sigmaMin, sigmaMax: sigmaMax)
        self.sigmaMin = sigmaMin
        self.sigmaMax = sigmaMax
    }

    /// The schedule's name, `ve`.
    public var name: String { "ve" }
    /// T = 1.
    public var maximumTime: Double { 1 }
    /// t = 0, where sigma = sigma_min.
    public var defaultFinalTime: Double { 0 }

    private var logRatio: Double { Double.log(sigmaMax / sigmaMin) }

    /// alpha = 1, sigma_t = sigma_min (sigma_max/sigma_min)^t.
    public func level(at time: Double) -> NoiseLevel {
        NoiseLevel(time: time, logAlpha: 0, logSigma: Double.log(sigmaMin) + time * logRatio)
    }

    /// log alpha = 0.
    public func logAlpha(at time: Double) -> Double { 0 }
    /// f = 0: no drift.
    public func logAlphaDerivative(at time: Double) -> Double { 0 }
    /// t = (-lambda - log sigma_min) / log(sigma_max / sigma_min).
    public func time(atHalfLogSNR halfLogSNR: Double) -> Double {
        (-halfLogSNR - Double.log(sigmaMin)) / logRatio
    }
    /// d lambda/dt = -log(sigma_max / sigma_min).
    public func halfLogSNRDerivative(at level: NoiseLevel) -> Double { -logRatio }
    /// 0: alpha is constant.
    public func logAlphaDerivativeInHalfLogSNR(at level: NoiseLevel) -> Double { 0 }
}
