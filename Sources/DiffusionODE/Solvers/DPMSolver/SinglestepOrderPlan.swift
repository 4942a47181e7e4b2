/// DPM-Solver-fast's plan for spending an NFE budget with singlestep updates of mixed
/// order, exactly as the DPM-Solver reference's `get_orders_and_timesteps_for_singlestep_solver`:
///
/// - order 3: K = n/3 + 1 outer steps with orders [3, ..., 3, 2, 1] (n mod 3 = 0),
///   [3, ..., 3, 1] (n mod 3 = 1) or [3, ..., 3, 2] (n mod 3 = 2);
/// - order 2: [2, ..., 2] (n even) or [2, ..., 2, 1] (n odd);
/// - order 1: n steps of order 1.
///
/// With logsnr spacing the outer grid is K uniform steps in lambda; with the time
/// spacings it is the n-step grid subsampled at the cumulative orders.
public struct SinglestepOrderPlan: Sendable, Equatable {
    /// The order of each outer step; they sum to the budget.
    public let orders: [Int]

    /// The plan that spends `budget` evaluations with orders up to `maximumOrder`.
    /// - Throws: ``DiffusionODEError`` unless budget >= 1 and maximumOrder is 1, 2 or 3.
    public init(budget: Int, maximumOrder: Int) throws {
        try FixedStepGrid.check(budget: budget)
        switch maximumOrder {
        case 3:
            let outer = budget / 3 + 1
            switch budget % 3 {
            case 0: orders = Array(repeating: 3, count: outer - 2) + [2, 1]
            case 1: orders = Array(repeating: 3, count: outer - 1) + [1]
            default: orders = Array(repeating: 3, count: outer - 1) + [2]
            }
        case 2:
            orders = Array(repeating: 2, count: budget / 2) + (budget % 2 == 1 ? [1] : [])
        case 1:
            orders = Array(repeating: 1, count: budget)
        default:
            throw DiffusionODEError.invalidArgument("order", "must be 1, 2 or 3, got \(maximumOrder)")
        }
    }

    /// The number of outer steps K.
    public var stepCount: Int { orders.count }

    /// The K + 1 outer levels from `start` to `end`.
    public func outerLevels(_ spacing: TimeSpacing, schedule: any NoiseSchedule, from start: Double, to end: Double) -> [NoiseLevel] {
        if spacing == .logSNR {
            return TimeGrid.levels(spacing, schedule: schedule, from: start, to: end, steps: orders.count)
        }
        let fine = TimeGrid.levels(spacing, schedule: schedule, from: start, to: end, steps: orders.reduce(0, +))
        var indices = [0]
        for order in orders { indices.append(indices[indices.count - 1] + order) }
        return indices.map { fine[$0] }
    }
}
