/// The Gaussian N(m, C) with a data distribution's mean and covariance, decomposed once
/// (C = V diag(c) V^T) so that its exact probability-flow map can be applied to any batch:
///
///     x_s - alpha_s m = V diag(sqrt((alpha_s^2 c + sigma_s^2) / (alpha_t^2 c + sigma_t^2))) V^T (x_t - alpha_t m),
///
/// ``GaussianFlow``'s map for a full covariance. ``GaussianFirstStep`` takes its first step
/// along it; the decomposition (cyclic Jacobi, D^3 work a sweep) is shared by every solver
/// wrapped with the same moments.
public struct GaussianMoments: Sendable, Equatable {
    /// The mean m.
    public let mean: [Double]
    /// The covariance's eigenvalues c (negative rounding clamped to 0).
    public let eigenvalues: [Double]
    /// The covariance's eigenvectors, as columns: `eigenvectors[i][k]` is component i of vector k.
    public let eigenvectors: [[Double]]

    /// The Gaussian with `mean` and `covariance`.
    /// - Throws: ``DiffusionODEError`` named `first-step` unless the mean is finite and
    ///   non-empty and the covariance is a finite symmetric matrix of the same dimension.
    public init(mean: [Double], covariance: [[Double]]) throws {
        let dimension = mean.count
        guard dimension > 0, mean.allSatisfy(\.isFinite) else {
            throw DiffusionODEError.invalidArgument("first-step", "the gaussian first step needs a finite data mean with one value per dimension")
        }
        guard covariance.count == dimension, covariance.allSatisfy({ $0.count == dimension && $0.allSatisfy(\.isFinite) }) else {
            throw DiffusionODEError.invalidArgument("first-step", "the gaussian first step needs a finite \(dimension) x \(dimension) data covariance")
        }
        for i in 0..<dimension {
            for j in 0..<i where abs(covariance[i][j] - covariance[j][i]) > 1e-12 * max(1, abs(covariance[i][j])) {
                throw DiffusionODEError.invalidArgument("first-step", "the data covariance is not symmetric at [\(i), \(j)]")
            }
        }
        let eigen = SymmetricEigen(covariance)
        self.mean = mean
        self.eigenvalues = eigen.values.map { max($0, 0) }
        self.eigenvectors = eigen.vectors
    }

    /// x moved from `start` to `end` along the Gaussian's exact flow.
    public func flow(_ x: Batch, from start: NoiseLevel, to end: NoiseLevel) -> Batch {
        let dimension = mean.count
        let ratios = eigenvalues.map { c in
            ((end.alpha * end.alpha * c + end.sigma * end.sigma) / (start.alpha * start.alpha * c + start.sigma * start.sigma)).squareRoot()
        }
        var result = x
        var centred = [Double](repeating: 0, count: dimension), scaled = [Double](repeating: 0, count: dimension)
        result.withUnsafeMutableValues { values in
            for row in 0..<x.rows {
                let base = row * dimension
                for i in 0..<dimension { centred[i] = values[base + i] - start.alpha * mean[i] }
                for k in 0..<dimension {
                    var projection = 0.0
                    for i in 0..<dimension { projection += eigenvectors[i][k] * centred[i] }
                    scaled[k] = ratios[k] * projection
                }
                for i in 0..<dimension {
                    var value = end.alpha * mean[i]
                    for k in 0..<dimension { value += eigenvectors[i][k] * scaled[k] }
                    values[base + i] = value
                }
            }
        }
        return result
    }
}
