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
    /// A problem that ends at clean data gets one last step into ``NoiseLevel/clean`` after the
    /// spaced levels, which run to ``SamplingProblem/spacedEndTime``. That step is one of the
    /// `--steps` count when the end time itself is clean (k-diffusion's n levels and a 0), and
    /// one more with ``SamplingProblem/denoiseToZero`` (the DPM-Solver reference's
    /// `denoise_to_zero`); either way it costs one evaluation of an NFE budget. Explicit grids
    /// (times, levels, sigmas) define the span themselves; the problem's times are not used.
    ///
    /// - Parameter acceptsCleanLevel: whether the last level may be ``NoiseLevel/clean``.
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` for a non-positive count, a
    ///   budget that the solver cannot spend exactly, tolerances, or a bad grid.
    public init(_ discretization: Discretization, problem: SamplingProblem, solver: any Solver, acceptsCleanLevel: Bool = true) throws {
        let schedule = problem.schedule
        let spacing = discretization.spacing ?? solver.defaultSpacing
        let cleanStep = problem.endsAtCleanData ? 1 : 0
        func spaced(_ steps: Int) -> [NoiseLevel] {
            let levels = TimeGrid.levels(spacing, schedule: schedule, from: problem.startTime, to: problem.spacedEndTime, steps: steps)
            return cleanStep == 1 ? levels + [.clean] : levels
        }
        switch discretization {
        case .steps(let steps, _):
            guard steps >= 1, steps <= FixedStepGrid.maximumSteps else {
                throw DiffusionODEError.invalidArgument("steps", "must be between 1 and \(FixedStepGrid.maximumSteps), got \(steps)")
            }
            self.levels = spaced(problem.denoiseToZero ? steps : steps - cleanStep)
            self.spacing = spacing
        case .evaluations(let budget, _):
            try Self.check(budget: budget)
            let spacedBudget = budget - cleanStep
            if spacedBudget == 0 {
                self.levels = spaced(0)
            } else if let steps = solver.stepControl.steps(spending: spacedBudget) {
                self.levels = spaced(steps)
            } else {
                throw DiffusionODEError.invalidArgument("nfe", Self.unspendable(budget, by: solver, cleanStep: cleanStep))
            }
            self.spacing = spacing
        case .times(let times):
            guard times.count >= 2 else {
                throw DiffusionODEError.invalidArgument("times", "needs at least 2 times, got \(times.count)")
            }
            for (index, time) in times.enumerated() {
                if index > 0, !(time < times[index - 1]) {
                    throw DiffusionODEError.invalidArgument("times[\(index)]", "must be smaller than the time before it (\(times[index - 1])), got \(time)")
                }
                if index == times.count - 1, time == 0, schedule.level(at: 0).isClean { continue }
                try schedule.validate(time: time, field: "times[\(index)]")
            }
            self.levels = times.map(schedule.level(at:))
            self.spacing = nil
        case .sigmas(let sigmas):
            try Self.validate(sigmas: sigmas, schedule: schedule, source: "sigmas")
            self.levels = sigmas.map(schedule.level(atSigmaTilde:))
            self.spacing = nil
        case .levels(let levels):
            guard levels.count >= 2 else {
                throw DiffusionODEError.invalidArgument("levels", "needs at least 2 levels, got \(levels.count)")
            }
            for index in 1..<levels.count where !(levels[index].halfLogSNR > levels[index - 1].halfLogSNR) {
                throw DiffusionODEError.invalidArgument("levels[\(index)]", "must be less noisy than the level before it (lambda \(levels[index - 1].halfLogSNR)), got lambda \(levels[index].halfLogSNR)")
            }
            self.levels = levels
            self.spacing = nil
        case .tolerances:
            throw DiffusionODEError.invalidArgument(
                "tolerances", "\(solver.name) takes fixed steps; give a number of steps or an NFE budget instead of atol/rtol"
            )
        }
        if problem.inverts {
            guard !solver.isStochastic else {
                throw DiffusionODEError.invalidArgument("solver", "\(solver.name) is stochastic; an inversion needs a deterministic solver")
            }
            levels.reverse()
        }
        if !acceptsCleanLevel, let last = levels.last, last.isClean {
            throw DiffusionODEError.invalidArgument("levels", "\(solver.name) cannot step to clean data (sigma = 0); end the grid at a noisy level")
        }
    }

    /// Checks an explicit sigma-tilde grid: at least 2 entries, strictly decreasing, each a
    /// level of `schedule` (the last may be 0), naming `source` and the index at fault.
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument``.
    public static func validate(sigmas: [Double], schedule: any NoiseSchedule, source: String) throws {
        guard sigmas.count >= 2 else {
            throw DiffusionODEError.invalidArgument(source, "needs at least 2 sigma-tilde levels, got \(sigmas.count)")
        }
        for (index, sigma) in sigmas.enumerated() {
            let field = "\(source)[\(index)]"
            if index > 0, !(sigma < sigmas[index - 1]) {
                throw DiffusionODEError.invalidArgument(field, "must be smaller than the level before it (\(sigmas[index - 1])), got \(sigma); sigma-tilde levels decrease strictly")
            }
            try schedule.validate(sigmaTilde: sigma, isLast: index == sigmas.count - 1, field: field)
        }
    }

    /// Refuses an NFE budget outside 1 ... ``maximumSteps``, naming `nfe`.
    public static func check(budget: Int) throws {
        guard budget >= 1, budget <= maximumSteps else {
            throw DiffusionODEError.invalidArgument("nfe", "must be between 1 and \(maximumSteps), got \(budget)")
        }
    }

    /// Why `budget` cannot be spent by `solver` (one evaluation of it going to a step into clean
    /// data when `cleanStep` is 1), with the nearest budgets that can.
    public static func unspendable(_ budget: Int, by solver: any Solver, cleanStep: Int = 0) -> String {
        guard case .fixed(let perStep, let startUp) = solver.stepControl else {
            return "\(solver.name) cannot spend a fixed budget of \(budget) evaluations"
        }
        let start = startUp + cleanStep
        let below = budget > start ? (budget - start) / perStep * perStep + start : 0
        let above = max(below, start) + perStep
        let choices = below > start ? "\(below) or \(above)" : "\(above)"
        var cost = "\(perStep) evaluation\(perStep == 1 ? "" : "s") per step"
        if startUp > 0 { cost += " plus \(startUp) at the start" }
        if cleanStep > 0 { cost += " plus 1 for the step into clean data" }
        return "\(budget) cannot be spent by \(solver.name), which takes \(cost); use \(choices)"
    }

    /// One planned first-order step per grid interval, with no intermediate points.
    public var plan: [PlannedStep] {
        (0..<stepCount).map { PlannedStep(start: levels[$0], end: levels[$0 + 1]) }
    }
}
