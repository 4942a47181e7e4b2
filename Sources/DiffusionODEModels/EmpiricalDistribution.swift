import DiffusionODE
import Foundation

/// The exact noise predictor of a dataset: the data distribution is the K training points
/// mu_k themselves (bandwidth h = 0) or their Gaussian-kernel smoothing N(mu_k, h^2 I), each
/// with weight 1/K. Then x_t is a mixture of N(alpha mu_k, s^2 I) with s^2 = alpha^2 h^2 + sigma^2, and
///
///     eps(x, t) = sigma (x - alpha sum_k w_k mu_k) / s^2,
///     w_k = softmax_k( (alpha x.mu_k - alpha^2 |mu_k|^2 / 2) / s^2 ),
///
/// the |x|^2 term of the squared distance being common to every k. The scores x.mu_k for a
/// whole batch are one matrix product (OpenBLAS), the weighted means another; the softmax
/// subtracts each row's maximum first, so it neither overflows nor loses the winning point
/// as sigma -> 0, where the model reproduces the nearest training point (memorisation); its
/// exponentials are vectorised (`VectorExponential`, within 2 ulp of the C library's).
public struct EmpiricalDistribution: NoisePredictor {
    /// The training points, K x D.
    public let points: Batch
    /// The kernel bandwidth h >= 0 (0: the points themselves).
    public let bandwidth: Double
    /// |mu_k|^2 / 2.
    private let halfSquaredNorms: [Double]

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
    }

    /// The number of training points K.
    public var pointCount: Int { points.rows }

    /// The sample dimension D.
    public var sampleDimension: Int { points.columns }

    /// The dimension D.
    public var dimension: Int? { points.columns }

    /// Writes the exact eps(x, t) for every row of `x`.
    /// - Throws: ``DiffusionODEError`` when `x` does not have D columns or `output` another shape.
    public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
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
                            withUnsafeTemporaryAllocation(of: Double.self, capacity: block * (count + dimension)) { scratch in
                                let scores = scratch.baseAddress!, weightedMeans = scores + block * count
                                let xBlock = input.pointer + start * dimension, out = result.pointer + start * dimension
                                MatrixProduct.multiplyTransposed(rows: block, columns: count, inner: dimension, alpha: scoreScale, xBlock, means.pointer, into: scores)
                                let survivors = Self.shiftRows(scores, rows: block, columns: count, shift: shift.pointer, shiftScale: shiftScale)
                                if survivors * Self.sparseShare <= block * count {
                                    Self.sparseWeightedMeans(scores, rows: block, columns: count, points: means.pointer, dimension: dimension, into: weightedMeans)
                                } else {
                                    Self.softmaxRows(scores, rows: block, columns: count)
                                    MatrixProduct.multiply(rows: block, columns: dimension, inner: count, scores, means.pointer, into: weightedMeans)
                                }
                                for i in 0..<(block * dimension) { out[i] = noiseScale * (xBlock[i] - alpha * weightedMeans[i]) }
                            }
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

    /// Blocks where at most one score in `sparseShare` survives take the sparse path.
    static let sparseShare = 8

    /// Row r of `values` becomes values[r, k] + shiftScale shift[k] minus its largest entry;
    /// returns how many entries of the block are above ``negligibleLogWeight``.
    static func shiftRows(_ values: UnsafeMutablePointer<Double>, rows: Int, columns: Int, shift: UnsafePointer<Double>, shiftScale: Double) -> Int {
        // Eight lanes at a time (the scalar loops were a third of an evaluation); the same
        // operations in the same order per entry, so the results are the scalar loops' bit for bit.
        let scale = SIMD8<Double>(repeating: shiftScale), threshold = SIMD8<Double>(repeating: negligibleLogWeight)
        let lanes = columns / 8 * 8
        var survivors = 0
        for row in 0..<rows {
            let line = values + row * columns
            var largest8 = SIMD8<Double>(repeating: -.infinity)
            var k = 0
            while k < lanes {
                let value = load(line + k) + scale * load(shift + k)
                store(value, line + k)
                largest8.replace(with: value, where: value .> largest8)
                k += 8
            }
            var largest = largest8.max()
            while k < columns {
                line[k] += shiftScale * shift[k]
                largest = max(largest, line[k])
                k += 1
            }
            let top = SIMD8<Double>(repeating: largest)
            var counts = SIMD8<Int64>()
            k = 0
            while k < lanes {
                let value = load(line + k) - top
                store(value, line + k)
                counts.replace(with: counts &+ 1, where: value .>= threshold)
                k += 8
            }
            survivors += Int(counts.wrappedSum())
            while k < columns {
                line[k] -= largest
                if line[k] >= negligibleLogWeight { survivors += 1 }
                k += 1
            }
        }
        return survivors
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    private static func load(_ pointer: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    private static func store(_ value: SIMD8<Double>, _ pointer: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Double>.self)
    }

    /// Each row of shifted log-weights becomes its softmax.
    static func softmaxRows(_ values: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        for row in 0..<rows {
            let line = values + row * columns
            VectorExponential.exponentiate(line, count: columns)
            var total = 0.0
            for k in 0..<columns { total += line[k] }
            let normaliser = 1 / total, normaliser8 = SIMD8<Double>(repeating: normaliser)
            var k = 0
            while k + 8 <= columns {
                store(load(line + k) * normaliser8, line + k)
                k += 8
            }
            while k < columns {
                line[k] *= normaliser
                k += 1
            }
        }
    }

    /// The softmax-weighted means of `points` per row of shifted log-weights, over the
    /// entries above ``negligibleLogWeight`` only: at low noise a handful of points carry
    /// all the weight, and this replaces the second matrix product.
    static func sparseWeightedMeans(
        _ logWeights: UnsafeMutablePointer<Double>, rows: Int, columns: Int, points: UnsafePointer<Double>, dimension: Int,
        into means: UnsafeMutablePointer<Double>
    ) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: columns) { indices in
            for row in 0..<rows {
                let line = logWeights + row * columns, mean = means + row * dimension
                var survivors = 0
                for k in 0..<columns where line[k] >= negligibleLogWeight {
                    indices[survivors] = k
                    line[survivors] = line[k]  // compacted in place: survivors <= k
                    survivors += 1
                }
                VectorExponential.exponentiate(line, count: survivors)
                var total = 0.0
                for j in 0..<survivors { total += line[j] }
                mean.update(repeating: 0, count: dimension)
                for j in 0..<survivors {
                    let weight = line[j] / total, point = points + indices[j] * dimension
                    for d in 0..<dimension { mean[d] += weight * point[d] }
                }
            }
        }
    }
}
