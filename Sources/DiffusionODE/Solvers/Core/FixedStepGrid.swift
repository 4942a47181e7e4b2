/// The outer grid of a fixed-step solve, resolved from a ``Discretization``.
struct FixedStepGrid {
    /// The levels t_0 (start) ... t_K (end).
    var levels: [NoiseLevel]
    /// The spacing rule, when the grid came from one (explicit grids have none).
    var spacing: TimeSpacing?

    var stepCount: Int { levels.count - 1 }

    /// The largest number of steps (or evaluations) a grid may have: ten million, far beyond
    /// any sampler, and small enough that a grid always fits in memory.
    static let maximumSteps = 10_000_000

    /// Resolves `discretization` for a solver that spends `evaluationsPerStep` model
    /// evaluations per step.
    ///
    /// - Parameter acceptsCleanLevel: whether the last level may be ``NoiseLevel/clean``.
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` for a non-positive count, a
    ///   budget that the evaluations per step do not divide, tolerances, or a bad grid.
    init(
        _ discretization: Discretization,
        problem: SamplingProblem,
        solverName: String,
        evaluationsPerStep: Int,
        acceptsCleanLevel: Bool = false
    ) throws {
        let schedule = problem.schedule
        switch discretization {
        case .steps(let steps, let spacing):
            guard steps >= 1, steps <= FixedStepGrid.maximumSteps else {
                throw DiffusionODEError.invalidArgument("steps", "must be between 1 and \(FixedStepGrid.maximumSteps), got \(steps)")
            }
            self.levels = TimeGrid.levels(spacing, schedule: schedule, from: problem.startTime, to: problem.endTime, steps: steps)
            self.spacing = spacing
        case .evaluations(let budget, let spacing):
            guard budget >= 1, budget <= FixedStepGrid.maximumSteps else {
                throw DiffusionODEError.invalidArgument("nfe", "must be between 1 and \(FixedStepGrid.maximumSteps), got \(budget)")
            }
            guard budget % evaluationsPerStep == 0 else {
                let below = budget / evaluationsPerStep * evaluationsPerStep
                let above = below + evaluationsPerStep
                let choices = below > 0 ? "\(below) or \(above)" : "\(above)"
                throw DiffusionODEError.invalidArgument(
                    "nfe", "\(budget) is not a multiple of \(evaluationsPerStep), the evaluations per step of \(solverName); use \(choices)"
                )
            }
            self.levels = TimeGrid.levels(spacing, schedule: schedule, from: problem.startTime, to: problem.endTime, steps: budget / evaluationsPerStep)
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
            if !acceptsCleanLevel, let last = levels.last, !last.halfLogSNR.isFinite {
                throw DiffusionODEError.invalidArgument("levels", "ends at the clean level (lambda = infinity), which only ddim and ddpm can step to")
            }
            self.levels = levels
            self.spacing = nil
        case .tolerances:
            throw DiffusionODEError.invalidArgument(
                "tolerances", "\(solverName) takes fixed steps; give a number of steps or an NFE budget instead of atol/rtol"
            )
        }
    }

    /// One planned step per grid interval, all of the same order, with the intermediate
    /// fractions of a singlestep update of that order.
    func uniformPlan(order: Int, schedule: any NoiseSchedule) -> [PlannedStep] {
        (0..<stepCount).map { index in
            let start = levels[index], end = levels[index + 1]
            let fractions = TimeGrid.intermediateFractions(spacing ?? .logSNR, schedule: schedule, from: start, to: end, order: order)
            return PlannedStep(start: start, end: end, order: order, intermediateFractions: fractions)
        }
    }
}
