import RealModule

/// The continuous cosine VP schedule of improved DDPM (Nichol & Dhariwal, 2021), with
/// u(t) = (t + s) / (1 + s) * pi / 2 and s = 0.008:
///
///     log alpha_t = log cos u(t) - log cos u(0),     T = 0.9946.
///
/// log alpha is evaluated as log1p((cos u - cos u0) / cos u0) with the difference of
/// cosines written as a product of sines, so it keeps full relative accuracy near t = 0.
/// The closed-form inverse, log alpha = -log(1 + exp(-2 lambda)) / 2 and
/// t = 2 (1 + s) / pi * arccos(exp(log alpha + log cos u0)) - s, takes the arccos as
/// 2 asin(sqrt(-expm1(.) / 2)), which stays accurate where the argument is near 1.
public struct CosineVPSchedule: NoiseSchedule, Equatable {
    /// The offset s (0.008).
    public let offset: Double

    public init() {
        self.offset = 0.008
    }

    public var name: String { "cosine" }
    public var maximumTime: Double { 0.9946 }
    public var defaultFinalTime: Double { 1e-3 }

    private var initialAngle: Double { offset / (1 + offset) * Double.pi / 2 }

    private func angle(at time: Double) -> Double {
        (time + offset) / (1 + offset) * Double.pi / 2
    }

    public func logAlpha(at time: Double) -> Double {
        let u = angle(at: time)
        let u0 = initialAngle
        let cosineDifference = -2 * Double.sin((u + u0) / 2) * Double.sin((u - u0) / 2)
        return Double.log(onePlus: cosineDifference / Double.cos(u0))
    }

    public func logAlphaDerivative(at time: Double) -> Double {
        -Double.tan(angle(at: time)) * Double.pi / (2 * (1 + offset))
    }

    public func time(atHalfLogSNR halfLogSNR: Double) -> Double {
        let logAlpha = -0.5 * logOnePlusExp(-2 * halfLogSNR)
        let logCosine = logAlpha + Double.log(Double.cos(initialAngle))
        let u = 2 * Double.asin((-Double.expMinusOne(logCosine) / 2).squareRoot())
        return u * 2 * (1 + offset) / Double.pi - offset
    }
}
