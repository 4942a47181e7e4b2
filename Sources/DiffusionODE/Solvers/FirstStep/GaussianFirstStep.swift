/// Any fixed-step solver with its first step taken in closed form, at no NFE: x is moved from
/// the grid's first level to its second along the exact flow of the Gaussian N(m, C) with the
/// data's mean and covariance (the "analytical teleportation" of Wang & Vastola 2023, "The
/// hidden linear structure in score-based models"), the map ``GaussianMoments/flow(_:from:to:)``
/// states. At high noise the data's score is the Gaussian's up to terms that
/// fall with sigma-tilde (a mixture's components look like one Gaussian from far away), so the
/// step is accurate where it is long; its error is the Gaussian's, not the solver's.
///
/// The wrapped solver then spends the whole budget from the second level on: a budget of N
/// runs a grid of one step more than the wrapped solver's plan for N, and the statistics count
/// that step. Where the grid's second level sits is a choice a grid search makes well
/// (`optimize-grid --first-step gaussian`). Unlike ``AnalyticFirstStep``, which keeps the
/// solver's own first step and answers its evaluation from the mean, this replaces the whole
/// first step, and its error does not depend on the solver.
public struct GaussianFirstStep: FirstStepWrapper {
    /// The solver that takes the steps after the first.
    public let wrapped: any Solver
    /// The Gaussian whose flow the first step follows.
    public let gaussian: GaussianMoments

    /// `solver` after a first step along the flow of `gaussian`.
    public init(_ solver: any Solver, gaussian: GaussianMoments) {
        self.wrapped = solver
        self.gaussian = gaussian
    }

    /// `solver` after a first step along the flow of N(`dataMean`, `dataCovariance`).
    /// - Throws: ``DiffusionODEError`` named `first-step` for a mean or covariance ``GaussianMoments`` refuses.
    public init(_ solver: any Solver, dataMean: [Double], dataCovariance: [[Double]]) throws {
        self.init(solver, gaussian: try GaussianMoments(mean: dataMean, covariance: dataCovariance))
    }

    public var name: String { "\(wrapped.name)/gaussian-first-step" }

    /// The wrapped solver's, with one step of no evaluations more: the start is one step's
    /// evaluations lower.
    public var stepControl: StepControl {
        switch wrapped.stepControl {
        case .fixed(let perStep, let start): return .fixed(evaluationsPerStep: perStep, startEvaluations: start - perStep)
        case let other: return other
        }
    }

    public func solve(_ problem: SamplingProblem, _ discretization: Discretization, options: SolveOptions) throws -> Solution {
        guard !problem.inverts else {
            throw DiffusionODEError.invalidArgument("first-step", "an inversion starts at data, where the gaussian first step (a flow from pure noise) does not hold; use the model's first step")
        }
        guard case .fixed = wrapped.stepControl else {
            throw DiffusionODEError.invalidArgument("first-step", "gaussian takes the first step of a fixed grid, and \(wrapped.name) chooses its own steps; use --first-step model or analytic")
        }
        guard gaussian.mean.count == problem.initial.columns else {
            throw DiffusionODEError.invalidArgument("first-step", "the data mean has \(gaussian.mean.count) values; the problem has dimension \(problem.initial.columns)")
        }
        let levels = try FixedStepGrid(discretization, problem: problem, solver: self).levels
        guard levels.count >= 3 else {
            throw DiffusionODEError.invalidArgument(
                discretization.countField, "the gaussian first step takes the grid's first step and \(wrapped.name) needs at least one more; give a grid of at least 2 steps")
        }
        let moved = try problem.replacing(initial: gaussian.flow(problem.initial, from: levels[0], to: levels[1]))
        var solution = try wrapped.solve(moved, .levels(Array(levels.dropFirst())), options: options)
        solution.statistics.acceptedSteps += 1
        solution.trajectory?.insert(TrajectoryPoint(level: levels[0], state: problem.initial), at: 0)
        return solution
    }
}
