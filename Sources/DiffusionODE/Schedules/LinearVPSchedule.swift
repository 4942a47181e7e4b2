import RealModule

/// The continuous linear VP schedule of score SDE (Song et al., 2021):
/// beta(t) = beta_0 + t (beta_1 - beta_0) on [0, 1], so
///
///     log alpha_t = -(beta_1 - beta_0) t^2 / 4 - beta_0 t / 2.
///
/// The inverse is closed-form: with L = log(1 + exp(-2 lambda)) (evaluated as a stable
/// log-add-exp),
///
///     t(lambda) = 2 (beta_1 - beta_0) L / (sqrt(beta_0^2 + 2 (beta_1 - beta_0) L) + beta_0) / (beta_1 - beta_0),
///
/// the root of the quadratic written to avoid cancellation.
public struct LinearVPSchedule: VariancePreservingSchedule, Equatable {
    /// beta_0, the noise rate at t = 0 (default 0.1).
    public let betaMin: Double
    /// beta_1, the noise rate at t = 1 (default 20).
    public let betaMax: Double

    /// The schedule with noise rates beta_0 = `betaMin` and beta_1 = `betaMax`.
    /// - Throws: ``DiffusionODEError`` unless 0 <= betaMin < betaMax, both finite.
    public init(betaMin: Double = 0.1, betaMax: Double = 20) throws {
        guard betaMin.isFinite, betaMin >= 0 else {
            throw DiffusionODEError.invalidArgument("beta-min", "must be a finite number >= 0, got \(betaMin)")
        }
        guard betaMax.isFinite, betaMax > betaMin else {
            throw DiffusionODEError.invalidArgument("beta-max", "must be finite and greater than beta-min (\(betaMin)), got \(betaMax)")
        }
        self.betaMin = betaMin
        self.betaMax = betaMax
    }

    /// The schedule's name, `linear`.
    public var name: String { "linear" }
    /// T = 1, the end of the time range.
    public var maximumTime: Double { 1 }
    /// The default end of sampling, 1e-3.
    public var defaultFinalTime: Double { 1e-3 }

    /// log alpha_t = -(beta_1 - beta_0) t^2 / 4 - beta_0 t / 2.
    public func logAlpha(at time: Double) -> Double {
        -0.25 * time * time * (betaMax - betaMin) - 0.5 * time * betaMin
    }

    /// d log alpha_t / dt = -(beta_1 - beta_0) t / 2 - beta_0 / 2.
    public func logAlphaDerivative(at time: Double) -> Double {
        -0.5 * time * (betaMax - betaMin) - 0.5 * betaMin
    }

    /// The t with lambda_t = `halfLogSNR`, by the closed-form root written to avoid cancellation.
    public func time(atHalfLogSNR halfLogSNR: Double) -> Double {
        let spread = betaMax - betaMin
        let scaled = 2 * spread * logOnePlusExp(-2 * halfLogSNR)
        let discriminant = betaMin * betaMin + scaled
        return scaled / (discriminant.squareRoot() + betaMin) / spread
    }
}
