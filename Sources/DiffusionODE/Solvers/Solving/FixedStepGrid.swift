/// The outer grid of a fixed-step solve, resolved from a ``Discretization``.
public struct FixedStepGrid: Sendable {
    /// The levels t_0 (start) ... t_K (end).
    public var levels: [NoiseLevel]
    /// The spacing rule, when the grid came from one (explicit grids have none).
    public var spacing: TimeSpacing?

    /// The number of steps K.
    public var stepCount: Int { levels.count - 1 }

    /// The largest number of steps (or evaluations) a grid may have: ten million, far beyond
    /// any sampler, and small enough that a grid always fits in memory.
    public static let maximumSteps = 10_000_000

    /// Resolves `discretization` for `solver`: a step count or an NFE budget on the solver's
    /// grid spacing (its ``Solver/defaultSpacing`` when none is named), or an explicit grid.
    ///
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` for a non-positive count, a
    ///   budget that the solver cannot spend exactly, tolerances, or a bad grid.
    /// - Parameter acceptsCleanLevel: whether the last level may be ``NoiseLevel/clean``.
    public init(_ discretization: Discretization, problem: SamplingProblem, solver: any Solver, acceptsCleanLevel: Bool = false) throws {
        let schedule = problem.schedule
        let spacing = discretization.spacing ?? solver.defaultSpacing
        switch discretization {
        case .steps(let steps, _):
            guard steps >= 1, steps <= FixedStepGrid.maximumSteps else {
                throw DiffusionODEError.invalidArgument("steps", "must be between 1 and \(FixedStepGrid.maximumSteps), got \(steps)")
            }
            self.levels = TimeGrid.levels(spacing, schedule: schedule, from: problem.startTime, to: problem.endTime, steps: steps)
            self.spacing = spacing
        case .evaluations(let budget, _):
            guard budget >= 1, budget <= FixedStepGrid.maximumSteps else {
                throw DiffusionODEError.invalidArgument("nfe", "must be between 1 and \(FixedStepGrid.maximumSteps), got \(budget)")
            }
            guard let steps = solver.stepControl.steps(spending: budget) else {
                throw DiffusionODEError.invalidArgument("nfe", Self.unspendable(budget, by: solver))
            }
            self.levels = TimeGrid.levels(spacing, schedule: schedule, from: problem.startTime, to: problem.endTime, steps: steps)
            self.spacing = spacing
        case .times(let times):
            guard times.count >= 2 else {
                throw DiffusionODEError.invalidArgument("times", "needs at least 2 times, got \(times.count)")
            }
            for (index, time) in times.enumerated() {
                try schedule.validate(time: time, field: "times[\(index)]")
                if index > 0, time >= times[index - 1] {
                    throw DiffusionODEError.invalidArgument("times[\(index)]", "must be smaller than the time before it (\(times[index - 1])), got \(time)")
                }
            }
            self.levels = times.map(schedule.level(at:))
            self.spacing = nil
        case .levels(let levels):
            guard levels.count >= 2 else {
                throw DiffusionODEError.invalidArgument("levels", "needs at least 2 levels, got \(levels.count)")
            }
            for index in 1..<levels.count where !(levels[index].halfLogSNR > levels[index - 1].halfLogSNR) {
                throw DiffusionODEError.invalidArgument("levels[\(index)]", "must be less noisy than the level before it (lambda \(levels[index - 1].halfLogSNR)), got lambda \(levels[index].halfLogSNR)")
            }
            if !acceptsCleanLevel, let last = levels.last, last.isClean {
                throw DiffusionODEError.invalidArgument("levels", "ends at the clean level (lambda = infinity), which only ddim and ddpm can step to")
            }
            self.levels = levels
            self.spacing = nil
        case .tolerances:
            throw DiffusionODEError.invalidArgument(
                "tolerances", "\(solver.name) takes fixed steps; give a number of steps or an NFE budget instead of atol/rtol"
            )
        }
    }

    /// Why `budget` cannot be spent by `solver`, with the nearest budgets that can.
    static func unspendable(_ budget: Int, by solver: any Solver) -> String {
        guard case .fixed(let perStep, let start) = solver.stepControl else {
            return "\(solver.name) cannot spend a fixed budget of \(budget) evaluations"
        }
        let below = budget > start ? (budget - start) / perStep * perStep + start : 0
        let above = max(below, start) + perStep
        let choices = below > start ? "\(below) or \(above)" : "\(above)"
        let cost = start > 0 ? "\(perStep) evaluation\(perStep == 1 ? "" : "s") per step plus \(start) at the start" : "\(perStep) evaluations per step"
        return "\(budget) cannot be spent by \(solver.name), which takes \(cost); use \(choices)"
    }

    /// One planned first-order step per grid interval, with no intermediate points.
    public var plan: [PlannedStep] {
        (0..<stepCount).map { PlannedStep(start: levels[$0], end: levels[$0 + 1]) }
    }
}
