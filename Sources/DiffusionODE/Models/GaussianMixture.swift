import Foundation
import RealModule

/// A diagonal Gaussian mixture x_0 ~ sum_k w_k N(mu_k, diag(v_k)), with its exact noise
/// predictor: the analytic problem every solver is measured on.
///
/// Under the VP forward process the marginal at t is sum_k w_k N(alpha_t mu_k,
/// diag(alpha_t^2 v_k + sigma_t^2)), so with s_kd = alpha_t^2 v_kd + sigma_t^2 and the
/// responsibilities r_k(x) (a softmax of the component log-densities, by log-sum-exp)
///
///     eps(x, t) = -sigma_t grad log p_t(x) = sigma_t sum_k r_k(x) (x - alpha_t mu_k) / s_k.
///
/// Each row is evaluated in one fused pass (log-densities, then the weighted sum) with
/// O(K) scratch and no N x K x D temporaries; large batches are split across all cores.
/// Rows are independent, so the result does not depend on the number of threads.
public struct GaussianMixture: NoisePredictor, Equatable {
    /// The mixture weights, normalised to sum to 1.
    public let weights: [Double]
    /// The component means mu_k (K rows of D values).
    public let means: [[Double]]
    /// The component variances v_k (K rows of D values, all > 0).
    public let variances: [[Double]]
    /// The class of each component, for class-conditional models (nil: unlabelled).
    public let labels: [Int]?

    private let logWeights: [Double]
    private let flatMeans: [Double]
    private let flatVariances: [Double]

    /// A mixture with the given weights (normalised to sum to 1), means and variances.
    /// - Throws: ``DiffusionODEError`` unless there is at least one component, the weights
    ///   are positive and finite, and every mean and variance row has the same length D >= 1,
    ///   with |mean| <= 1e100 and variances in [1e-100, 1e100]: beyond those the squared
    ///   distances of the log-density overflow double precision for ordinary x.
    public init(weights: [Double], means: [[Double]], variances: [[Double]], labels: [Int]? = nil) throws {
        guard !weights.isEmpty else {
            throw DiffusionODEError.invalidInput("weights", "is empty; give one positive weight per component")
        }
        for (k, weight) in weights.enumerated() where !(weight.isFinite && weight > 0) {
            throw DiffusionODEError.invalidInput("weights[\(k)]", "must be a finite number > 0, got \(weight)")
        }
        guard means.count == weights.count else {
            throw DiffusionODEError.invalidInput("means", "has \(means.count) rows; needs one per weight (\(weights.count))")
        }
        guard variances.count == weights.count else {
            throw DiffusionODEError.invalidInput("variances", "has \(variances.count) rows; needs one per weight (\(weights.count))")
        }
        let dimension = means[0].count
        guard dimension >= 1 else {
            throw DiffusionODEError.invalidInput("means[0]", "is empty; a sample needs at least one dimension")
        }
        for k in weights.indices {
            guard means[k].count == dimension else {
                throw DiffusionODEError.invalidInput("means[\(k)]", "has \(means[k].count) values; every mean needs \(dimension)")
            }
            guard variances[k].count == dimension else {
                throw DiffusionODEError.invalidInput("variances[\(k)]", "has \(variances[k].count) values; every variance row needs \(dimension)")
            }
            for d in 0..<dimension {
                guard means[k][d].isFinite, abs(means[k][d]) <= Self.magnitudeLimit else {
                    throw DiffusionODEError.invalidInput("means[\(k)][\(d)]", "must be finite with |mean| <= 1e100, got \(means[k][d])")
                }
                guard variances[k][d].isFinite, variances[k][d] >= 1 / Self.magnitudeLimit, variances[k][d] <= Self.magnitudeLimit else {
                    throw DiffusionODEError.invalidInput("variances[\(k)][\(d)]", "must be in [1e-100, 1e100], got \(variances[k][d])")
                }
            }
        }
        let total = weights.reduce(0, +)
        guard total.isFinite else {
            throw DiffusionODEError.invalidInput("weights", "sum to \(total); they must sum to a finite number")
        }
        self.weights = weights.map { $0 / total }
        self.means = means
        self.variances = variances
        if let labels, labels.count != weights.count {
            throw DiffusionODEError.invalidInput("labels", "has \(labels.count) entries; needs one class per component (\(weights.count))")
        }
        self.labels = labels
        self.logWeights = self.weights.map { Double.log($0) }
        self.flatMeans = means.flatMap { $0 }
        self.flatVariances = variances.flatMap { $0 }
    }

    /// The largest |mean| and variance (and the inverse of the smallest variance) accepted.
    static let magnitudeLimit = 1e100

