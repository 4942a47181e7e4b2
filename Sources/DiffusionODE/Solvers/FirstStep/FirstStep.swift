/// Where a solve's first step comes from: the model, as every solver takes it, or a closed
/// form from the data's statistics at no NFE.
public enum FirstStep: Sendable, Equatable {
    /// The solver's own first step, with the model's evaluation.
    case model
    /// The solver's own first step, its evaluation answered from the data mean (``AnalyticFirstStep``).
    case analytic(dataMean: [Double])
    /// The first step along the exact flow of the Gaussian with the data's mean and covariance (``GaussianFirstStep``).
    case gaussian(GaussianMoments)

    /// `solver` with this first step.
    /// - Throws: ``DiffusionODEError`` named `first-step` for a mean ``AnalyticFirstStep`` refuses.
    public func applied(to solver: any Solver) throws -> any Solver {
        switch self {
        case .model: return solver
        case .analytic(let mean): return try AnalyticFirstStep(solver, dataMean: mean)
        case .gaussian(let gaussian): return GaussianFirstStep(solver, gaussian: gaussian)
        }
    }
}
