import RealModule

/// The continuous cosine VP schedule of improved DDPM (Nichol & Dhariwal, 2021), with
/// u(t) = (t + s) / (1 + s) * pi / 2 and s = 0.008:
///
///     log alpha_t = log cos u(t) - log cos u(0),     T = 0.9946.
///
/// log alpha is evaluated as log1p((cos u - cos u0) / cos u0), with the difference of
/// cosines written as a product of sines and u - u0 = t/(1 + s) pi/2 formed without
/// subtracting, so it keeps full relative accuracy near t = 0. The closed-form inverse,
/// log alpha = -log(1 + exp(-2 lambda)) / 2 and
/// t = 2 (1 + s) / pi * arccos(exp(log alpha + log cos u0)) - s, takes the arccos as
/// 2 asin(sqrt(-expm1(.) / 2)) and log cos u0 as log1p(-2 sin^2(u0/2)): both arguments sit
/// next to 1, where the direct forms lose up to 12 digits.
public struct CosineVPSchedule: VariancePreservingSchedule, Equatable {
    /// The offset s (0.008).
    public let offset: Double

    /// The schedule with the improved-DDPM offset s = 0.008.
    public init() {
        self.offset = 0.008
    }

    /// The schedule's name, `cosine`.
    public var name: String { "cosine" }
    /// T = 0.9946, the end of the time range.
    public var maximumTime: Double { 0.9946 }
    /// The default end of sampling, 1e-3.
    public var defaultFinalTime: Double { 1e-3 }

    private var initialAngle: Double { offset / (1 + offset) * Double.pi / 2 }

    /// log cos u0, accurate although cos u0 is within 1e-4 of 1.
    private var logCosineInitialAngle: Double {
        let halfSine = Double.sin(initialAngle / 2)
        return Double.log(onePlus: -2 * halfSine * halfSine)
    }

    private func angle(at time: Double) -> Double {
        (time + offset) / (1 + offset) * Double.pi / 2
    }

    /// log alpha_t = log cos u(t) - log cos u(0), with full relative accuracy near t = 0.
    public func logAlpha(at time: Double) -> Double {
        let u0 = initialAngle
        let halfSum = (time + 2 * offset) / (1 + offset) * Double.pi / 4
        let halfDifference = time / (1 + offset) * Double.pi / 4
        let cosineDifference = -2 * Double.sin(halfSum) * Double.sin(halfDifference)
        return Double.log(onePlus: cosineDifference / Double.cos(u0))
    }

    /// d log alpha_t / dt = -tan(u(t)) pi / (2 (1 + s)).
    public func logAlphaDerivative(at time: Double) -> Double {
        -Double.tan(angle(at: time)) * Double.pi / (2 * (1 + offset))
    }

    /// The t with lambda_t = `halfLogSNR`, by the closed-form inverse.
    public func time(atHalfLogSNR halfLogSNR: Double) -> Double {
        let logAlpha = -0.5 * logOnePlusExp(-2 * halfLogSNR)
        let logCosine = logAlpha + logCosineInitialAngle
        let u = 2 * Double.asin((-Double.expMinusOne(logCosine) / 2).squareRoot())
        return u * 2 * (1 + offset) / Double.pi - offset
    }
}
