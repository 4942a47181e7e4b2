/// The improved pseudo-numerical method iPNDM (Zhang & Chen, "Fast Sampling of Diffusion
/// Models with Exponential Integrator", ICLR 2023, Appendix) in sigma-tilde, as the ComfyUI
/// fork of k-diffusion has it (`sample_ipndm`, `sample_ipndm_v`, max_order 4): Adams-Bashforth
/// on d = (y - D)/s with y = x/alpha, the first steps of lower order, and the step into
/// sigma = 0 the data-prediction step y = D. One model evaluation per step.
///
/// - `ipndm`: the fixed uniform-step weights [1], [3, -1]/2, [23, -16, 5]/12,
///   [55, -59, 37, -9]/24, times the step. On a grid that is not uniform in sigma-tilde they
///   are first-order consistent only in the step ratios: second order (measured).
/// - `ipndm-v`: the reference's variable-step weights, exactly as coded. Its third-order
///   weights integrate only linear functions exactly on non-uniform grids, and its fourth-order
///   weights reduce on a uniform grid to (57, -65, 43, -11)/24, not (55, -59, 37, -9)/24, and
///   sum to 1 only when successive step ratios are equal. With ``MultistepWeights/exact`` the
///   weights are the exact variable-step Adams-Bashforth ones (integrals of the Lagrange
///   interpolant, ``LagrangeIntegral``), which is k-diffusion's LMS with the y = D last step.
public struct IPNDM: Solver {
    /// Variable-step weights (`ipndm-v`) or the fixed ones (`ipndm`).
    public let variableStep: Bool
    /// For `ipndm-v`: the reference's weights or the exact ones.
    public let weights: MultistepWeights
    /// The largest number of derivatives a step combines (4).
    public let maximumOrder: Int

    /// An iPNDM sampler.
    /// - Throws: ``DiffusionODEError`` unless 1 <= maximumOrder <= 4, and exact weights only for the variable-step method.
    public init(variableStep: Bool, weights: MultistepWeights = .reference, maximumOrder: Int = 4) throws {
        guard (1...4).contains(maximumOrder) else {
            throw DiffusionODEError.invalidArgument("order", "iPNDM combines 1 to 4 derivatives, got \(maximumOrder)")
        }
        guard variableStep || weights == .reference else {
            throw DiffusionODEError.invalidArgument("coefficients", "ipndm has fixed weights; exact variable-step weights are ipndm-v --coefficients exact")
        }
        self.variableStep = variableStep
        self.weights = weights
        self.maximumOrder = maximumOrder
    }

    /// The command-line name, `ipndm` or `ipndm-v` (`ipndm-v/exact` with exact weights).
    public var name: String { variableStep ? (weights == .exact ? "ipndm-v/exact" : "ipndm-v") : "ipndm" }

    /// 2 with the reference's weights (see above; measured in `CatalogOrderTests`), 4 with exact ones.
    public var order: Int { weights == .exact ? maximumOrder : min(maximumOrder, 2) }
    /// One evaluation per step.
    public var stepControl: StepControl { .fixed(evaluationsPerStep: 1) }
    /// Time-quadratic (measured best for it at 6-20 steps, with the multistep solvers).
    public var defaultSpacing: TimeSpacing { .timeQuadratic }

    /// Runs over the fixed grid mapped into sigma-tilde.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        try SigmaSpaceMultistep(solver: self, maximumOrder: maximumOrder, denoisesIntoCleanData: true).solve(problem, discretization, options: options) { _, levels, end in
            let sigmas = levels.map(\.sigmaTilde)
            let width = end.sigmaTilde - sigmas[0]
            if weights == .exact {
                return LagrangeIntegral.weights(nodes: sigmas.map { $0 - sigmas[0] }, width: width)
            }
            let unit = variableStep ? Self.referenceVariableWeights(sigmas: sigmas, next: end.sigmaTilde) : Self.fixedWeights[sigmas.count - 1]
            return unit.map { $0 * width }
        }
    }

    /// Adams-Bashforth's uniform-step weights of orders 1 to 4.
    static let fixedWeights: [[Double]] = [[1], [1.5, -0.5], [23.0 / 12, -16.0 / 12, 5.0 / 12], [55.0 / 24, -59.0 / 24, 37.0 / 24, -9.0 / 24]]

    /// `sample_ipndm_v`'s weights as coded, for the derivatives at `sigmas` (newest first)
    /// and a step to `next`: with H the step and g1, g2, g3 the previous ones (all signed),
    /// q = H/g1, T1 = (1 - H^2/(3 g1 (g1 + g2)))/2, rho = g1/g2, kappa = g1 (g1 + g2)/(g2 (g2 + g3)) and
    /// T2 = [(1 - H/(3(H + g1)))/2 + (1 - H/(2(H + g1))) H/(6(H + g1 + g2))] H (H + g1)(H + g1 + g2) / (g1 (g1 + g2)(g1 + g2 + g3)).
    static func referenceVariableWeights(sigmas: [Double], next: Double) -> [Double] {
        let h = next - sigmas[0]
        switch sigmas.count {
        case 1:
            return [1]
        case 2:
            let q = h / (sigmas[0] - sigmas[1])
            return [1 + q / 2, -q / 2]
        default:
            let g1 = sigmas[0] - sigmas[1], g2 = sigmas[1] - sigmas[2]
            let q = h / g1
            let t1 = (1 - h * h / (3 * g1 * (g1 + g2))) / 2
            let rho = g1 / g2
            if sigmas.count == 3 {
                return [1 + q / 2 + t1, -q / 2 - (1 + rho) * t1, rho * t1]
            }
            let g3 = sigmas[2] - sigmas[3]
            let kappa = g1 * (g1 + g2) / (g2 * (g2 + g3))
            let bracket = (1 - h / (3 * (h + g1))) / 2 + (1 - h / (2 * (h + g1))) * h / (6 * (h + g1 + g2))
            let t2 = bracket * h * (h + g1) * (h + g1 + g2) / (g1 * (g1 + g2) * (g1 + g2 + g3))
            return [
                1 + q / 2 + t1 + t2,
                -q / 2 - (1 + rho) * t1 - (1 + rho + kappa) * t2,
                rho * t1 + (rho + kappa * (1 + g2 / g3)) * t2,
                -kappa * rho * t2,
            ]
        }
    }
}
