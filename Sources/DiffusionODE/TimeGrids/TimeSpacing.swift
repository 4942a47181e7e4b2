/// How a fixed-step grid spaces its points between the start and end times
/// (the DPM-Solver reference's `skip_type`).
public enum TimeSpacing: String, CaseIterable, Sendable {
    /// Uniform in t.
    case timeUniform = "time-uniform"
    /// Uniform in sqrt(t), then squared (DDIM's quadratic skip for small images).
    case timeQuadratic = "time-quadratic"
    /// Uniform in lambda = log(alpha/sigma), the half log-SNR.
    case logSNR = "logsnr"
}
