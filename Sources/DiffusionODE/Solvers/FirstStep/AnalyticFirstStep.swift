/// Any solver with its first model evaluation answered in closed form, at no NFE (the
/// "analytical first step" of Zhou et al. 2024, AMED-Solver, with the data mean in place of
/// their zero).
///
/// At the start of a solve alpha_T is small (0.0064 at T for the discrete linear schedule) and
/// x_T is nearly pure noise, so the denoised guess E[x0 | x_T] is the data mean m up to
/// O(alpha_T): the first evaluation is taken as
///
///     eps(x_T, T) = (x_T - alpha_T m) / sigma_T,
///
/// exact for data concentrated at m; otherwise the denoised guess is off by
/// alpha_T Cov(x0) x_T / sigma_T^2 to first order, and eps by alpha_T times that. The evaluation it saves is spent on one more step: a budget of N
/// evaluations runs the wrapped solver's plan for N + 1, and the statistics report the N the
/// model was called. It pays where steps are few (5-6 NFE) and the start is very noisy; it
/// needs the data mean, which analytic models know (``NoisePredictor/dataMean``).
public struct AnalyticFirstStep: FirstStepWrapper {
    /// The solver whose first evaluation is answered.
    public let wrapped: any Solver
    /// The data mean m, one value per dimension.
    public let dataMean: [Double]

    /// `solver` with its first evaluation taken from `dataMean`.
    /// - Throws: ``DiffusionODEError`` when the mean is empty or not finite.
    public init(_ solver: any Solver, dataMean: [Double]) throws {
        guard !dataMean.isEmpty, dataMean.allSatisfy(\.isFinite) else {
            throw DiffusionODEError.invalidArgument("first-step", "the analytic first step needs a finite data mean with one value per dimension")
        }
        self.wrapped = solver
        self.dataMean = dataMean
    }

    public var name: String { "\(wrapped.name)/analytic-first-step" }

    /// The wrapped solver's, with one evaluation at the start taken off.
    public var stepControl: StepControl {
        switch wrapped.stepControl {
        case .fixed(let perStep, let start): return .fixed(evaluationsPerStep: perStep, startEvaluations: start - 1)
        case let other: return other
        }
    }

    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        guard !problem.inverts else {
            throw DiffusionODEError.invalidArgument("first-step", "an inversion starts at data, where the analytic first step (a limit at pure noise) does not hold; use the model's first step")
        }
        guard dataMean.count == problem.initial.columns else {
            throw DiffusionODEError.invalidArgument("first-step", "the data mean has \(dataMean.count) values; the problem has dimension \(problem.initial.columns)")
        }
        let firstCall = FirstCallFromDataMean(problem.model, dataMean: dataMean)
        let answered = try problem.replacing(model: firstCall)
        let plan: Discretization
        switch discretization {
        case .evaluations(let budget, let spacing):
            // Checked here, against the budget as given and this solver's step control, so that
            // a refusal names the caller's N (the wrapped solver would see N + 1).
            if case .fixed = wrapped.stepControl {
                _ = try FixedStepGrid(discretization, problem: problem, solver: self)
            } else {
                try FixedStepGrid.check(budget: budget)
            }
            plan = .evaluations(budget + 1, spacing: spacing)
        default: plan = discretization
        }
        var solution = try wrapped.solve(answered, plan, options: options)
        if firstCall.answered { solution.statistics.evaluations -= 1 }
        return solution
    }
}
