import CVectorKernels
import DiffusionODE
import Foundation

/// The exact noise predictor of a dataset: the data distribution is the K training points
/// mu_k themselves (bandwidth h = 0) or their Gaussian-kernel smoothing N(mu_k, h^2 I), each
/// with weight 1/K. Then x_t is a mixture of N(alpha mu_k, s^2 I) with s^2 = alpha^2 h^2 + sigma^2, and
///
///     eps(x, t) = sigma (x - alpha sum_k w_k mu_k) / s^2,
///     w_k = softmax_k( (alpha x.mu_k - alpha^2 |mu_k|^2 / 2) / s^2 ),
///
/// the |x|^2 term of the squared distance being common to every k. Where the CPU has AVX-512
/// and D is a multiple of 8 up to 128, tiles of rows run the scores x.mu_k, the softmax and the weighted
/// means in one fused kernel (`CVectorKernels`); elsewhere the scores for a block of rows are one
/// matrix product (OpenBLAS) and the weighted means another. The softmax
/// subtracts each row's maximum first, so it neither overflows nor loses the winning point
/// as sigma -> 0, where the model reproduces the nearest training point (memorisation); its
/// exponentials run eight lanes at a time where the CPU has AVX-512 (`CVectorKernels`, within
/// 2 ulp of the C library's exp).
public struct EmpiricalDistribution: NoisePredictor {
    /// The training points, K x D.
    public let points: Batch
    /// The kernel bandwidth h >= 0 (0: the points themselves).
    public let bandwidth: Double
    /// |mu_k|^2 / 2.
    private let halfSquaredNorms: [Double]
    /// The points laid out for the fused evaluation; nil where it does not run (no AVX-512, or D
    /// not a multiple of 8 up to 128).
    private let packedPoints: PackedPoints?

    /// The score entries of one row block (about 2 MB): blocks run in parallel, one per core at a time.
    static let scoreBlockElements = 1 << 18

    /// A distribution over `points` (K x D), smoothed by `bandwidth`.
    /// - Throws: ``DiffusionODEError`` when there are no points or the bandwidth is negative or not finite.
    public init(points: Batch, bandwidth: Double = 0) throws {
        guard points.rows >= 1, points.columns >= 1 else {
            throw DiffusionODEError.invalidInput("points", "holds no points; at least one row of D values is needed")
        }
        guard points.rows <= Int(Int32.max), points.columns <= Int(Int32.max) else {
            throw DiffusionODEError.invalidInput("points", "has shape (\(points.rows), \(points.columns)); each extent must be below 2^31")
        }
        guard bandwidth.isFinite, bandwidth >= 0 else {
            throw DiffusionODEError.invalidInput("bandwidth", "must be a finite number >= 0, got \(bandwidth)")
        }
        self.points = points
        self.bandwidth = bandwidth
        self.halfSquaredNorms = (0..<points.rows).map { k in 0.5 * points.row(k).reduce(0) { $0 + $1 * $1 } }
        self.packedPoints = PackedPoints(points)
    }

    /// How an evaluation runs: fused tiles where this CPU has them, else OpenBLAS's two products.
    enum Evaluation {
        /// Per tile of rows: scores, weights and weighted sums while the scores are in L2 (AVX-512).
        case fusedTiles
        /// Per block of rows: OpenBLAS's product for the scores, the softmax kernel, a second product.
        case matrixProducts
    }

    /// The evaluation ``predictNoise(_:at:into:)`` runs.
    var defaultEvaluation: Evaluation { packedPoints == nil ? .matrixProducts : .fusedTiles }

    /// The number of training points K.
    public var pointCount: Int { points.rows }

    /// The sample dimension D.
    public var sampleDimension: Int { points.columns }

    /// The dimension D.
    public var dimension: Int? { points.columns }

    /// The mean of the training points (the kernel smoothing keeps it).
    public var dataMean: [Double]? {
        (0..<points.columns).map { d in (0..<points.rows).reduce(0) { $0 + points[$1, d] } / Double(points.rows) }
    }

