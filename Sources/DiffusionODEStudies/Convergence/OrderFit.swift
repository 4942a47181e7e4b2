import Foundation

/// The empirical order of convergence: the least-squares slope p of
/// log(error) = c - p log(NFE) over a set of runs.
public struct OrderFit: Sendable, Equatable {
    /// The fitted order p (minus the slope of log error over log NFE).
    public let order: Double
    /// The intercept c of the fitted line.
    public let intercept: Double
    /// The NFE of the points the fit used.
    public let evaluations: [Int]
    /// The errors of those points.
    public let errors: [Double]

    /// Fits a line through (log NFE, log error).
    /// - Returns: nil when fewer than two points have distinct NFE and positive finite errors.
    public init?(evaluations: [Int], errors: [Double]) {
        let points = zip(evaluations, errors).filter { $0.0 > 0 && $0.1 > 0 && $0.1.isFinite }
        guard Set(points.map(\.0)).count >= 2 else { return nil }
        let xs = points.map { Foundation.log(Double($0.0)) }
        let ys = points.map { Foundation.log($0.1) }
        let count = Double(points.count)
        let meanX = xs.reduce(0, +) / count
        let meanY = ys.reduce(0, +) / count
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - meanX) * (y - meanY)
            sxx += (x - meanX) * (x - meanX)
        }
        let slope = sxy / sxx
        self.order = -slope
        self.intercept = meanY - slope * meanX
        self.evaluations = points.map(\.0)
        self.errors = points.map(\.1)
    }

    /// The fit over the asymptotic end of a convergence series: the points above the
    /// floating-point floor (error > `floor`), then the largest `count` budgets of those
    /// (all of them when fewer remain).
    public static func asymptotic(evaluations: [Int], errors: [Double], floor: Double = 1e-12, count: Int = 3) -> OrderFit? {
        let usable = zip(evaluations, errors).filter { $0.1 > floor && $0.1.isFinite }.sorted { $0.0 < $1.0 }
        let tail = usable.suffix(max(count, 2))
        return OrderFit(evaluations: tail.map(\.0), errors: tail.map(\.1))
    }
}
