import DiffusionODE
import Foundation

/// The Fréchet (2-Wasserstein) distance between Gaussians with the given moments, the
/// statistic behind FID (Heusel et al., 2017):
///
///     d^2 = |mu_1 - mu_2|^2 + Tr(S_1 + S_2 - 2 (S_1^(1/2) S_2 S_1^(1/2))^(1/2)).
///
/// Matrix square roots come from symmetric eigendecompositions, with eigenvalues clipped at
/// 0 (rounding can leave tiny negative ones). Returns d^2, as FID does.
public enum FrechetDistance {
    /// d^2 between N(mean1, covariance1) and N(mean2, covariance2).
    public static func squared(mean1: [Double], covariance1: [[Double]], mean2: [Double], covariance2: [[Double]]) -> Double {
        squared(mean1: mean1, covariance1: covariance1, mean2: mean2, covariance2: covariance2, checkpoint: {})
    }

    /// d^2 between N(mean1, covariance1) and N(mean2, covariance2), calling `checkpoint` every
    /// n^2 operations of the D^3 work (see ``SymmetricEigen``) so a caller can cancel by throwing.
    public static func squared(
        mean1: [Double], covariance1: [[Double]], mean2: [Double], covariance2: [[Double]], checkpoint: () throws -> Void
    ) rethrows -> Double {
        let meanTerm = zip(mean1, mean2).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let root1 = try SymmetricEigen(covariance1, checkpoint: checkpoint).applying { max($0, 0).squareRoot() }
        let n = mean1.count
        func product(_ a: [[Double]], _ b: [[Double]], _ checkpoint: () throws -> Void) rethrows -> [[Double]] {
            try (0..<n).map { i in
                try checkpoint()
                return (0..<n).map { j in (0..<n).reduce(0) { $0 + a[i][$1] * b[$1][j] } }
            }
        }
        var middle = try product(try product(root1, covariance2, checkpoint), root1, checkpoint)
        for i in 0..<n { for j in 0..<i { let symmetric = 0.5 * (middle[i][j] + middle[j][i]); middle[i][j] = symmetric; middle[j][i] = symmetric } }
        let crossTrace = try SymmetricEigen(middle, checkpoint: checkpoint).values.reduce(0) { $0 + max($1, 0).squareRoot() }
        let traces = (0..<n).reduce(0) { $0 + covariance1[$1][$1] + covariance2[$1][$1] }
        return meanTerm + traces - 2 * crossTrace
    }

    /// The sample mean and the unbiased sample covariance of a batch's rows.
    public static func moments(_ batch: Batch) -> (mean: [Double], covariance: [[Double]]) {
        let n = batch.rows, d = batch.columns
        var mean = [Double](repeating: 0, count: d)
        batch.withUnsafeValues { values in
            for row in 0..<n { for column in 0..<d { mean[column] += values[row * d + column] } }
        }
        mean = mean.map { $0 / Double(n) }
        var covariance = Array(repeating: [Double](repeating: 0, count: d), count: d)
        batch.withUnsafeValues { values in
            var centered = [Double](repeating: 0, count: d)
            for row in 0..<n {
                for column in 0..<d { centered[column] = values[row * d + column] - mean[column] }
                for i in 0..<d { for j in 0...i { covariance[i][j] += centered[i] * centered[j] } }
            }
        }
        for i in 0..<d { for j in 0...i { covariance[i][j] /= Double(max(n - 1, 1)); covariance[j][i] = covariance[i][j] } }
        return (mean, covariance)
    }

    /// d^2 between a sample set's moments and a mixture's exact moments.
    public static func squared(samples: Batch, to mixture: GaussianMixture) -> Double {
        squared(samples: samples, to: mixture, checkpoint: {})
    }

    /// d^2 between a sample set's moments and a mixture's exact moments, calling `checkpoint`
    /// as ``squared(mean1:covariance1:mean2:covariance2:checkpoint:)`` does.
    public static func squared(samples: Batch, to mixture: GaussianMixture, checkpoint: () throws -> Void) rethrows -> Double {
        let (mean, covariance) = moments(samples)
        return try squared(mean1: mean, covariance1: covariance, mean2: mixture.mean, covariance2: mixture.covariance, checkpoint: checkpoint)
    }
}
