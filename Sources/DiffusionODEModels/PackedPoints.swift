import CVectorKernels
import DiffusionODE

/// The training points laid out for the fused empirical tiles (`CVectorKernels`' EmpiricalTiles.h),
/// on 64-byte boundaries so that no eight-double load straddles two cache lines (misaligned,
/// the same evaluation took 8% longer): panels of 24 points, column by column, for the scores,
/// and a copy of the rows, K x D, for the weighted sums. Immutable once made, so shared freely.
final class PackedPoints: @unchecked Sendable {
    /// The panels: padded point count x D values.
    let panels: UnsafePointer<Double>
    /// The points, K x D, row-major.
    let rows: UnsafePointer<Double>
    private let storage: UnsafeMutableRawPointer

    /// The layout of `points`, or nil where the fused tiles do not run (no AVX-512 at the
    /// kernels' level, or D not a multiple of 8 up to 128).
    init?(_ points: Batch) {
        guard vector_kernels_empirical_supports(vector_kernels_level(), points.columns) != 0 else { return nil }
        let panelCount = vector_kernels_padded_point_count(points.rows) * points.columns, rowCount = points.rows * points.columns
        storage = UnsafeMutableRawPointer.allocate(byteCount: (panelCount + rowCount) * MemoryLayout<Double>.stride, alignment: 64)
        let values = storage.bindMemory(to: Double.self, capacity: panelCount + rowCount)
        points.withUnsafeValues { source in
            vector_kernels_pack_points(source.baseAddress!, points.rows, points.columns, values)
            // Panels fill whole multiples of 24 x 8 values (192 x 8 bytes), so the rows start aligned too.
            (values + panelCount).initialize(from: source.baseAddress!, count: rowCount)
        }
        panels = UnsafePointer(values)
        rows = UnsafePointer(values + panelCount)
    }

    deinit { storage.deallocate() }
}
