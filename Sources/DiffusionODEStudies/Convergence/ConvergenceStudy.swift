import DiffusionODE

/// A convergence (fixed-step solvers, over NFE budgets) and work-precision (adaptive
/// solvers, over tolerances) study: every solver runs from the same x_T, and every
/// result is measured against one ``ReferenceSolution``.
public struct ConvergenceStudy: Sendable {
    /// The problem every run solves.
    public var problem: SamplingProblem
    /// The solvers, in the order of the report.
    public var solvers: [any Solver]
    /// NFE budgets for the fixed-step solvers.
    public var budgets: [Int]
    /// Tolerances (atol = rtol) for the adaptive solvers, largest first.
    public var tolerances: [Double] { toleranceSettings.map(\.absolute) }
    private let toleranceSettings: [Tolerances]
    /// The grid spacings every fixed-step solver runs on (nil: each solver's
    /// ``Solver/defaultSpacing``); with more than one, the result keeps each solver's best.
    public var spacings: [TimeSpacing?]
    /// The first grid spacing.
    public var spacing: TimeSpacing? { spacings.first ?? nil }
    /// Explicit sigma-tilde grids every fixed-step solver also runs once on (at the NFE the grid
    /// takes), reported as `solver on label`.
    public var explicitGrids: [(label: String, sigmas: [Double])] = []
    /// Report each spacing's runs as their own rows (`solver on spacing`) instead of keeping
    /// each solver's best: a comparison of grids rather than of solvers.
    public var labelsSpacings = false

    /// A study of `solvers` on `problem`; budgets are sorted up, tolerances down.
    /// - Throws: `DiffusionODEError` when `solvers` is empty, a budget is below 1, a tolerance is
    ///   not finite and positive, or fixed-step (adaptive) solvers come without budgets (tolerances).
    public init(problem: SamplingProblem, solvers: [any Solver], budgets: [Int], tolerances: [Double] = [], spacing: TimeSpacing? = .logSNR) throws {
        try self.init(problem: problem, solvers: solvers, budgets: budgets, tolerances: tolerances, spacings: [spacing])
    }

    /// A study that runs every fixed-step solver on each of `spacings` (a grid search).
    public init(
        problem: SamplingProblem, solvers: [any Solver], budgets: [Int], tolerances: [Double] = [], spacings: [TimeSpacing?],
        explicitGrids: [(label: String, sigmas: [Double])] = []
    ) throws {
        guard !solvers.isEmpty else {
            throw DiffusionODEError.invalidArgument("solvers", "is empty; name at least one solver")
        }
        for budget in budgets where budget < 1 {
            throw DiffusionODEError.invalidArgument("nfe", "budgets must be at least 1, got \(budget)")
        }
        let toleranceSettings = try tolerances.sorted(by: >).map { try Tolerances(both: $0) }
        if solvers.contains(where: { !$0.isAdaptive }), budgets.isEmpty, explicitGrids.isEmpty {
            throw DiffusionODEError.invalidArgument("nfe", "is empty; fixed-step solvers need NFE budgets")
        }
        if solvers.contains(where: \.isAdaptive), tolerances.isEmpty {
            throw DiffusionODEError.invalidArgument("tolerances", "is empty; adaptive solvers (\(solvers.filter(\.isAdaptive).map(\.name).joined(separator: ", "))) need tolerances")
        }
        self.problem = problem
        self.solvers = solvers
        self.budgets = budgets.sorted()
        self.toleranceSettings = toleranceSettings
        self.spacings = spacings.isEmpty && explicitGrids.isEmpty ? [nil] : spacings
        self.explicitGrids = explicitGrids
    }

    /// The discretizations a solver runs with: budgets it can spend exactly (fixed-step), or
    /// the tolerances (adaptive).
    public func discretizations(for solver: any Solver) -> [Discretization] {
        switch solver.stepControl {
        case .adaptive:
            return toleranceSettings.map { .tolerances($0) }
        case .fixed:
            return spacings.flatMap { spacing in budgets.filter { solver.stepControl.steps(spending: $0) != nil }.map { .evaluations($0, spacing: spacing) } }
        case .budget:
            return spacings.flatMap { spacing in budgets.map { .evaluations($0, spacing: spacing) } }
        }
    }

    /// The number of runs.
    public var runCount: Int {
        solvers.reduce(0) { $0 + discretizations(for: $1).count + ($1.isAdaptive ? 0 : explicitGrids.count) }
    }

    /// The name a run is reported under.
    func reportName(_ solver: any Solver, _ discretization: Discretization) -> String {
        guard labelsSpacings, case .evaluations(_, let spacing) = discretization else { return solver.name }
        return "\(solver.name) on \(spacing?.description ?? "default")"
    }

    /// Runs the study.
    /// - Parameters:
    ///   - options: passed to every solve (cancellation, step budget).
    ///   - progress: called before each run with (runs done, runs in all, what runs next).
    public func run(options: SolveOptions = SolveOptions(), progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> ConvergenceResult {
        progress(0, runCount, "reference solution")
        let reference = try ReferenceSolution(problem, isCancelled: options.isCancelled)
        var records: [ConvergenceRecord] = []
        var skipped: [String] = []
        var done = 0
        var names: [String] = []
        for solver in solvers {
            let explicit = solver.isAdaptive ? [] : explicitGrids.map { (name: "\(solver.name) on \($0.label)", discretization: Discretization.sigmas($0.sigmas)) }
            let runs = discretizations(for: solver).map { (name: reportName(solver, $0), discretization: $0) } + explicit
            for (name, discretization) in runs {
                if !names.contains(name) { names.append(name) }
                progress(done, runCount, "\(solver.name), \(discretization.summary)")
                done += 1
                let solution: Solution
                do {
                    solution = try solver.solve(problem, discretization, options: options)
                } catch let error as DiffusionODEError where error.kind == .invalidArgument && (spacings.count > 1 || !explicitGrids.isEmpty) {
                    // A grid search skips what a solver cannot run (too few steps for its order).
                    skipped.append("\(solver.name), \(discretization.summary): \(error)")
                    continue
                }
                var tolerance: Double? = nil
                var spacing: TimeSpacing? = nil
                switch discretization {
                case .tolerances(let tolerances): tolerance = tolerances.absolute
                case .evaluations(_, let gridSpacing), .steps(_, let gridSpacing): spacing = gridSpacing ?? solver.defaultSpacing
                default: break
                }
                records.append(ConvergenceRecord(
                    solver: name,
                    schedule: problem.schedule.name,
                    spacing: spacing,
                    formulation: solver.formulation,
                    tolerance: tolerance,
                    evaluations: solution.statistics.evaluations,
                    steps: solution.statistics.steps,
                    rejectedSteps: solution.statistics.rejectedSteps,
                    rmsError: solution.final.rmsDifference(to: reference.final),
                    maxError: solution.final.maxAbsoluteDifference(to: reference.final),
                    seconds: solution.statistics.seconds
                ))
            }
        }
        progress(done, runCount, "done")
        return ConvergenceResult(records: records, solverNames: names, reference: reference, skipped: skipped)
    }
}