    /// The conditional distribution of class `label`: the components labelled with it, their
    /// weights renormalised. Its noise predictor is the exact conditional eps(x, t | c).
    /// - Throws: ``DiffusionODEError`` when the mixture has no labels or no component of the class.
    public func restricted(toClass label: Int) throws -> GaussianMixture {
        guard let labels else {
            throw DiffusionODEError.invalidArgument("class", "the problem has no labels; add \"labels\": [...] (one class per component) to use --class")
        }
        let members = labels.indices.filter { labels[$0] == label }
        guard !members.isEmpty else {
            throw DiffusionODEError.invalidArgument("class", "no component has class \(label); the classes are \(Array(Set(labels)).sorted().map(String.init).joined(separator: ", "))")
        }
        return try GaussianMixture(
            weights: members.map { weights[$0] }, means: members.map { means[$0] }, variances: members.map { variances[$0] },
            labels: members.map { labels[$0] }
        )
    }

    /// The number of components K.
    public var componentCount: Int { weights.count }

    /// The sample dimension D.
    public var sampleDimension: Int { means[0].count }

    /// The sample dimension D: a mixture accepts no other.
    public var dimension: Int? { sampleDimension }

    /// The mixture's mean, sum_k w_k mu_k.
    public var dataMean: [Double]? {
        (0..<sampleDimension).map { d in zip(weights, means).reduce(0) { $0 + $1.0 * $1.1[d] } }
    }

    /// The mixture's covariance, sum_k w_k (diag(v_k) + (mu_k - m)(mu_k - m)^T) with m the mean.
    public var dataCovariance: [[Double]]? {
        guard let mean = dataMean else { return nil }
        let dimension = sampleDimension
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
        for (component, weight) in weights.enumerated() {
            let offset = (0..<dimension).map { means[component][$0] - mean[$0] }
            for i in 0..<dimension {
                covariance[i][i] += weight * variances[component][i]
                for j in 0..<dimension { covariance[i][j] += weight * offset[i] * offset[j] }
            }
        }
        return covariance
    }

    /// Whether two mixtures have the same normalised weights, means and variances.
    public static func == (lhs: GaussianMixture, rhs: GaussianMixture) -> Bool {
        lhs.weights == rhs.weights && lhs.means == rhs.means && lhs.variances == rhs.variances && lhs.labels == rhs.labels
    }

    /// Work (rows x K x D) above which a call is split across cores (below it, threads cost
    /// more than they save).
    static let parallelWorkThreshold = 1 << 16

