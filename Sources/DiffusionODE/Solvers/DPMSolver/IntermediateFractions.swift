/// Where a singlestep update of order k places its k - 1 intermediate points, as fractions
/// of the step in lambda: lambda_i = lambda_s + r_i h. Held inline (no array), so planning a
/// solve allocates nothing per step.
public struct IntermediateFractions: Sendable, Equatable {
    /// r1 (orders 2 and 3), or 0.
    public var first: Double
    /// r2 (order 3), or 0.
    public var second: Double

    /// The fractions r1 = `first` and r2 = `second` (0 where the order has no such point).
    public init(first: Double = 0, second: Double = 0) {
        self.first = first
        self.second = second
    }

    /// No intermediate point (order 1).
    public static let none = IntermediateFractions()
}

extension IntermediateFractions {
    /// The fractions r_1, ..., r_(k-1) of a step from `start` to `end` at which a singlestep
    /// update of order k places its intermediate points, by the same spacing rule as the
    /// outer grid (as the DPM-Solver reference does): the grid of k sub-steps between the two
    /// times, its lambdas, r_i = (lambda_i - lambda_0) / (lambda_k - lambda_0). With logsnr
    /// spacing that is exactly i/k; with the time spacings it is not.
    public init(
        _ spacing: TimeSpacing,
        schedule: any NoiseSchedule,
        from start: NoiseLevel,
        to end: NoiseLevel,
        order: Int
    ) {
        guard order >= 2 else {
            self = .none
            return
        }
        if spacing == .logSNR {
            self.init(first: 1 / Double(order), second: order >= 3 ? 2 / Double(order) : 0)
            return
        }
        let width = end.halfLogSNR - start.halfLogSNR
        func fraction(_ index: Int) -> Double {
            let halfLogSNR: Double
            switch spacing {
            case .timeQuadratic:
                let root = start.time.squareRoot() + Double(index) * (end.time.squareRoot() - start.time.squareRoot()) / Double(order)
                halfLogSNR = schedule.halfLogSNR(at: root * root)
            case .timeUniform:
                halfLogSNR = schedule.halfLogSNR(at: start.time + Double(index) * (end.time - start.time) / Double(order))
            default:
                halfLogSNR = TimeGrid.levels(spacing, schedule: schedule, from: start.time, to: end.time, steps: order)[index].halfLogSNR
            }
            return (halfLogSNR - start.halfLogSNR) / width
        }
        self.init(first: fraction(1), second: order >= 3 ? fraction(2) : 0)
    }
}
