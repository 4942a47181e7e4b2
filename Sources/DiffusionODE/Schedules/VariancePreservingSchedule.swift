import RealModule

/// A variance-preserving schedule: alpha_t^2 + sigma_t^2 = 1, so log alpha_t determines the
/// level. A conforming type supplies log alpha_t, its time derivative and the inverse map
/// lambda -> t; alpha, sigma and lambda follow from log alpha in float64 with `expm1`
/// where 1 - alpha^2 is small (see ``NoiseLevel/init(time:logAlpha:)``).
public protocol VariancePreservingSchedule: NoiseSchedule {}

extension VariancePreservingSchedule {
    /// The level with sigma^2 = 1 - alpha^2.
    public func level(at time: Double) -> NoiseLevel {
        NoiseLevel(time: time, logAlpha: logAlpha(at: time))
    }

    /// d lambda/dt = f(t) / sigma_t^2.
    public func halfLogSNRDerivative(at level: NoiseLevel) -> Double {
        logAlphaDerivative(at: level.time) / (level.sigma * level.sigma)
    }

    /// d log alpha / d lambda = sigma^2, whatever the schedule.
    public func logAlphaDerivativeInHalfLogSNR(at level: NoiseLevel) -> Double {
        level.sigma * level.sigma
    }
}
