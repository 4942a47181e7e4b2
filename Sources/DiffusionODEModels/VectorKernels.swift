import CVectorKernels

/// The instruction set the models' elementwise loops run at (`CVectorKernels`): the widest
/// this CPU has, or the one `DIFFUSIONODE_VECTOR_KERNELS=baseline|avx2|avx512` caps it to.
public enum VectorKernels {
    /// `avx512`, `avx2` or `baseline`.
    public static var levelName: String {
        switch Int(vector_kernels_level()) {
        case Int(VECTOR_KERNELS_AVX512): "avx512"
        case Int(VECTOR_KERNELS_AVX2): "avx2"
        default: "baseline"
        }
    }
}
