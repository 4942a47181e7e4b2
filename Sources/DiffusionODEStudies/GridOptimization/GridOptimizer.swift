import DiffusionODE
import DiffusionODEGSL
import Foundation

/// Finds the grid on which a fixed-step solver, at a given NFE, comes closest to the exact
/// solution on a set of training samples: `diffode optimize-grid`.
///
/// The unknowns are the sigma-tilde levels between the problem's start and its noisy end
/// (``GridParameterization``: monotone by construction); a problem that ends at clean data
/// keeps its last step into sigma = 0. The search starts from the best of the built-in grids
/// (every ``TimeSpacing`` is tried), then runs GSL's Nelder-Mead simplex with restarts
/// (``GSLSimplexMinimizer``) on the chosen objective, from the best three built-in grids, the
/// model-free grid and ``randomStarts`` random ones. It never returns a grid worse on the
/// training samples than the best built-in one.
public struct GridOptimizer: Sendable {
    /// The training problem (its initial batch is the training set).
    public let problem: SamplingProblem
    /// The solver the grid is for.
    public let solver: any Solver
    /// The model evaluations the grid must spend.
    public let budget: Int
    /// What is minimised.
    public let objective: GridObjective
    /// The simplex search.
    public var minimizer = GSLSimplexMinimizer()
    /// Further starts of the search at random grids (for rms and max; 0 to ``maximumRandomStarts``,
    /// checked at init): each costs as much as a default start, and shows whether the default
    /// starts miss a better optimum.
    public let randomStarts: Int
    /// The seed of the random starts.
    public let seed: UInt64

    /// The most random starts a search takes: each costs as much as a default start (seconds
    /// to a minute), so more would run for days.
    public static let maximumRandomStarts = 10_000
    /// The largest budget a grid search takes: the simplex holds (levels + 1) x levels values,
    /// and a search over a thousand levels would not converge in any useful time anyway.
    public static let maximumBudget = 1000

    /// An optimiser of the grid `solver` runs on with `budget` evaluations on `problem`.
    /// - Throws: ``DiffusionODEError`` unless the solver takes fixed steps and can spend the budget.
    public init(problem: SamplingProblem, solver: any Solver, budget: Int, objective: GridObjective = .rms, randomStarts: Int = 0, seed: UInt64 = 0) throws {
        guard (0...Self.maximumRandomStarts).contains(randomStarts) else {
            throw DiffusionODEError.invalidArgument("random-starts", "must be between 0 and \(Self.maximumRandomStarts), got \(randomStarts)")
        }
        guard budget <= Self.maximumBudget else {
            throw DiffusionODEError.invalidArgument("nfe", "must be at most \(Self.maximumBudget) for a grid search (its simplex has one vertex per level), got \(budget)")
        }
        guard case .fixed = solver.stepControl else {
            throw DiffusionODEError.invalidArgument("solver", "\(solver.name) does not take a fixed grid; optimize-grid needs a fixed-step solver")
        }
        guard !solver.isStochastic else {
            throw DiffusionODEError.invalidArgument("solver", "\(solver.name) is stochastic; optimize-grid measures a deterministic solver against the exact flow")
        }
        let cleanStep = problem.endsAtCleanData ? 1 : 0
        guard budget - cleanStep >= 1, solver.stepControl.steps(spending: budget - cleanStep) != nil else {
            throw DiffusionODEError.invalidArgument("nfe", FixedStepGrid.unspendable(budget, by: solver, cleanStep: cleanStep))
        }
        self.problem = problem
        self.solver = solver
        self.budget = budget
        self.objective = objective
        self.randomStarts = randomStarts
        self.seed = seed
    }

    /// The outcome: the grid, and the training error of it and of every built-in grid.
    public struct Result: Sendable {
        /// The optimised sigma-tilde levels (a `--sigmas` grid: start to end, a 0 for a clean end).
        public var sigmas: [Double]
        /// Its error on the training samples (RMS or max, as the objective; RMS for the model-free and GITS grids).
        public var trainingError: Double
        /// The built-in grids' training errors, best first.
        public var builtInErrors: [(spacing: TimeSpacing, error: Double)]
        /// The objective evaluations the search spent (solves, for rms and max).
        public var evaluations: Int
        /// The search's wall-clock seconds.
        public var seconds: Double
    }

    /// The number of spaced steps the budget buys.
    public var steps: Int {
        solver.stepControl.steps(spending: budget - (problem.endsAtCleanData ? 1 : 0)) ?? 1
    }

    /// The parameterisation of this problem's grids.
    public var parameterization: GridParameterization {
        GridParameterization(from: problem.startLevel, to: problem.spacedEndLevel, steps: steps, endsAtCleanData: problem.endsAtCleanData)
    }

    /// The error of the solver on `sigmas` against `reference` (infinity when the solve fails).
    public func error(on sigmas: [Double], against reference: Batch, problem: SamplingProblem, metric: ErrorMetric) -> Double {
        guard let final = solveInParts(problem, on: sigmas) else { return .infinity }
        return metric == .rms ? final.rmsDifference(to: reference) : final.maxAbsoluteDifference(to: reference)
    }

