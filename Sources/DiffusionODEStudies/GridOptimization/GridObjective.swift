/// What `diffode optimize-grid` minimises.
public enum GridObjective: String, CaseIterable, Sendable {
    /// The RMS error of the solver against the exact solution over the training samples.
    case rms
    /// The largest error of any coordinate of any training sample.
    case max
    /// Xue et al.'s model-free bound (``ModelFreeGridObjective``): no model evaluation.
    case modelFree = "model-free"
    /// GITS's dynamic programming over a fine candidate grid (``GITSGrid``).
    case gits
}
