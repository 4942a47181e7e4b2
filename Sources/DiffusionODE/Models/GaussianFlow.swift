/// The closed-form probability-flow ODE solution for Gaussian data x_0 ~ N(mu, diag(v)):
/// per coordinate,
///
///     x_t - alpha_t mu = sqrt((alpha_t^2 v + sigma_t^2) / (alpha_s^2 v + sigma_s^2)) (x_s - alpha_s mu).
///
/// The flow transports each marginal N(alpha_t mu, alpha_t^2 v + sigma_t^2) to the next by the
/// ratio of standard deviations, so errors of any solver can be measured exactly.
public struct GaussianFlow: Sendable, Equatable {
    /// mu.
    public let mean: [Double]
    /// v (all > 0).
    public let variance: [Double]

    /// The flow of a one-component mixture.
    /// - Throws: ``DiffusionODEError`` when the mixture has more than one component.
    public init(_ mixture: GaussianMixture) throws {
        guard mixture.componentCount == 1 else {
            throw DiffusionODEError.invalidArgument("problem", "has \(mixture.componentCount) components; the closed-form flow needs exactly 1")
        }
        self.mean = mixture.means[0]
        self.variance = mixture.variances[0]
    }

    /// The flow of a one-component mixture (for callers that know it has one: otherwise the
    /// first component's).
    public init(mixture: GaussianMixture) {
        self.mean = mixture.means[0]
        self.variance = mixture.variances[0]
    }

    /// x_t from x_s along the exact flow.
    public func solution(from x: Batch, at start: NoiseLevel, to end: NoiseLevel) -> Batch {
        var result = x
        let columns = x.columns
        result.withUnsafeMutableValues { values in
            for d in 0..<columns {
                let startVariance = start.alpha * start.alpha * variance[d] + start.sigma * start.sigma
                let endVariance = end.alpha * end.alpha * variance[d] + end.sigma * end.sigma
                let ratio = (endVariance / startVariance).squareRoot()
                var index = d
                while index < values.count {
                    values[index] = end.alpha * mean[d] + ratio * (values[index] - start.alpha * mean[d])
                    index += columns
                }
            }
        }
        return result
    }
}
