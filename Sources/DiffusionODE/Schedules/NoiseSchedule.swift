import RealModule

/// A noise schedule: the forward process x_t = alpha_t x_0 + sigma_t eps, with
/// lambda_t = log alpha_t - log sigma_t strictly decreasing in t.
///
/// Variance-preserving schedules (alpha^2 + sigma^2 = 1) conform through
/// ``VariancePreservingSchedule``, which derives every level from log alpha; the others
/// (``VarianceExplodingSchedule``, ``EDMSchedule``, ``FlowMatchingSchedule``) give their levels
/// directly. Every solver works on any schedule: the exponential integrators need only alpha,
/// sigma and lambda, the black-box integrators the derivatives below.
public protocol NoiseSchedule: Sendable {
    /// A short name, e.g. `linear`, `discrete-cosine`, `edm`.
    var name: String { get }
    /// T, the end of the time range.
    var maximumTime: Double { get }
    /// Where sampling starts by default (T, unless alpha_T = 0 as for flow matching).
    var defaultStartTime: Double { get }
    /// The default end of sampling: 1e-3 for continuous VP schedules, 1/N for discrete ones.
    var defaultFinalTime: Double { get }
    /// Every noise quantity at `time`.
    func level(at time: Double) -> NoiseLevel
    /// log alpha_t.
    func logAlpha(at time: Double) -> Double
    /// d log alpha_t / dt, the drift coefficient f(t) of the forward SDE.
    func logAlphaDerivative(at time: Double) -> Double
    /// The inverse of lambda: the t with lambda_t = `halfLogSNR`.
    func time(atHalfLogSNR halfLogSNR: Double) -> Double
    /// d lambda_t / dt (negative).
    func halfLogSNRDerivative(at level: NoiseLevel) -> Double
    /// d log alpha / d lambda at `level`, the linear coefficient of the ODE in lambda.
    func logAlphaDerivativeInHalfLogSNR(at level: NoiseLevel) -> Double
}

extension NoiseSchedule {
    /// By default sampling starts at T.
    public var defaultStartTime: Double { maximumTime }

    /// lambda_t.
    public func halfLogSNR(at time: Double) -> Double {
        level(at: time).halfLogSNR
    }

    /// The level at half log-SNR `halfLogSNR`, through t(lambda).
    public func level(atHalfLogSNR halfLogSNR: Double) -> NoiseLevel {
        level(at: time(atHalfLogSNR: halfLogSNR))
    }

    /// The level whose sigma-tilde = sigma/alpha is `sigmaTilde` (lambda = -log sigma-tilde);
    /// sigma-tilde = 0 is ``NoiseLevel/clean``.
    public func level(atSigmaTilde sigmaTilde: Double) -> NoiseLevel {
        sigmaTilde == 0 ? .clean : level(atHalfLogSNR: -Double.log(sigmaTilde))
    }

    /// Checks that `time` lies in the schedule's range [0, T] and that there is noise there
    /// (0 < sigma, 0 < alpha, lambda finite): a VP schedule has none left at t = 0, a
    /// discrete one extrapolated below its first knot loses it before t = 0, and flow
    /// matching has no signal at t = 1.
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` naming `field`.
    public func validate(time: Double, field: String) throws {
        guard time.isFinite, time >= 0, time <= maximumTime * (1 + 1e-12) else {
            throw DiffusionODEError.invalidArgument(field, "must be in (0, \(maximumTime)] for the \(name) schedule, got \(time)")
        }
        let level = level(at: time)
        guard level.sigma > 0, level.sigma.isFinite else {
            throw DiffusionODEError.invalidArgument(field, "\(time) is too small for the \(name) schedule: log alpha there is \(level.logAlpha), so there is no noise left; use a time >= \(defaultFinalTime)")
        }
        guard level.alpha > 0, level.halfLogSNR.isFinite else {
            throw DiffusionODEError.invalidArgument(field, "\(time) is too large for the \(name) schedule: alpha there is \(level.alpha), so no signal is left; use a time <= \(defaultStartTime)")
        }
        guard abs(level.halfLogSNR) <= Self.largestHalfLogSNRMagnitude else {
            let side = level.halfLogSNR > 0 ? "sigma" : "alpha"
            throw DiffusionODEError.invalidArgument(
                field, "at \(time) the \(name) schedule has lambda = \(level.halfLogSNR) (\(side) = e^-\(Int(abs(level.halfLogSNR).rounded()))); float64 solves need |lambda| <= \(Int(Self.largestHalfLogSNRMagnitude)), so \(side)^2 stays a normal number"
            )
        }
    }

    /// The largest |lambda| a solve may meet: alpha and sigma at least e^-300, so their
    /// squares and ratios (about e^600 at most) stay normal float64 numbers. Beyond it the
    /// data prediction (x - sigma eps) / alpha divides by a subnormal alpha and the run ends
    /// in NaN long after the cause.
    public static var largestHalfLogSNRMagnitude: Double { 300 }

    /// Checks one entry of an explicit sigma-tilde grid: 0 (the clean level) only as the last
    /// entry, otherwise finite, > 0 and at a time the schedule covers (``validate(time:field:)``).
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` naming `field`.
    public func validate(sigmaTilde: Double, isLast: Bool, field: String) throws {
        if sigmaTilde == 0 && isLast { return }
        guard sigmaTilde.isFinite, sigmaTilde > 0 else {
            throw DiffusionODEError.invalidArgument(field, "must be a finite sigma-tilde > 0 (only the last entry may be 0, the clean level), got \(sigmaTilde)")
        }
        let time = time(atHalfLogSNR: -Double.log(sigmaTilde))
        let largest = level(at: maximumTime).sigmaTilde
        guard time.isFinite, time >= 0, time <= maximumTime * (1 + 1e-12) else {
            throw DiffusionODEError.invalidArgument(field, "sigma-tilde \(sigmaTilde) lies outside the \(name) schedule, whose levels reach sigma-tilde \(largest) at T = \(maximumTime)")
        }
        try validate(time: time, field: field)
    }
}

/// log(1 + exp(x)) without overflow or loss of accuracy.
@inlinable
func logOnePlusExp(_ x: Double) -> Double {
    x > 0 ? x + Double.log(onePlus: Double.exp(-x)) : Double.log(onePlus: Double.exp(x))
}

/// The check of the VE and EDM schedules' range: 0 < sigmaMin < sigmaMax, both finite.
func checkNoiseRange(sigmaMin: Double, sigmaMax: Double) throws {
        guard sigmaMin.isFinite, sigmaMin > 0 else {
            throw DiffusionODEError.invalidArgument("sigma-min", "must be a finite number > 0, got \(sigmaMin)")
        }
        guard sigmaMax.isFinite, sigmaMax > sigmaMin else {
            throw DiffusionODEError.invalidArgument("sigma-max", "must be finite and greater than sigma-min (\(sigmaMin)), got \(sigmaMax)")
        }
}
