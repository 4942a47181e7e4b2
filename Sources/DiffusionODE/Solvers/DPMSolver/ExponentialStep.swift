import RealModule

/// The exact linear part and the phi weights of one exponential-integrator step from
/// level s to level t, for either algorithm:
///
///     DPM-Solver:   x_t = (alpha_t/alpha_s) x_s - sigma_t [phi_1(h) m_s + corrections],  z = h
///     DPM-Solver++: x_t = (sigma_t/sigma_s) x_s - alpha_t [phi_1(-h) m_s + corrections], z = -h
///
/// with h = lambda_t - lambda_s. ``linearCoefficient`` is the first factor, ``scale`` the
/// second, and the phi functions are evaluated at ``z`` (see ``DPMSolverPhi``); every
/// DPM-Solver update of either algorithm is then x_t = a x_s - scale * (weights . D).
struct ExponentialStep {
    /// h = lambda_t - lambda_s.
    let h: Double
    /// alpha_t/alpha_s (DPM-Solver) or sigma_t/sigma_s (DPM-Solver++).
    let linearCoefficient: Double
    /// sigma_t (DPM-Solver) or alpha_t (DPM-Solver++).
    let scale: Double
    /// h (DPM-Solver) or -h (DPM-Solver++).
    let z: Double

    /// The step from `start` to `end`. `stepInLambda` overrides h when the caller places
    /// `end` at lambda_s + r h and the reference uses r h rather than the recomputed gap.
    init(_ algorithm: DPMSolverAlgorithm, from start: NoiseLevel, to end: NoiseLevel, stepInLambda: Double? = nil) {
        let h = stepInLambda ?? (end.halfLogSNR - start.halfLogSNR)
        self.h = h
        switch algorithm {
        case .dpmSolver:
            linearCoefficient = Double.exp(end.logAlpha - start.logAlpha)
            scale = end.sigma
            z = h
        case .dpmSolverPlusPlus:
            linearCoefficient = end.sigma / start.sigma
            scale = end.alpha
            z = -h
        }
    }

    var phi1: Double { DPMSolverPhi.first(z) }
    var phi2: Double { DPMSolverPhi.second(z) }
    var phi3: Double { DPMSolverPhi.third(z) }
}
