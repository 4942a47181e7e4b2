/// Any fixed-step solver with its first step taken in closed form, at no NFE: x is moved from
/// the grid's first level to its second along the exact flow of the Gaussian N(m, C) with the
/// data's mean and covariance (the "analytical teleportation" of Wang & Vastola 2023, "The
/// hidden linear structure in score-based models"). In the eigenbasis C = V diag(c) V^T,
///
///     x_s - alpha_s m = V diag(sqrt((alpha_s^2 c + sigma_s^2) / (alpha_t^2 c + sigma_t^2))) V^T (x_t - alpha_t m),
///
/// the flow of ``GaussianFlow`` for a full covariance. At high noise the data's score is the
/// Gaussian's up to terms that fall with sigma-tilde (the mixture's components look like one
/// Gaussian from far away), so the step is accurate where it is long: on `mixture-16d` the
/// flow from T to sigma-tilde 20 is off by 0.010 RMS (in x0 units) and to 10 by 0.039,
/// against errors of 0.1 for the solvers that follow.
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
    /// The data mean m.
    public let dataMean: [Double]
    /// The covariance's eigenvalues c (negative rounding clamped to 0).
    public let covarianceEigenvalues: [Double]
    /// The covariance's eigenvectors, as columns: `covarianceEigenvectors[i][k]` is component i of vector k.
    public let covarianceEigenvectors: [[Double]]

    /// `solver` after a first step along the flow of N(`dataMean`, `dataCovariance`).
    /// - Throws: ``DiffusionODEError`` named `first-step` unless the mean is finite and
    ///   non-empty and the covariance is a finite symmetric matrix of the same dimension.
    public init(_ solver: any Solver, dataMean: [Double], dataCovariance: [[Double]]) throws {
        let dimension = dataMean.count
        guard dimension > 0, dataMean.allSatisfy(\.isFinite) else {
            throw DiffusionODEError.invalidArgument("first-step", "the gaussian first step needs a finite data mean with one value per dimension")
        }
        guard dataCovariance.count == dimension, dataCovariance.allSatisfy({ $0.count == dimension && $0.allSatisfy(\.isFinite) }) else {
            throw DiffusionODEError.invalidArgument("first-step", "the gaussian first step needs a finite \(dimension) x \(dimension) data covariance")
        }
        for i in 0..<dimension {
            for j in 0..<i where abs(dataCovariance[i][j] - dataCovariance[j][i]) > 1e-12 * max(1, abs(dataCovariance[i][j])) {
                throw DiffusionODEError.invalidArgument("first-step", "the data covariance is not symmetric at [\(i), \(j)]")
            }
        }
        let eigen = SymmetricEigen(dataCovariance)
        self.wrapped = solver
        self.dataMean = dataMean
        self.covarianceEigenvalues = eigen.values.map { max($0, 0) }
        self.covarianceEigenvectors = eigen.vectors
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
        guard dataMean.count == problem.initial.columns else {
            throw DiffusionODEError.invalidArgument("first-step", "the data mean has \(dataMean.count) values; the problem has dimension \(problem.initial.columns)")
        }
        let levels = try FixedStepGrid(discretization, problem: problem, solver: self).levels
        guard levels.count >= 3 else {
            throw DiffusionODEError.invalidArgument(
                discretization.countField, "the gaussian first step takes the grid's first step and \(wrapped.name) needs at least one more; give a grid of at least 2 steps")
        }
        let moved = try problem.replacing(initial: flow(problem.initial, from: levels[0], to: levels[1]))
        var solution = try wrapped.solve(moved, .levels(Array(levels.dropFirst())), options: options)
        solution.statistics.acceptedSteps += 1
        solution.trajectory?.insert(TrajectoryPoint(level: levels[0], state: problem.initial), at: 0)
        return solution
    }

    /// x moved from `start` to `end` along the exact flow of N(m, C).
    public func flow(_ x: Batch, from start: NoiseLevel, to end: NoiseLevel) -> Batch {
        let dimension = dataMean.count
        let ratios = covarianceEigenvalues.map { c in
            ((end.alpha * end.alpha * c + end.sigma * end.sigma) / (start.alpha * start.alpha * c + start.sigma * start.sigma)).squareRoot()
        }
        var result = x
        var centred = [Double](repeating: 0, count: dimension), scaled = [Double](repeating: 0, count: dimension)
        result.withUnsafeMutableValues { values in
            for row in 0..<x.rows {
                let base = row * dimension
                for i in 0..<dimension { centred[i] = values[base + i] - start.alpha * dataMean[i] }
                for k in 0..<dimension {
                    var projection = 0.0
                    for i in 0..<dimension { projection += covarianceEigenvectors[i][k] * centred[i] }
                    scaled[k] = ratios[k] * projection
                }
                for i in 0..<dimension {
                    var value = end.alpha * dataMean[i]
                    for k in 0..<dimension { value += covarianceEigenvectors[i][k] * scaled[k] }
                    values[base + i] = value
                }
            }
        }
        return result
    }
}
