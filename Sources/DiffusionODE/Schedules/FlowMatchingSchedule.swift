import RealModule

/// The rectified-flow / flow-matching schedule (Liu et al., 2023; Lipman et al., 2023; the
/// schedule of Stable Diffusion 3): alpha_t = 1 - t, sigma_t = t, so
///
///     lambda_t = log((1 - t) / t),     t(lambda) = 1 / (1 + exp(lambda)),
///
/// and d log alpha / d lambda = t. Models trained on it predict the velocity
/// u = dx/dt = eps - x_0 (``PredictionTarget/flowVelocity``). At t = 1 no signal is left
/// (lambda = -infinity), so sampling starts at t = 0.999 by default; t = 0 is clean data.
public struct FlowMatchingSchedule: NoiseSchedule, Equatable {
    /// The schedule.
    public init() {}

    /// The schedule's name, `flow`.
    public var name: String { "flow" }
    /// T = 1, where alpha = 0.
    public var maximumTime: Double { 1 }
    /// 0.999 (sigma-tilde 999): the last time with signal left at the default grid's scale.
    public var defaultStartTime: Double { 0.999 }
    /// 1e-3.
    public var defaultFinalTime: Double { 1e-3 }

    /// alpha = 1 - t, sigma = t (the clean level at t = 0).
    public func level(at time: Double) -> NoiseLevel {
        time == 0 ? NoiseLevel.clean : NoiseLevel(time: time, logAlpha: Double.log(onePlus: -time), logSigma: Double.log(time))
    }

    /// log alpha = log(1 - t).
    public func logAlpha(at time: Double) -> Double { Double.log(onePlus: -time) }
    /// f = -1/(1 - t).
    public func logAlphaDerivative(at time: Double) -> Double { -1 / (1 - time) }
    /// t = 1/(1 + exp(lambda)), written without overflow for either sign of lambda.
    public func time(atHalfLogSNR halfLogSNR: Double) -> Double {
        if halfLogSNR > 0 {
            let decay = Double.exp(-halfLogSNR)
            return decay / (1 + decay)
        }
        return 1 / (1 + Double.exp(halfLogSNR))
    }
    /// d lambda/dt = -1/(t (1 - t)).
    public func halfLogSNRDerivative(at level: NoiseLevel) -> Double { -1 / (level.time * (1 - level.time)) }
    /// d log alpha / d lambda = t = sigma.
    public func logAlphaDerivativeInHalfLogSNR(at level: NoiseLevel) -> Double { level.sigma }
}
