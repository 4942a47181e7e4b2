import Foundation

/// Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method
/// (Golub & Van Loan, "Matrix Computations", 8.5): rotations annihilate the off-diagonal
/// until its norm is below 1e-15 of the matrix norm. Accurate to a few ulps for the small
/// matrices (D up to a few hundred) of sample covariances.
public struct SymmetricEigen: Sendable {
    /// The eigenvalues, in no particular order.
    public let values: [Double]
    /// The eigenvectors as columns: vectors[i][k] is component i of eigenvector k.
    public let vectors: [[Double]]

    /// The eigendecomposition of the symmetric `matrix` (n x n).
    public init(_ matrix: [[Double]]) {
        self.init(matrix, checkpoint: {})
    }

    /// The eigendecomposition of the symmetric `matrix` (n x n), calling `checkpoint` before
    /// each row of rotations (n^2 work) so a long decomposition can be cancelled by throwing.
    public init(_ matrix: [[Double]], checkpoint: () throws -> Void) rethrows {
        let n = matrix.count
        var a = matrix
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        let scale = max(a.flatMap { $0 }.map { $0 * $0 }.reduce(0, +).squareRoot(), .leastNormalMagnitude)
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off.squareRoot() <= 1e-15 * scale { break }
            for p in 0..<n {
                try checkpoint()
                for q in (p + 1)..<max(n, p + 1) where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        values = (0..<n).map { a[$0][$0] }
        vectors = v
    }

    /// f(A) = V diag(f(lambda)) V^T.
    public func applying(_ function: (Double) -> Double) -> [[Double]] {
        let n = values.count
        let mapped = values.map(function)
        return (0..<n).map { i in
            (0..<n).map { j in
                (0..<n).reduce(0) { $0 + vectors[i][$1] * mapped[$1] * vectors[j][$1] }
            }
        }
    }
}
