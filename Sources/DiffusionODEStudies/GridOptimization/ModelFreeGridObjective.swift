import DiffusionODE
import Foundation

/// The model-free objective of Xue, Liu, Chen & Li, "Accelerating Diffusion Sampling with
/// Optimized Time Steps" (CVPR 2024), as their released `step_optim.py` computes it: a bound on the
/// error a multistep data-prediction exponential integrator accumulates, from the schedule and
/// the integrator's coefficients alone.
///
/// With h_i = lambda_(i+1) - lambda_i, E_i = e^(lambda_i), w_i = sigma_i^2 / alpha_i, and the
/// coefficients J of step s on the data predictions at its knots (the integrals of
/// e^lambda times the Lagrange basis through the last 1, 2 or 3 knots; orders 1, 2, 3, ..., 3, 2, 1),
///
///     objective = sum over the first three steps of sqrt(sum_j (w_j J_j)^2)  (|w_s J_s| for order 1)
///               + sum over knots n of |sum over later steps of w_n J_n|.
///
/// The same grid serves every solver (the paper optimises for DPM-Solver++ and UniPC).
public struct ModelFreeGridObjective: Sendable {
    /// The schedule, for alpha and sigma at each lambda.
    public let schedule: any NoiseSchedule

    /// The objective on `schedule`.
    public init(schedule: any NoiseSchedule) {
        self.schedule = schedule
    }

    /// The bound for the knots `halfLogSNRs` (increasing, N + 1 of them).
    public func value(halfLogSNRs lambdas: [Double]) -> Double {
        let count = lambdas.count - 1
        guard count >= 1 else { return 0 }
        let exponentials = lambdas.map { Foundation.exp($0) }
        let weights = lambdas.map { lambda -> Double in
            let level = schedule.level(atHalfLogSNR: lambda)
            return level.sigma * level.sigma / level.alpha
        }
        let widths = (0..<count).map { lambdas[$0 + 1] - lambdas[$0] }
        var total = 0.0
        var accumulated = Array(repeating: 0.0, count: count + 1)
        for step in 0..<count {
            let order = (step == 0 || step == count - 1) ? 1 : ((step == 1 || step == count - 2) ? 2 : 3)
            let knots = (0..<order).map { step - $0 }
            let coefficients = Self.coefficients(order: order, step: step, widths: widths, exponential: exponentials[step], next: exponentials[step + 1])
            if order == 1 {
                total += abs(weights[step] * coefficients[0])
            } else if step < 3 {
                total += zip(knots, coefficients).map { pow(weights[$0.0] * $0.1, 2) }.reduce(0, +).squareRoot()
            } else {
                for (knot, coefficient) in zip(knots, coefficients) { accumulated[knot] += weights[knot] * coefficient }
            }
        }
        return total + accumulated.map(abs).reduce(0, +)
    }

    /// J on the knots s, s-1, s-2 (newest first) of a step of `order`.
    static func coefficients(order: Int, step s: Int, widths h: [Double], exponential: Double, next: Double) -> [Double] {
        let hs = h[s]
        let h0 = Foundation.expm1(hs)
        let h1 = hs * Foundation.exp(hs) - h0
        let h2 = hs * hs * Foundation.exp(hs) - 2 * h1
        switch order {
        case 1:
            return [next - exponential]
        case 2:
            let previous = h[s - 1]
            return [exponential * (h1 + previous * h0) / previous, -exponential * h1 / previous]
        default:
            let a = h[s - 2], b = h[s - 1]
            return [
                exponential * (h2 + (2 * b + a) * h1 + b * (a + b) * h0) / (b * (a + b)),
                -exponential * (h2 + (a + b) * h1) / (a * b),
                exponential * (h2 + b * h1) / (a * (a + b)),
            ]
        }
    }
}
