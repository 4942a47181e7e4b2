import RealModule

/// Fixed-step grids between a start and an end time.
public enum TimeGrid {
    /// `steps + 1` noise levels from `start` to `end` (both included, exactly), spaced by `spacing`:
    ///
    /// - time-uniform: t_i = start + i (end - start) / steps;
    /// - time-quadratic: sqrt(t) uniform, t_i = (sqrt(start) + i (sqrt(end) - sqrt(start)) / steps)^2;
    /// - logsnr: lambda uniform between lambda(start) and lambda(end), t_i = t(lambda_i);
    /// - karras(rho): s_i = (s_max^(1/rho) + i/steps (s_min^(1/rho) - s_max^(1/rho)))^rho in
    ///   sigma-tilde, s_max and s_min the sigma-tilde of `start` and `end`; `edm` is rho = 7;
    /// - exponential: log s uniform; polyexponential(rho): log s = log s_min + (1 - i/steps)^rho
    ///   (log s_max - log s_min).
    public static func levels(
        _ spacing: TimeSpacing,
        schedule: any NoiseSchedule,
        from start: Double,
        to end: Double,
        steps: Int
    ) -> [NoiseLevel] {
        let first = schedule.level(at: start)
        guard steps >= 1 else { return [first] }
        let last = schedule.level(at: end)
        var levels: [NoiseLevel]
        switch spacing {
        case .timeUniform, .timeQuadratic, .logSNR:
            levels = times(spacing, schedule: schedule, from: start, to: end, steps: steps).map(schedule.level(at:))
        case .karras, .exponential, .polyexponential, .edm:
            levels = sigmaTildes(spacing, from: first.sigmaTilde, to: last.sigmaTilde, steps: steps).map(schedule.level(atSigmaTilde:))
        }
        levels[0] = first
        levels[steps] = last
        return levels
    }

    /// The times of ``levels(_:schedule:from:to:steps:)``.
    public static func times(
        _ spacing: TimeSpacing,
        schedule: any NoiseSchedule,
        from start: Double,
        to end: Double,
        steps: Int
    ) -> [Double] {
        guard steps >= 1 else { return [start] }
        var times: [Double]
        switch spacing {
        case .timeUniform:
            times = linearlySpaced(from: start, to: end, count: steps + 1)
        case .timeQuadratic:
            times = linearlySpaced(from: start.squareRoot(), to: end.squareRoot(), count: steps + 1).map { $0 * $0 }
        case .logSNR:
            let lambdas = linearlySpaced(from: schedule.halfLogSNR(at: start), to: schedule.halfLogSNR(at: end), count: steps + 1)
            times = lambdas.map(schedule.time(atHalfLogSNR:))
        case .karras, .exponential, .polyexponential, .edm:
            times = levels(spacing, schedule: schedule, from: start, to: end, steps: steps).map(\.time)
        }
        times[0] = start
        times[steps] = end
        return times
    }

    /// The `steps + 1` sigma-tilde values of a sigma-space spacing from `largest` down to `smallest`.
    static func sigmaTildes(_ spacing: TimeSpacing, from largest: Double, to smallest: Double, steps: Int) -> [Double] {
        let ramp = linearlySpaced(from: 0, to: 1, count: steps + 1)
        switch spacing {
        case .karras(let rho):
            return karras(ramp, from: largest, to: smallest, rho: rho)
        case .edm:
            return karras(ramp, from: largest, to: smallest, rho: 7)
        case .polyexponential(let rho):
            let span = Double.log(largest) - Double.log(smallest)
            return ramp.map { Double.exp(Double.pow(1 - $0, rho) * span + Double.log(smallest)) }
        default:
            return linearlySpaced(from: Double.log(largest), to: Double.log(smallest), count: steps + 1).map { Double.exp($0) }
        }
    }

    private static func karras(_ ramp: [Double], from largest: Double, to smallest: Double, rho: Double) -> [Double] {
        let top = Double.pow(largest, 1 / rho)
        let bottom = Double.pow(smallest, 1 / rho)
        return ramp.map { Double.pow(top + $0 * (bottom - top), rho) }
    }
}

extension TimeGrid {
    /// `count` sigma-tilde levels interpolated log-linearly from a shorter decreasing list, as
    /// the Align-Your-Steps constants are stretched to other step counts (ComfyUI's
    /// `loglinear_interp`): log sigma-tilde, as a function of a parameter uniform on [0, 1]
    /// over the given levels, interpolated piecewise linearly at `count` uniform points. The
    /// ends are kept exactly; the levels must be > 0.
    public static func logLinearInterpolation(_ sigmas: [Double], count: Int) -> [Double] {
        guard sigmas.count >= 2, count >= 2 else { return sigmas }
        let logs = sigmas.map { Double.log($0) }
        let knots = linearlySpaced(from: 0, to: 1, count: sigmas.count)
        var result = linearlySpaced(from: 0, to: 1, count: count).map { point in
            Double.exp(PiecewiseLinear.evaluate(point, knots: knots, values: logs))
        }
        result[0] = sigmas[0]
        result[count - 1] = sigmas[sigmas.count - 1]
        return result
    }
}
