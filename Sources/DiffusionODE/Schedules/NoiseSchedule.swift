import RealModule

/// A variance-preserving noise schedule: alpha_t^2 + sigma_t^2 = 1 and
/// lambda_t = log alpha_t - log sigma_t strictly decreasing on (0, T].
///
/// A conforming type supplies log alpha_t, its time derivative and the inverse map
/// lambda -> t; alpha, sigma and lambda follow from log alpha in float64 with `expm1`
/// where 1 - alpha^2 is small (see ``NoiseLevel``).
public protocol NoiseSchedule: Sendable {
    /// A short name, e.g. `linear`, `discrete-cosine`.
    var name: String { get }
    /// T, the end of the time range; sampling starts here by default.
    var maximumTime: Double { get }
    /// The default end of sampling: 1e-3 for continuous schedules, 1/N for discrete ones.
    var defaultFinalTime: Double { get }
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
    /// For a variance-preserving schedule, d lambda/dt = f(t) / sigma_t^2.
    public func halfLogSNRDerivative(at level: NoiseLevel) -> Double {
        logAlphaDerivative(at: level.time) / (level.sigma * level.sigma)
    }

    /// For a variance-preserving schedule, d log alpha / d lambda = sigma^2, whatever the schedule.
    public func logAlphaDerivativeInHalfLogSNR(at level: NoiseLevel) -> Double {
        level.sigma * level.sigma
    }

    /// alpha_t = exp(log alpha_t).
    public func alpha(at time: Double) -> Double {
        Double.exp(logAlpha(at: time))
    }

    /// sigma_t = sqrt(-expm1(2 log alpha_t)).
    public func sigma(at time: Double) -> Double {
        (-Double.expMinusOne(2 * logAlpha(at: time))).squareRoot()
    }

    /// lambda_t = log alpha_t - 0.5 log(-expm1(2 log alpha_t)).
    public func halfLogSNR(at time: Double) -> Double {
        level(at: time).halfLogSNR
    }

    /// Every noise quantity at `time`.
    public func level(at time: Double) -> NoiseLevel {
        NoiseLevel(time: time, logAlpha: logAlpha(at: time))
    }

    /// The level at half log-SNR `halfLogSNR`, through t(lambda).
    public func level(atHalfLogSNR halfLogSNR: Double) -> NoiseLevel {
        level(at: time(atHalfLogSNR: halfLogSNR))
    }

    /// Checks that `time` lies in (0, T] and that the schedule has noise there (log alpha < 0;
    /// a discrete schedule extrapolated below its first knot reaches log alpha = 0 before t = 0).
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` naming `field`.
    public func validate(time: Double, field: String) throws {
        guard time.isFinite, time > 0, time <= maximumTime * (1 + 1e-12) else {
            throw DiffusionODEError.invalidArgument(field, "must be in (0, \(maximumTime)] for the \(name) schedule, got \(time)")
        }
        let logAlpha = logAlpha(at: time)
        guard logAlpha < 0, logAlpha.isFinite else {
            throw DiffusionODEError.invalidArgument(field, "\(time) is too small for the \(name) schedule: log alpha there is \(logAlpha), so there is no noise left; use a time >= \(defaultFinalTime)")
        }
    }
}

/// log(1 + exp(x)) without overflow or loss of accuracy.
@inlinable
func logOnePlusExp(_ x: Double) -> Double {
    x > 0 ? x + Double.log(onePlus: Double.exp(-x)) : Double.log(onePlus: Double.exp(x))
}
