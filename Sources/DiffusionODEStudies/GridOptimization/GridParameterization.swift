import DiffusionODE
import Foundation

/// Monotone grids by construction: K steps in lambda between fixed ends, their widths
/// (lambda_K - lambda_0) (f + (1 - K f) softmax(u)) with u_K = 0 and a floor f = 1e-6, so any u
/// in R^(K-1) is a strictly increasing lambda grid (strictly decreasing in sigma-tilde) with
/// the ends exact.
public struct GridParameterization: Sendable {
    /// lambda at the start (noisiest) and at the noisy end.
    public let startHalfLogSNR: Double
    public let endHalfLogSNR: Double
    /// The number of steps K between them.
    public let steps: Int
    /// Whether a last step into clean data (sigma-tilde = 0) follows.
    public let endsAtCleanData: Bool

    /// K steps from `start` to `end` (then to clean data if asked).
    public init(from start: NoiseLevel, to end: NoiseLevel, steps: Int, endsAtCleanData: Bool) {
        self.startHalfLogSNR = start.halfLogSNR
        self.endHalfLogSNR = end.halfLogSNR
        self.steps = steps
        self.endsAtCleanData = endsAtCleanData
    }

    /// The number of free parameters, K - 1.
    public var dimension: Int { max(steps - 1, 0) }

    /// The sigma-tilde grid of `u` (K + 1 levels, and a 0 for a clean end).
    public func sigmas(_ u: [Double]) -> [Double] {
        let logits = u + [0]
        let largest = logits.max() ?? 0
        let weights = logits.map { Foundation.exp($0 - largest) }
        let total = weights.reduce(0, +)
        let span = endHalfLogSNR - startHalfLogSNR
        let floor = 1e-6
        var lambda = startHalfLogSNR
        var sigmas = [Foundation.exp(-startHalfLogSNR)]
        for (index, weight) in weights.enumerated() {
            lambda += span * (floor + (1 - Double(steps) * floor) * weight / total)
            sigmas.append(Foundation.exp(-(index == steps - 1 ? endHalfLogSNR : lambda)))
        }
        return endsAtCleanData ? sigmas + [0] : sigmas
    }

    /// The u of a grid with these ends (its positive sigma-tilde levels, K + 1 of them).
    public func parameters(of sigmas: [Double]) -> [Double] {
        let positive = sigmas.filter { $0 > 0 }
        let widths = zip(positive, positive.dropFirst()).map { Foundation.log($0.0 / $0.1) }
        guard let last = widths.last, widths.count == steps else { return Array(repeating: 0, count: dimension) }
        // Inverse of the floored softmax: the share above the floor of each width.
        let span = endHalfLogSNR - startHalfLogSNR, floor = 1e-6
        let shares = widths.map { max($0 / span - floor, 1e-300) }
        let lastShare = max(last / span - floor, 1e-300)
        return shares.dropLast().map { Foundation.log($0 / lastShare) }
    }
}
