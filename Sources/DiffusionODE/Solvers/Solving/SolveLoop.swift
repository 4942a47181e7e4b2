/// The one loop every solver runs in: fixed steps, an NFE budget's plan, and adaptive
/// steps alike. It builds the ``ModelEvaluator`` (so the NFE is counted by the library),
/// owns the clock, polls for cancellation, enforces the step-attempt budget, checks every
/// accepted state for non-finite values, records the trajectory, and fills the
/// ``SolveStatistics``. A solver supplies one closure that advances the state by one step
/// attempt and says what happened (``StepOutcome``).
///
/// A solver that works in another state variable than x (a black-box integrator in a scaled
/// formulation) passes its ``ProbabilityFlowODE``: the loop hands the closure y = x / alpha
/// and maps every recorded and final state back to x, so no solver repeats that mapping.
public final class SolveLoop {
    /// The solver's door to the model: every evaluation of the solve goes through it.
    public let evaluator: ModelEvaluator
    private let problem: SamplingProblem
    private let solverName: String
    private let options: SolveOptions
    private let stateMapping: ProbabilityFlowODE?
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    /// A loop for one solve of `problem` by the solver called `solverName`; the clock starts now.
    /// - Parameter stateMapping: the formulation whose state the solver advances (nil: x itself).
    public init(_ problem: SamplingProblem, solverName: String, options: SolveOptions, stateMapping: ProbabilityFlowODE? = nil) {
        self.problem = problem
        self.solverName = solverName
        self.options = options
        self.stateMapping = stateMapping
        self.evaluator = ModelEvaluator(model: problem.model, solverName: solverName)
        self.started = clock.now
    }

    /// Runs step attempts from the problem's initial batch at `start` until `isFinished`
    /// holds for the level reached.
    ///
    /// - Parameters:
    ///   - start: the level of the initial batch.
    ///   - plannedSteps: the number of steps when known in advance: a fixed plan, exempt from
    ///     the step-attempt budget (nil: adaptive steps, held to ``SolveOptions/maximumSteps``).
    ///   - isFinished: whether the solve has reached its end, asked before every attempt.
    ///   - attempt: advances the state (in place) from the given level by one attempt.
    /// - Throws: a `cancelled` error when asked to stop; `solveFailed` when the step budget is
    ///   spent, an error estimate or a state is not finite; whatever `attempt` throws.
    public func run(
        from start: NoiseLevel,
        plannedSteps: Int? = nil,
        until isFinished: (NoiseLevel) -> Bool,
        attempt: (inout Batch, NoiseLevel) throws -> StepOutcome
    ) throws -> Solution {
        if problem.inverts && plannedSteps == nil {
            throw DiffusionODEError.invalidArgument("solver", "\(solverName) chooses its own steps; an inversion walks a fixed grid backwards, so it needs a fixed-step solver")
        }
        var state = stateMapping?.state(from: problem.initial, at: start) ?? problem.initial
        var level = start
        var accepted = 0
        var rejected = 0
        var trajectory: [TrajectoryPoint]? = options.recordTrajectory ? [TrajectoryPoint(level: start, state: problem.initial)] : nil
        while !isFinished(level) {
            try options.checkCancellation(solver: solverName)
            guard plannedSteps != nil || accepted + rejected < options.maximumSteps else {
                throw DiffusionODEError.solveFailed(
                    solverName, "did not reach t_end = \(problem.endTime) within \(options.maximumSteps) step attempts (at t = \(level.time)); loosen atol/rtol or raise the step budget"
                )
            }
            evaluator.currentStep = accepted + rejected + 1
            switch try attempt(&state, level) {
            case .accepted(let end, let errorNorm, let retries):
                try check(errorNorm: errorNorm, attemptAt: level)
                rejected += retries
                accepted += 1
                level = end
                if let (row, column) = state.firstNonFiniteElement() {
                    let position = plannedSteps.map { "step \(accepted) of \($0)" } ?? "step \(accepted)"
                    throw DiffusionODEError.solveFailed(
                        solverName, "the state became \(state[row, column]) at row \(row), column \(column) after \(position), t = \(level.time)"
                    )
                }
                trajectory?.append(TrajectoryPoint(level: level, state: sample(from: state, at: level)))
            case .rejected(let errorNorm):
                try check(errorNorm: errorNorm, attemptAt: level)
                rejected += 1
            }
        }
        if plannedSteps == nil, problem.endsAtCleanData, !level.isClean {
            // An adaptive solve covers the noisy span; clean data is one data-prediction step on.
            var denoised = Batch(rows: state.rows, columns: state.columns)
            try evaluator.data(sample(from: state, at: level), at: level, into: &denoised)
            state = denoised
            level = .clean
            accepted += 1
            trajectory?.append(TrajectoryPoint(level: level, state: state))
        }
        let statistics = SolveStatistics(
            evaluations: evaluator.evaluations, acceptedSteps: accepted, rejectedSteps: rejected,
            seconds: (clock.now - started).seconds, modelSeconds: evaluator.modelTime.seconds, finalLevel: level
        )
        return Solution(final: sample(from: state, at: level), statistics: statistics, trajectory: trajectory)
    }

    /// Runs a fixed plan: `step` advances the state across step `index` of `plan` (in place).
    public func run(plan: [PlannedStep], step: (inout Batch, Int) throws -> Void) throws -> Solution {
        var index = 0
        return try run(from: plan.first?.start ?? problem.startLevel, plannedSteps: plan.count, until: { _ in index == plan.count }) { state, _ in
            try step(&state, index)
            index += 1
            return .accepted(plan[index - 1].end)
        }
    }

    private func sample(from state: Batch, at level: NoiseLevel) -> Batch {
        stateMapping?.sample(from: state, at: level) ?? state
    }

    private func check(errorNorm: Double?, attemptAt level: NoiseLevel) throws {
        guard let errorNorm, !errorNorm.isFinite else { return }
        throw DiffusionODEError.solveFailed(
            solverName, "the error estimate is \(errorNorm) at step attempt \(evaluator.currentStep), t = \(level.time); the state or the model output is not finite"
        )
    }
}
