/// DEIS (Zhang & Chen, "Fast Sampling of Diffusion Models with Exponential Integrator", ICLR
/// 2023), the multistep `tAB` method in its `tab` form as the ComfyUI fork of k-diffusion runs it
/// (`sample_deis`, after diff-sampler): y = x/alpha and d = (y - D)/s in sigma-tilde,
///
///     y_(i+1) = y_i + sum_(j < p) w_j d_(i-j),   p = min(i + 1, K),
///
/// the weights integrating the polynomial interpolant of d in an auxiliary VP time
/// (``DEISTimeTable``); the first step and the step into sigma = 0 are Euler steps (the latter
/// is y = D). One evaluation per step. `deis-1` is k-diffusion's `sample_euler` (the reference
/// itself stops with an index error in its history update at max_order 1).
public struct DEIS: Solver {
    /// K, the largest number of derivatives combined (1, 2 or 3).
    public let maximumOrder: Int
    /// The reference's 10000-point sum, or exact quadrature.
    public let weights: MultistepWeights

    /// DEIS-tAB of order `maximumOrder`.
    /// - Throws: ``DiffusionODEError`` unless the order is 1, 2 or 3.
    public init(order: Int, weights: MultistepWeights = .reference) throws {
        guard (1...3).contains(order) else {
            throw DiffusionODEError.invalidArgument("order", "deis has order 1, 2 or 3, got \(order)")
        }
        self.maximumOrder = order
        self.weights = weights
    }

    /// The command-line name, e.g. `deis-2` (`deis-2/exact` with exact weights).
    public var name: String { "deis-\(maximumOrder)" + (weights == .exact ? "/exact" : "") }
    /// K (polynomial extrapolation of degree K - 1).
    public var order: Int { maximumOrder }
    /// One evaluation per step.
    public var stepControl: StepControl { .fixed(evaluationsPerStep: 1) }
    /// Time-quadratic, with the other multistep solvers.
    public var defaultSpacing: TimeSpacing { .timeQuadratic }

    /// Runs over the fixed grid mapped into sigma-tilde.
    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        let table = DEISTimeTable()
        return try SigmaSpaceMultistep(solver: self, maximumOrder: maximumOrder, denoisesIntoCleanData: true).solve(problem, discretization, options: options) { _, levels, end in
            let sigmas = levels.map(\.sigmaTilde)
            if sigmas.count == 1 { return [end.sigmaTilde - sigmas[0]] }
            return table.weights(sigmas: sigmas, next: end.sigmaTilde, rule: weights)
        }
    }
}
