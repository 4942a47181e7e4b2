import RealModule

/// A discrete-time DDPM schedule in the continuous-time view of the DPM-Solver reference
/// implementation (Lu et al., 2022).
///
/// From betas, log alpha_n = 0.5 * cumsum(log(1 - beta))_n; from alphas-cumprod (abar),
/// log alpha_n = 0.5 log abar_n. Entries whose lambda falls below ``clippedHalfLogSNR``
/// (-5.1 by default) are dropped from the end, which shortens schedules such as the cosine
/// one whose last entries carry almost no signal. With N' entries left, knot n sits at
/// t_n = (n + 1) / N', and log alpha(t) is piecewise linear through the knots, extrapolated
/// linearly from the two outermost knots; t(lambda) inverts it by the same piecewise-linear
/// interpolation in log alpha = -log(1 + exp(-2 lambda)) / 2.
public struct DiscreteVPSchedule: VariancePreservingSchedule, Equatable {
    /// The schedule's name: `discrete` unless given (`discrete-linear`, `discrete-cosine` for the presets).
    public let name: String
    /// log alpha_n for every entry of the input, before clipping (DDIM's index grid uses these).
    public let unclippedLogAlphas: [Double]
    /// log alpha_n at the knots kept after clipping.
    public let knotLogAlphas: [Double]
    /// The knot times t_n = (n + 1) / N'.
    public let knotTimes: [Double]
    /// The lambda below which trailing entries were dropped, or nil for no clipping.
    public let clippedHalfLogSNR: Double?

    /// A schedule from DDPM betas.
    /// - Throws: ``DiffusionODEError`` unless every beta is in (0, 1) and at least two knots remain.
    public init(betas: [Double], name: String = "discrete", clippedHalfLogSNR: Double? = -5.1) throws {
        guard !betas.isEmpty else {
            throw DiffusionODEError.invalidInput("betas", "is empty; give at least two values in (0, 1)")
        }
        var cumulative = 0.0
        var logAlphas: [Double] = []
        logAlphas.reserveCapacity(betas.count)
        for (index, beta) in betas.enumerated() {
            guard beta.isFinite, beta > 0, beta < 1 else {
                throw DiffusionODEError.invalidInput("betas[\(index)]", "must be in (0, 1), got \(beta)")
            }
            cumulative += Double.log(onePlus: -beta)
            if let previous = logAlphas.last, !(0.5 * cumulative < previous) {
                throw DiffusionODEError.invalidInput("betas[\(index)]", "\(beta) is too small to change alphas-cumprod in double precision; every beta must lower it")
            }
            logAlphas.append(0.5 * cumulative)
        }
        try self.init(logAlphas: logAlphas, name: name, clippedHalfLogSNR: clippedHalfLogSNR)
    }

    /// A schedule from DDPM's alphas-cumprod abar_n (strictly decreasing, in (0, 1)).
    /// - Throws: ``DiffusionODEError`` unless abar is strictly decreasing in (0, 1).
    public init(alphasCumprod: [Double], name: String = "discrete", clippedHalfLogSNR: Double? = -5.1) throws {
        var logAlphas: [Double] = []
        for (index, alphaBar) in alphasCumprod.enumerated() {
            guard alphaBar.isFinite, alphaBar > 0, alphaBar < 1 else {
                throw DiffusionODEError.invalidInput("alphas-cumprod[\(index)]", "must be in (0, 1), got \(alphaBar)")
            }
            if index > 0, alphaBar >= alphasCumprod[index - 1] {
                throw DiffusionODEError.invalidInput("alphas-cumprod[\(index)]", "must be smaller than the entry before it (\(alphasCumprod[index - 1])), got \(alphaBar)")
            }
            logAlphas.append(0.5 * Double.log(alphaBar))
        }
        try self.init(logAlphas: logAlphas, name: name, clippedHalfLogSNR: clippedHalfLogSNR)
    }

