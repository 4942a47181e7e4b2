/// Fixed-step grids between a start and an end time.
public enum TimeGrid {
    /// `steps + 1` times from `start` to `end` (both included, exactly), spaced by `spacing`:
    ///
    /// - time-uniform: t_i = start + i (end - start) / steps;
    /// - time-quadratic: sqrt(t) uniform, t_i = (sqrt(start) + i (sqrt(end) - sqrt(start)) / steps)^2;
    /// - logsnr: lambda uniform between lambda(start) and lambda(end), t_i = t(lambda_i).
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
        }
        times[0] = start
        times[steps] = end
        return times
    }

    /// The noise levels of ``times(_:schedule:from:to:steps:)``.
    public static func levels(
        _ spacing: TimeSpacing,
        schedule: any NoiseSchedule,
        from start: Double,
        to end: Double,
        steps: Int
    ) -> [NoiseLevel] {
        times(spacing, schedule: schedule, from: start, to: end, steps: steps).map(schedule.level(at:))
    }
}