    /// The covariance of the points (divided by K, the distribution's own), plus h^2 I from the
    /// kernel smoothing.
    public var dataCovariance: [[Double]]? {
        guard let mean = dataMean else { return nil }
        let dimension = points.columns, count = points.rows
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
        for k in 0..<count {
            let offset = (0..<dimension).map { points[k, $0] - mean[$0] }
            for i in 0..<dimension { for j in i..<dimension { covariance[i][j] += offset[i] * offset[j] } }
        }
        for i in 0..<dimension {
            for j in i..<dimension {
                covariance[i][j] /= Double(count)
                covariance[j][i] = covariance[i][j]
            }
            covariance[i][i] += bandwidth * bandwidth
        }
        return covariance
    }

    /// Writes the exact eps(x, t) for every row of `x`.
    /// - Throws: ``DiffusionODEError`` when `x` does not have D columns or `output` another shape.
    public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        try predictNoise(x, at: level, into: &output, evaluation: defaultEvaluation)
    }

    /// ``predictNoise(_:at:into:)`` by the given evaluation (tests compare the two); fused tiles
    /// where they do not run fall back to the products.
    func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch, evaluation: Evaluation) throws {
        guard output.hasSameShape(as: x) else {
            throw DiffusionODEError.invalidArgument("output", "has shape (\(output.rows), \(output.columns)); needs (\(x.rows), \(x.columns))")
        }
        guard x.columns == sampleDimension else {
            throw DiffusionODEError.invalidInput("x", "has \(x.columns) columns; the empirical distribution has dimension \(sampleDimension)")
        }
        let alpha = level.alpha, sigma = level.sigma
        let variance = alpha * alpha * bandwidth * bandwidth + sigma * sigma
        let rows = x.rows, dimension = sampleDimension, count = pointCount
        guard variance > 0 else {
            // At clean data with h = 0 the noise is 0 (and multiplies nothing).
            output.withUnsafeMutableValues { $0.update(repeating: 0) }
            return
        }
        if evaluation == .fusedTiles, let packedPoints {
            fusedNoise(x, alpha: alpha, variance: variance, noiseScale: sigma / variance, packedPoints: packedPoints, into: &output)
            return
        }
        // Row blocks across the cores, each with its own scores; a block's scores stay near cache.
        let blockRows = max(1, min(rows, Self.scoreBlockElements / count))
        let blocks = (rows + blockRows - 1) / blockRows
        let scoreScale = alpha / variance, shiftScale = -alpha * alpha / variance, noiseScale = sigma / variance
        x.withUnsafeValues { x in
            output.withUnsafeMutableValues { eps in
                points.withUnsafeValues { mu in
                    halfSquaredNorms.withUnsafeBufferPointer { norms in
                        let input = UnsafeSendablePointer(x.baseAddress!), result = UnsafeSendableMutablePointer(eps.baseAddress!)
                        let means = UnsafeSendablePointer(mu.baseAddress!), shift = UnsafeSendablePointer(norms.baseAddress!)
                        DispatchQueue.concurrentPerform(iterations: blocks) { block in
                            let start = block * blockRows, block = min(blockRows, rows - start)
                            withUnsafeTemporaryAllocation(of: Double.self, capacity: block * (count + dimension + 1)) { scratch in
                                let scores = scratch.baseAddress!, weightedMeans = scores + block * count, totals = weightedMeans + block * dimension
                                let xBlock = input.pointer + start * dimension, out = result.pointer + start * dimension
                                MatrixProduct.multiplyTransposed(rows: block, columns: count, inner: dimension, alpha: scoreScale, xBlock, means.pointer, into: scores)
                                // Each row's softmax in one call while the row is in L1: shift, largest,
                                // unnormalised weights, their sum and the count of weights that matter.
                                var survivors = 0
                                for row in 0..<block {
                                    var kept = 0
                                    totals[row] = vector_kernels_softmax_row(scores + row * count, count, shift.pointer, shiftScale, Self.negligibleLogWeight, &kept)
                                    survivors += kept
                                }
                                if survivors * Self.sparseShare <= block * count {
                                    Self.sparseWeightedSums(scores, rows: block, columns: count, points: means.pointer, dimension: dimension, into: weightedMeans)
                                } else {
                                    MatrixProduct.multiply(rows: block, columns: dimension, inner: count, scores, means.pointer, into: weightedMeans)
                                }
                                // The weights were left unnormalised: each row's sum divides here, D values a row instead of K.
                                for row in 0..<block {
                                    let meanScale = alpha / totals[row]
                                    for i in (row * dimension)..<((row + 1) * dimension) { out[i] = noiseScale * (xBlock[i] - meanScale * weightedMeans[i]) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The fused evaluation: chunks of whole tiles across the cores (two chunks a core when
    /// there are enough tiles, so that neither core waits long; the tiles shared out evenly),
    /// each chunk with one tile's scratch.
    private func fusedNoise(_ x: Batch, alpha: Double, variance: Double, noiseScale: Double, packedPoints: PackedPoints, into output: inout Batch) {
        let rows = x.rows, dimension = sampleDimension, count = pointCount
        guard rows > 0 else { return }
        let tileRows = vector_kernels_empirical_tile_rows(count)
        let tiles = (rows + tileRows - 1) / tileRows
        let chunks = min(tiles, max(2 * ProcessorCount.active, (tiles + 3) / 4))
        let scratchBytes = vector_kernels_empirical_scratch_count(count, dimension) * MemoryLayout<Double>.stride
        let scoreScale = alpha / variance, shiftScale = -alpha * alpha / variance
        x.withUnsafeValues { x in
            output.withUnsafeMutableValues { eps in
                halfSquaredNorms.withUnsafeBufferPointer { norms in
                    let input = UnsafeSendablePointer(x.baseAddress!), result = UnsafeSendableMutablePointer(eps.baseAddress!)
                    let shift = UnsafeSendablePointer(norms.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let start = chunk * tiles / chunks * tileRows, end = min(rows, (chunk + 1) * tiles / chunks * tileRows)
                        let chunkRows = end - start
                        withUnsafeTemporaryAllocation(byteCount: scratchBytes, alignment: 64) { scratch in
                            // It runs: the points were packed only where it does.
                            _ = vector_kernels_empirical_noise_at(
                                vector_kernels_level(), input.pointer + start * dimension, chunkRows, dimension, packedPoints.rows,
                                packedPoints.panels, shift.pointer, count, scoreScale, shiftScale, alpha, noiseScale,
                                Self.negligibleLogWeight, Self.sparseShare, scratch.bindMemory(to: Double.self).baseAddress!,
                                result.pointer + start * dimension)
                        }
                    }
                }
            }
        }
    }

    /// Log-weights more than this below a row's largest are dropped: each such weight is below
    /// e^-50 = 2e-22 of the largest, so all K of them together change the weighted mean by less
    /// than K x 2e-22 relative, below float64's rounding for any K < 10^5.
    static let negligibleLogWeight = -50.0

    /// Blocks where at most one score in `sparseShare` survives take the sparse path: the
    /// sparse sums cost in proportion to the survivors and OpenBLAS's product does not, and for
    /// K = 1797, D = 64 on an AVX-512 core the two break even near one in ten.
    static let sparseShare = 10

    /// The weighted sums of `points` per row of (unnormalised) weights, over the nonzero
    /// weights only (the softmax kernel writes 0 below ``negligibleLogWeight``): at low noise a
    /// handful of points carry all the weight, and this replaces the second matrix product.
    static func sparseWeightedSums(
        _ weights: UnsafePointer<Double>, rows: Int, columns: Int, points: UnsafePointer<Double>, dimension: Int,
        into sums: UnsafeMutablePointer<Double>
    ) {
        for row in 0..<rows {
            vector_kernels_weighted_row_sum(weights + row * columns, columns, points, dimension, 0, sums + row * dimension)
        }
    }
}