    /// Writes the exact eps(x, t) for every row of `x` into `output`.
    /// - Throws: ``DiffusionODEError`` when `output` does not have the shape of `x`, or `x` does not have D columns.
    public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        guard output.hasSameShape(as: x) else {
            throw DiffusionODEError.invalidArgument("output", "has shape (\(output.rows), \(output.columns)); needs (\(x.rows), \(x.columns))")
        }
        try x.withUnsafeValues { input in
            try output.withUnsafeMutableValues { result in
                try predictNoise(input, rows: x.rows, columns: x.columns, at: level, into: result)
            }
        }
    }

    /// Writes the exact eps(x, t) from raw row-major memory, with no copy.
    /// - Throws: ``DiffusionODEError`` when `columns` is not D.
    public func predictNoise(
        _ x: UnsafeBufferPointer<Double>, rows: Int, columns: Int, at level: NoiseLevel, into output: UnsafeMutableBufferPointer<Double>
    ) throws {
        let dimension = sampleDimension
        guard columns == dimension else {
            throw DiffusionODEError.invalidInput("x", "has \(columns) columns; the mixture has dimension \(dimension)")
        }
        guard rows > 0, let inputBase = x.baseAddress, let resultBase = output.baseAddress else { return }
        let components = componentCount
        let size = components * dimension
        let alpha = level.alpha
        let sigma = level.sigma
        let alphaSquared = alpha * alpha
        let sigmaSquared = sigma * sigma
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * size + components) { scratch in
            guard let base = scratch.baseAddress else { return }
            let shiftedMeans = base
            let precisions = base + size
            let constants = base + 2 * size
            flatMeans.withUnsafeBufferPointer { mu in
                flatVariances.withUnsafeBufferPointer { v in
                    for k in 0..<components {
                        var logDeterminant = 0.0
                        for d in 0..<dimension {
                            let index = k * dimension + d
                            let variance = alphaSquared * v[index] + sigmaSquared
                            shiftedMeans[index] = alpha * mu[index]
                            precisions[index] = 1 / variance
                            logDeterminant += Double.log(variance)
                        }
                        constants[k] = logWeights[k] - 0.5 * logDeterminant
                    }
                }
            }
            let kernel = MixtureRowKernel(
                components: components, dimension: dimension, sigma: sigma,
                shiftedMeans: shiftedMeans, precisions: precisions, constants: constants
            )
            let work = rows * size
            let workers = ProcessorCount.active
            if work < Self.parallelWorkThreshold || workers < 2 || rows < 2 {
                kernel.evaluate(rows: 0..<rows, input: inputBase, output: resultBase)
            } else {
                let chunks = min(rows, workers * 4)
                let inputAddress = UnsafeSendablePointer(inputBase)
                let resultAddress = UnsafeSendableMutablePointer(resultBase)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = rows * chunk / chunks
                    let end = rows * (chunk + 1) / chunks
                    kernel.evaluate(rows: start..<end, input: inputAddress.pointer, output: resultAddress.pointer)
                }
            }
        }
    }

    /// The data mean, sum_k w_k mu_k.
    public var mean: [Double] {
        (0..<sampleDimension).map { d in
            weights.indices.reduce(0) { $0 + weights[$1] * means[$1][d] }
        }
    }

    /// The data covariance (D x D): sum_k w_k (diag(v_k) + mu_k mu_k^T) - mean mean^T.
    public var covariance: [[Double]] {
        let dimension = sampleDimension
        let center = mean
        var result = Array(repeating: Array(repeating: 0.0, count: dimension), count: dimension)
        for k in weights.indices {
            let offset = (0..<dimension).map { means[k][$0] - center[$0] }
            for i in 0..<dimension {
                result[i][i] += weights[k] * variances[k][i]
                for j in 0..<dimension {
                    result[i][j] += weights[k] * offset[i] * offset[j]
                }
            }
        }
        return result
    }

    /// `count` exact samples of x_0, drawn with `generator` (component by inverse CDF on the
    /// weights, then independent normals per coordinate).
    public func sample(count: Int, using generator: inout SeededGenerator) -> Batch {
        let dimension = sampleDimension
        var batch = Batch(rows: count, columns: dimension)
        var cumulative: [Double] = []
        var running = 0.0
        for weight in weights {
            running += weight
            cumulative.append(running)
        }
        for row in 0..<count {
            let u = generator.nextUnitInterval() * running
            let k = cumulative.firstIndex { u <= $0 } ?? (componentCount - 1)
            for d in 0..<dimension {
                batch[row, d] = means[k][d] + variances[k][d].squareRoot() * generator.nextStandardNormal()
            }
        }
        return batch
    }
}

/// The per-row work of ``GaussianMixture/predictNoise(_:at:into:)``, over precomputed
/// per-component tables for the current t.
private struct MixtureRowKernel: @unchecked Sendable {
    let components: Int
    let dimension: Int
    let sigma: Double
    let shiftedMeans: UnsafeMutablePointer<Double>
    let precisions: UnsafeMutablePointer<Double>
    let constants: UnsafeMutablePointer<Double>

    func evaluate(rows: Range<Int>, input: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: components) { logits in
            guard let logit = logits.baseAddress else { return }
            for row in rows {
                let x = input + row * dimension
                let eps = output + row * dimension
                var largest = -Double.infinity
                for k in 0..<components {
                    let quadratic = weightedSquaredDistance(x, shiftedMeans + k * dimension, precisions + k * dimension)
                    logit[k] = constants[k] - 0.5 * quadratic
                    largest = max(largest, logit[k])
                }
                var total = 0.0
                for k in 0..<components {
                    logit[k] = Double.exp(logit[k] - largest)
                    total += logit[k]
                }
                let scale = sigma / total
                eps.update(repeating: 0, count: dimension)
                for k in 0..<components {
                    let responsibility = logit[k] * scale
                    let mu = shiftedMeans + k * dimension
                    let precision = precisions + k * dimension
                    for d in 0..<dimension {
                        eps[d] += responsibility * (x[d] - mu[d]) * precision[d]
                    }
                }
            }
        }
    }

    /// sum_d (x_d - mu_d)^2 p_d with four partial sums, so the adds pipeline; the order is
    /// fixed, so the result is the same on every run.
    @inline(__always)
    private func weightedSquaredDistance(_ x: UnsafePointer<Double>, _ mu: UnsafePointer<Double>, _ p: UnsafePointer<Double>) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var d = 0
        while d + 4 <= dimension {
            let a = x[d] - mu[d], b = x[d + 1] - mu[d + 1], c = x[d + 2] - mu[d + 2], e = x[d + 3] - mu[d + 3]
            s0 += a * a * p[d]
            s1 += b * b * p[d + 1]
            s2 += c * c * p[d + 2]
            s3 += e * e * p[d + 3]
            d += 4
        }
        while d < dimension {
            let a = x[d] - mu[d]
            s0 += a * a * p[d]
            d += 1
        }
        return (s0 + s1) + (s2 + s3)
    }
}
