import COpenBLAS
import DiffusionODE

/// Row-major matrix products through OpenBLAS's `dgemm`, on raw pointers (the models keep
/// their matrices as flat arrays).
///
/// OpenBLAS chooses its kernel from the CPU it detects (``coreName``); on some virtual CPUs it
/// detects an older core than the hardware has, and `OPENBLAS_CORETYPE=Haswell` (or the right
/// name) in the environment selects the kernel for benchmarks.
public enum MatrixProduct {
    /// The kernel OpenBLAS runs, e.g. `Haswell`, `SkylakeX`, `Prescott` (a generic fallback).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's thread count.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// The models split their rows across the cores themselves, one single-threaded product per
    /// block: OpenBLAS's own threads would spin (sched_yield) against those workers, which
    /// measured slower on two cores. Set once, before the first product.
    private static let singleThreaded: Void = openblas_set_num_threads(1)

    /// C (m x n) = alpha A B^T + beta C, with A (m x k) and B (n x k), row-major; B's rows may
    /// be `strideB` apart (its first k columns of a wider matrix), A and C are dense.
    public static func multiplyTransposed(
        rows m: Int, columns n: Int, inner k: Int, alpha: Double = 1, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
        strideB: Int? = nil, beta: Double = 0, into c: UnsafeMutablePointer<Double>
    ) {
        guard m > 0, n > 0 else { return }
        _ = singleThreaded
        copenblas_gemm_abt(Int32(m), Int32(n), Int32(k), alpha, a, Int32(max(k, 1)), b, Int32(max(strideB ?? k, 1)), beta, c, Int32(n))
    }

    /// C (m x n) = alpha A B + beta C, with A (m x k) and B (k x n), all row-major and dense.
    public static func multiply(
        rows m: Int, columns n: Int, inner k: Int, alpha: Double = 1, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
        beta: Double = 0, into c: UnsafeMutablePointer<Double>
    ) {
        guard m > 0, n > 0 else { return }
        _ = singleThreaded
        copenblas_gemm_ab(Int32(m), Int32(n), Int32(k), alpha, a, Int32(max(k, 1)), b, Int32(n), beta, c, Int32(n))
    }
}