    private init(logAlphas: [Double], name: String, clippedHalfLogSNR: Double?) throws {
        var kept = logAlphas
        if let clip = clippedHalfLogSNR {
            while let last = kept.last, NoiseLevel(time: 1, logAlpha: last).halfLogSNR < clip {
                kept.removeLast()
            }
        }
        guard kept.count >= 2 else {
            throw DiffusionODEError.invalidInput("betas", "leave \(kept.count) entries with lambda >= \(clippedHalfLogSNR ?? -.infinity); at least 2 are needed")
        }
        self.name = name
        self.unclippedLogAlphas = logAlphas
        self.knotLogAlphas = kept
        let count = Double(kept.count)
        self.knotTimes = (0..<kept.count).map { Double($0 + 1) / count }
        self.clippedHalfLogSNR = clippedHalfLogSNR
    }

    /// DDPM's linear betas, linspace(1e-4, 0.02, count) (Ho et al., 2020); `discrete-linear`.
    public static func ddpmLinear(count: Int = 1000, betaStart: Double = 1e-4, betaEnd: Double = 0.02) throws -> DiscreteVPSchedule {
        guard count >= 2 else {
            throw DiffusionODEError.invalidArgument("count", "must be at least 2, got \(count)")
        }
        return try DiscreteVPSchedule(betas: linearlySpaced(from: betaStart, to: betaEnd, count: count), name: "discrete-linear")
    }

    /// Improved DDPM's cosine betas (Nichol & Dhariwal, 2021); `discrete-cosine`:
    /// beta_i = min(1 - abar((i + 1)/N) / abar(i/N), 0.999), abar(u) = cos^2((u + s)/(1 + s) pi/2), s = 0.008.
    public static func improvedDDPMCosine(count: Int = 1000, offset: Double = 0.008, maximumBeta: Double = 0.999) throws -> DiscreteVPSchedule {
        guard count >= 2 else {
            throw DiffusionODEError.invalidArgument("count", "must be at least 2, got \(count)")
        }
        func alphaBar(_ u: Double) -> Double {
            let c = Double.cos((u + offset) / (1 + offset) * Double.pi / 2)
            return c * c
        }
        let betas = (0..<count).map { index in
            let t1 = Double(index) / Double(count)
            let t2 = Double(index + 1) / Double(count)
            return min(1 - alphaBar(t2) / alphaBar(t1), maximumBeta)
        }
        return try DiscreteVPSchedule(betas: betas, name: "discrete-cosine")
    }

    /// The number of knots N' kept after clipping.
    public var knotCount: Int { knotLogAlphas.count }

    /// T = 1, the time of the last kept knot.
    public var maximumTime: Double { 1 }
    /// 1/N', the time of the first knot.
    public var defaultFinalTime: Double { 1 / Double(knotCount) }

    /// The level at `time`; t = 0 is the clean level (abar = 1, DDIM's final step), which the
    /// linear extrapolation below the first knot would otherwise put at log alpha > 0.
    public func level(at time: Double) -> NoiseLevel {
        time == 0 ? .clean : NoiseLevel(time: time, logAlpha: logAlpha(at: time))
    }

    /// log alpha_t, piecewise linear through the knots (extrapolated linearly outside them).
    public func logAlpha(at time: Double) -> Double {
        PiecewiseLinear.evaluate(time, knots: knotTimes, values: knotLogAlphas)
    }

    /// d log alpha_t / dt: the slope of the knot segment that `logAlpha(at:)` uses at `time`.
    public func logAlphaDerivative(at time: Double) -> Double {
        PiecewiseLinear.slope(time, knots: knotTimes, values: knotLogAlphas)
    }

    /// The t with lambda_t = `halfLogSNR`, by piecewise-linear interpolation in log alpha.
    public func time(atHalfLogSNR halfLogSNR: Double) -> Double {
        let logAlpha = -0.5 * logOnePlusExp(-2 * halfLogSNR)
        return PiecewiseLinear.evaluateDescending(logAlpha, knots: knotLogAlphas, values: knotTimes)
    }
}

/// `count` values from `start` to `end` inclusive, as NumPy's linspace computes them.
func linearlySpaced(from start: Double, to end: Double, count: Int) -> [Double] {
    guard count > 1 else { return count == 1 ? [start] : [] }
    let step = (end - start) / Double(count - 1)
    var values = (0..<count).map { start + Double($0) * step }
    values[count - 1] = end
    return values
}
