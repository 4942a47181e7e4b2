/// Which model output a DPM-Solver integrates (the reference's `algorithm_type`).
public enum DPMSolverAlgorithm: String, CaseIterable, Sendable {
    /// DPM-Solver (Lu et al., NeurIPS 2022): noise prediction eps_theta,
    /// x_t = (alpha_t/alpha_s) x_s - alpha_t Integral exp(-lambda) eps dlambda.
    case dpmSolver = "dpmsolver"
    /// DPM-Solver++ (Lu et al., 2022, arXiv:2211.01095): data prediction
    /// x0_theta = (x - sigma eps)/alpha, x_t = (sigma_t/sigma_s) x_s + sigma_t Integral exp(lambda) x0 dlambda.
    case dpmSolverPlusPlus = "dpmsolver++"
}

extension ModelEvaluator {
    /// The model output `algorithm` integrates: eps_theta for DPM-Solver, x0_theta for DPM-Solver++.
    func evaluate(_ algorithm: DPMSolverAlgorithm, _ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        switch algorithm {
        case .dpmSolver: try noise(x, at: level, into: &output)
        case .dpmSolverPlusPlus: try data(x, at: level, into: &output)
        }
    }
}

extension DPMSolverAlgorithm {
    /// The step into clean data from a model output m at `level`: x0 = m for DPM-Solver++,
    /// x0 = (x - sigma eps)/alpha for DPM-Solver (no model evaluation).
    func denoised(_ x: Batch, modelOutput: Batch, at level: NoiseLevel, into output: inout Batch) {
        switch self {
        case .dpmSolver: output.assign(1 / level.alpha, x, -level.sigma / level.alpha, modelOutput)
        case .dpmSolverPlusPlus: output.copyValues(from: modelOutput)
        }
    }
}
