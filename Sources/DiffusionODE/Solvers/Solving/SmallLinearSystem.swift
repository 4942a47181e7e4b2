/// Solves the small dense systems of multistep coefficient rules (UniPC's Vandermonde
/// systems, at most 4 x 4) by Gaussian elimination with partial pivoting, in float64.
enum SmallLinearSystem {
    /// x with A x = b, or nil when A is singular to working precision. `matrix` is row-major, n x n.
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
        let n = rhs.count
        var a = matrix
        var b = rhs
        for column in 0..<n {
            var pivot = column
            for row in (column + 1)..<max(n, column + 1) where abs(a[row][column]) > abs(a[pivot][column]) { pivot = row }
            guard a[pivot][column] != 0, a[pivot][column].isFinite else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<max(n, column + 1) {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = Array(repeating: 0.0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<max(n, row + 1) { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    /// The inverse of an n x n matrix (nil when singular), column by column.
    static func inverse(_ matrix: [[Double]]) -> [[Double]]? {
        let n = matrix.count
        var columns: [[Double]] = []
        for column in 0..<n {
            var unit = Array(repeating: 0.0, count: n)
            unit[column] = 1
            guard let solution = solve(matrix, unit) else { return nil }
            columns.append(solution)
        }
        return (0..<n).map { row in (0..<n).map { columns[$0][row] } }
    }
}
