import RealModule

/// The schedule of EDM (Karras, Aittala, Aila & Laine, "Elucidating the Design Space of
/// Diffusion-Based Generative Models", NeurIPS 2022): alpha = 1 and sigma_t = t, so time is
/// the noise level itself, lambda = -log t, and t = 0 is clean data. Sampling runs from
/// sigma_max (80) to sigma_min (0.002) by default; the EDM ODE dx/dt = (x - D(x, t))/t is this
/// schedule's probability-flow ODE in t.
public struct EDMSchedule: NoiseSchedule, Equatable {
    /// The smallest level sampled by default (0.002).
    public let sigmaMin: Double
    /// T = sigma_max (80).
    public let sigmaMax: Double

    /// The schedule on (0, `sigmaMax`], sampled down to `sigmaMin` by default.
    /// - Throws: ``DiffusionODEError`` unless 0 < sigmaMin < sigmaMax, both finite.
    public init(sigmaMin: Double = 0.002, sigmaMax: Double = 80) throws {
        try checkNoiseRange(sigmaMin: sigmaMin, sigmaMax: sigmaMax)
        self.sigmaMin = sigmaMin
        self.sigmaMax = sigmaMax
    }

    /// The schedule's name, `edm`.
    public var name: String { "edm" }
    /// T = sigma_max.
    public var maximumTime: Double { sigmaMax }
    /// sigma_min.
    public var defaultFinalTime: Double { sigmaMin }

    /// alpha = 1, sigma = t (the clean level at t = 0).
    public func level(at time: Double) -> NoiseLevel {
        time == 0 ? NoiseLevel.clean : NoiseLevel(time: time, logAlpha: 0, logSigma: Double.log(time))
    }

    /// log alpha = 0.
    public func logAlpha(at time: Double) -> Double { 0 }
    /// f = 0: no drift.
    public func logAlphaDerivative(at time: Double) -> Double { 0 }
    /// t = exp(-lambda).
    public func time(atHalfLogSNR halfLogSNR: Double) -> Double { Double.exp(-halfLogSNR) }
    /// d lambda/dt = -1/t.
    public func halfLogSNRDerivative(at level: NoiseLevel) -> Double { -1 / level.time }
    /// 0: alpha is constant.
    public func logAlphaDerivativeInHalfLogSNR(at level: NoiseLevel) -> Double { 0 }
}
