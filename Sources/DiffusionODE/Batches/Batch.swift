/// A batch of samples: an `rows x columns` matrix of `Double`, contiguous and row-major.
///
/// One row is one sample x in R^D; models are evaluated on the whole batch per call, and
/// solvers update it with single passes (see the linear-combination kernels in
/// `Batch+LinearCombination.swift`). The storage is a plain `[Double]`, so a batch
/// converts to and from NumPy's C-ordered float64 arrays without reordering.
public struct Batch: Equatable, Sendable {
    /// The number of samples N.
    public let rows: Int
    /// The dimension D of one sample.
    public let columns: Int
    /// The values, row-major: element (i, j) is `storage[i * columns + j]`.
    public internal(set) var storage: [Double]

    /// A batch filled with one value.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = max(rows, 0)
        self.columns = max(columns, 0)
        self.storage = Array(repeating: value, count: self.rows * self.columns)
    }

    /// A batch from row-major values.
    /// - Throws: ``DiffusionODEError`` when `values.count != rows * columns` or a size is negative.
    public init(rows: Int, columns: Int, values: [Double]) throws {
        guard rows >= 0, columns >= 0 else {
            throw DiffusionODEError.invalidInput("batch shape", "rows and columns must be non-negative, got (\(rows), \(columns))")
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, values.count == count else {
            throw DiffusionODEError.invalidInput("batch shape", "(\(rows), \(columns)) needs \(rows * columns) values, got \(values.count)")
        }
        self.rows = rows
        self.columns = columns
        self.storage = values
    }

    /// A batch from an array of rows, all of the same length.
    /// - Throws: ``DiffusionODEError`` when the rows differ in length.
    public init(_ rowArrays: [[Double]]) throws {
        let columns = rowArrays.first?.count ?? 0
        for (index, row) in rowArrays.enumerated() where row.count != columns {
            throw DiffusionODEError.invalidInput("rows[\(index)]", "has \(row.count) values; every row needs \(columns)")
        }
        try self.init(rows: rowArrays.count, columns: columns, values: rowArrays.flatMap { $0 })
    }

    /// The number of values, `rows * columns`.
    public var count: Int { storage.count }

    /// Element (row, column).
    @inline(__always)
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// One row as an array (a copy).
    public func row(_ index: Int) -> [Double] {
        Array(storage[(index * columns)..<((index + 1) * columns)])
    }

    /// The rows as arrays (a copy).
    public var rowArrays: [[Double]] {
        (0..<rows).map(row)
    }

    /// Whether the other batch has the same shape.
    @inline(__always)
    public func hasSameShape(as other: Batch) -> Bool {
        rows == other.rows && columns == other.columns
    }

    /// The first element that is NaN or infinite, as (row, column), or nil.
    public func firstNonFiniteElement() -> (row: Int, column: Int)? {
        MemoryTraffic.record(values: count, passes: 1)
        return storage.withUnsafeBufferPointer { values in
            values.firstNonFiniteIndex().map { ($0 / max(columns, 1), $0 % max(columns, 1)) }
        }
    }

    /// The largest absolute value, max |x_ij| (0 for an empty batch).
    public var maxMagnitude: Double {
        storage.withUnsafeBufferPointer { values in
            var result = 0.0
            for value in values { result = Swift.max(result, Swift.abs(value)) }
            return result
        }
    }

    /// max_ij |self_ij - other_ij|; the batches must have the same shape.
    public func maxAbsoluteDifference(to other: Batch) -> Double {
        assert(hasSameShape(as: other))
        return storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                var result = 0.0
                for index in a.indices { result = Swift.max(result, Swift.abs(a[index] - b[index])) }
                return result
            }
        }
    }

    /// sqrt(mean_ij (self_ij - other_ij)^2); the batches must have the same shape.
    public func rmsDifference(to other: Batch) -> Double {
        assert(hasSameShape(as: other))
        guard count > 0 else { return 0 }
        return storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                var sum = 0.0
                for index in a.indices {
                    let difference = a[index] - b[index]
                    sum += difference * difference
                }
                return (sum / Double(a.count)).squareRoot()
            }
        }
    }

    /// Read access to the values without copying.
    @inline(__always)
    public func withUnsafeValues<Result>(_ body: (UnsafeBufferPointer<Double>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Write access to the values without copying.
    @inline(__always)
    public mutating func withUnsafeMutableValues<Result>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }
}