    /// The final states of `problem` on `sigmas`, its samples solved in one part per core side
    /// by side (nil when a part fails). One solve of 2000 samples keeps only about 1.4 of two
    /// cores busy: its steps are short and the model's own split waits at every call. The
    /// solvers a grid is optimised for treat samples independently, so with a model that
    /// evaluates each row on its own (a mixture, as `optimize-grid` takes) the parts, put back
    /// in order, are the whole solve's final states bit for bit; a model whose products block
    /// rows (the digits network) may differ in the last bits with the number of cores.
    func solveInParts(_ problem: SamplingProblem, on sigmas: [Double]) -> Batch? {
        let rows = problem.initial.rows, columns = problem.initial.columns
        let parts = min(rows, ProcessorCount.active)
        guard parts > 1 else { return try? solver.solve(problem, .sigmas(sigmas)).final }
        var finals = [Batch?](repeating: nil, count: parts)
        finals.withUnsafeMutableBufferPointer { finals in
            let results = UnsafeSendableMutablePointer(finals.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let first = rows * part / parts, end = rows * (part + 1) / parts
                let values = Array(problem.initial.storage[(first * columns)..<(end * columns)])
                results.pointer[part] = try? solver.solve(
                    problem.replacing(initial: Batch(rows: end - first, columns: columns, values: values)), .sigmas(sigmas)
                ).final
            }
        }
        var values: [Double] = []
        values.reserveCapacity(rows * columns)
        for final in finals {
            guard let final else { return nil }
            values += final.storage
        }
        return try? Batch(rows: rows, columns: columns, values: values)
    }

    /// The grid minimising Xue et al.'s model-free bound, from the logsnr grid.
    func modelFreeSigmas(_ shape: GridParameterization, isCancelled: (@Sendable () -> Bool)?) throws -> [Double] {
        let bound = ModelFreeGridObjective(schedule: problem.schedule)
        let start = shape.parameters(of: TimeGrid.levels(.logSNR, schedule: problem.schedule, from: problem.startTime, to: problem.spacedEndTime, steps: steps).map(\.sigmaTilde))
        let search = try minimizer.minimize({ u in
            bound.value(halfLogSNRs: shape.sigmas(u).filter { $0 > 0 }.map { -Foundation.log($0) })
        }, from: start, isCancelled: isCancelled)
        return shape.sigmas(search.point)
    }

    /// Runs the search.
    /// - Parameter isCancelled: polled between simplex iterations.
    public func run(isCancelled: (@Sendable () -> Bool)? = nil) throws -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        let reference = try ReferenceSolution(problem, isCancelled: isCancelled).final
        let metric: ErrorMetric = objective == .max ? .max : .rms
        let shape = parameterization
        // Every built-in grid with its training error, best first: the ranking, the fallback and the first starts.
        let builtIn = try TimeSpacing.allCases.map { spacing in
            let sigmas = try FixedStepGrid(.evaluations(budget, spacing: spacing), problem: problem, solver: solver).levels.map(\.sigmaTilde)
            return (spacing: spacing, sigmas: sigmas, error: error(on: sigmas, against: reference, problem: problem, metric: metric))
        }.sorted { $0.error < $1.error }
        let bestBuiltIn = builtIn[0].sigmas
        if !builtIn[0].error.isFinite {
            // No built-in grid gives a solve (e.g. a multistep solver whose warm-up leaves fewer
            // steps than its order): say why, rather than optimise an objective that is infinite everywhere.
            do {
                _ = try solver.solve(problem, .sigmas(bestBuiltIn))
            } catch let error as DiffusionODEError where error.kind == .invalidArgument {
                // Only a refusal of the grid blames the budget; a failing model or solve keeps its own error.
                throw DiffusionODEError.invalidArgument("nfe", "\(solver.name) cannot solve on a grid of \(budget) evaluations: \(error.message)")
            }
            throw DiffusionODEError.solveFailed("solver", "\(solver.name) gives no finite error on any built-in grid of \(budget) evaluations")
        }
        var sigmas = bestBuiltIn
        var evaluations = 0
        switch objective {
        case .rms, .max:
            // Several starts: the best three built-in grids and the model-free one; the simplex
            // finds different local minima from them. Random starts: lambda widths from a softmax
            // of N(0, 1.5^2) logits, which spreads the shares of the steps over two orders of magnitude.
            var starts: [[Double]] = builtIn.prefix(3).map { shape.parameters(of: $0.sigmas) }
            starts.append(shape.parameters(of: try modelFreeSigmas(shape, isCancelled: isCancelled)))
            // The random starts are drawn one at a time, as the search reaches them.
            var generator = SeededGenerator(seed: seed, stream: 3)
            var best = (point: shape.parameters(of: bestBuiltIn), value: Double.infinity)
            for index in 0..<(starts.count + randomStarts) {
                let start = index < starts.count ? starts[index] : (0..<shape.dimension).map { _ in 1.5 * generator.nextStandardNormal() }
                let search = try minimizer.minimize({ u in
                    error(on: shape.sigmas(u), against: reference, problem: problem, metric: metric)
                }, from: start, isCancelled: isCancelled)
                evaluations += search.evaluations
                if search.value < best.value { best = (search.point, search.value) }
            }
            sigmas = shape.sigmas(best.point)
        case .modelFree:
            sigmas = try modelFreeSigmas(shape, isCancelled: isCancelled)
            evaluations = 0
        case .gits:
            let path = try GITSGrid().sigmas(for: problem, steps: steps, options: SolveOptions(isCancelled: isCancelled))
            sigmas = problem.endsAtCleanData ? path + [0] : path
            evaluations = 1
        }
        var trainingError = error(on: sigmas, against: reference, problem: problem, metric: metric)
        if (objective == .rms || objective == .max), !(trainingError <= builtIn[0].error) {
            // The simplex starts at the best built-in grid, so this only guards rounding.
            sigmas = bestBuiltIn
            trainingError = builtIn[0].error
        }
        return Result(sigmas: sigmas, trainingError: trainingError, builtInErrors: builtIn.map { ($0.spacing, $0.error) }, evaluations: evaluations, seconds: (clock.now - started).seconds)
    }
}
