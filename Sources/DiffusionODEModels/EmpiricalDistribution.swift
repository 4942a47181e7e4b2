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
/// as sigma -> 0, where the model reproduces the nearest training point (memorisation).
public struct EmpiricalDistribution: NoisePredictor {
    /// The training points, K x D.
    public let points: Batch
    /// The kernel bandwidth h >= 0 (0: the points themselves).
    public let bandwidth: Double
    /// |mu_k|^2 / 2.
    private let halfSquaredNorms: [Double]

    /// The most score entries one matrix product holds; larger batches go in row blocks.
    static let scoreBlockElements = 1 << 23

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
        let blockRows = max(1, min(rows, Self.scoreBlockElements / count))
        var scores = [Double](repeating: 0, count: blockRows * count)
        var means = [Double](repeating: 0, count: blockRows * dimension)
        points.withUnsafeValues { mu in
            x.withUnsafeValues { x in
                output.withUnsafeMutableValues { eps in
                    halfSquaredNorms.withUnsafeBufferPointer { norms in
                        scores.withUnsafeMutableBufferPointer { scores in
                            means.withUnsafeMutableBufferPointer { means in
                                var start = 0
                                while start < rows {
                                    let block = min(blockRows, rows - start)
                                    let xBlock = x.baseAddress! + start * dimension
                                    MatrixProduct.multiplyTransposed(
                                        rows: block, columns: count, inner: dimension, alpha: alpha / variance, xBlock, mu.baseAddress!, into: scores.baseAddress!)
                                    Self.softmaxRows(scores.baseAddress!, rows: block, columns: count, shift: norms.baseAddress!, shiftScale: -alpha * alpha / variance)
                                    MatrixProduct.multiply(rows: block, columns: dimension, inner: count, scores.baseAddress!, mu.baseAddress!, into: means.baseAddress!)
                                    let scale = sigma / variance
                                    for i in 0..<(block * dimension) {
                                        eps[start * dimension + i] = scale * (xBlock[i] - alpha * means[i])
                                    }
                                    start += block
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Each row r of `values` becomes softmax(values[r, k] + shiftScale * shift[k]), the rows
    /// split across the cores.
    static func softmaxRows(_ values: UnsafeMutablePointer<Double>, rows: Int, columns: Int, shift: UnsafePointer<Double>, shiftScale: Double) {
        let address = UnsafeSendableMutablePointer(values), shiftAddress = UnsafeSendablePointer(shift)
        let chunks = rows * columns < 1 << 15 ? 1 : min(rows, ProcessInfo.processInfo.activeProcessorCount * 4)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let values = address.pointer, shift = shiftAddress.pointer
            for row in (rows * chunk / chunks)..<(rows * (chunk + 1) / chunks) {
                let line = values + row * columns
                var largest = -Double.infinity
                for k in 0..<columns {
                    line[k] += shiftScale * shift[k]
                    largest = max(largest, line[k])
                }
                var total = 0.0
                for k in 0..<columns {
                    // exp underflows to 0 below -745; skipping it there is exact and cheap.
                    let exponent = line[k] - largest
                    let weight = exponent < -745 ? 0 : Double.exp(exponent)
                    line[k] = weight
                    total += weight
                }
                let normaliser = 1 / total
                for k in 0..<columns { line[k] *= normaliser }
            }
        }
    }
}
