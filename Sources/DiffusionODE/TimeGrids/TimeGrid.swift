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

    /// The fractions r_1, ..., r_(k-1) of a step from `start` to `end` at which a singlestep
    /// update of order k places its intermediate points, by the same spacing rule as the
    /// outer grid (as the DPM-Solver reference does): the grid of k sub-steps between the two
    /// times, its lambdas, r_i = (lambda_i - lambda_0) / (lambda_k - lambda_0). With logsnr
    /// spacing that is exactly i/k; with the time spacings it is not.
    public static func intermediateFractions(
        _ spacing: TimeSpacing,
        schedule: any NoiseSchedule,
        from start: NoiseLevel,
        to end: NoiseLevel,
        order: Int
    ) -> IntermediateFractions {
        guard order >= 2 else { return .none }
        if spacing == .logSNR {
            return IntermediateFractions(first: 1 / Double(order), second: order >= 3 ? 2 / Double(order) : 0)
        }
        let width = end.halfLogSNR - start.halfLogSNR
        func fraction(_ index: Int) -> Double {
            let time: Double
            switch spacing {
            case .timeQuadratic:
                let root = start.time.squareRoot() + Double(index) * (end.time.squareRoot() - start.time.squareRoot()) / Double(order)
                time = root * root
            default:
                time = start.time + Double(index) * (end.time - start.time) / Double(order)
            }
            return (schedule.halfLogSNR(at: time) - start.halfLogSNR) / width
        }
        return IntermediateFractions(first: fraction(1), second: order >= 3 ? fraction(2) : 0)
    }
}
