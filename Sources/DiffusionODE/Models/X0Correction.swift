/// A correction of the data prediction x0 = (x - sigma eps)/alpha applied inside the model, as the
/// DPM-Solver reference's `correcting_x0_fn` (`--clip-x0`, `--dynamic-threshold`).
public enum X0Correction: Sendable, Equatable {
    /// Clip every coordinate of x0 to [-limit, limit].
    case clip(limit: Double)
    /// Imagen's dynamic thresholding (Saharia et al., 2022): per sample, s = max(q, maximum) with q
    /// the `percentile` quantile of |x0| over its coordinates (linear interpolation, as torch's
    /// `quantile`); x0 = clip(x0, -s, s) / s.
    case dynamic(percentile: Double, maximum: Double)
}
