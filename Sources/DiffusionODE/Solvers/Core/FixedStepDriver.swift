/// The loop every fixed-step solver shares: it walks the planned steps, keeps the step
/// index current for messages, checks each new state for non-finite values, records the
/// trajectory when asked, polls for cancellation, and counts.
enum FixedStepDriver {
    /// Runs `advance` once per planned step on a copy of `initial` (by default the
    /// problem's initial batch; a solver working in another state variable passes its own).
    ///
    /// - Parameter advance: moves the state across step `index` of `plan` (in place).
    static func run(
        _ problem: SamplingProblem,
        initial: Batch? = nil,
        plan: [PlannedStep],
        solverName: String,
        options: SolveOptions,
        evaluator: ModelEvaluator,
        advance: (inout Batch, Int) throws -> Void
    ) throws -> Solution {
        let clock = ContinuousClock()
        let started = clock.now
        var x = initial ?? problem.initial
        var trajectory: [TrajectoryPoint]? = nil
        if options.recordTrajectory, let first = plan.first {
            trajectory = [TrajectoryPoint(level: first.start, state: x)]
        }
        for index in plan.indices {
            try options.checkCancellation(solver: solverName)
            evaluator.currentStep = index + 1
            try advance(&x, index)
            if let (row, column) = x.firstNonFiniteElement() {
                throw DiffusionODEError.solveFailed(
                    solverName,
                    "the state became \(x[row, column]) at row \(row), column \(column) after step \(index + 1) of \(plan.count), t = \(plan[index].end.time)"
                )
            }
            trajectory?.append(TrajectoryPoint(level: plan[index].end, state: x))
        }
        let elapsed = clock.now - started
        let statistics = SolveStatistics(
            evaluations: evaluator.evaluations,
            acceptedSteps: plan.count,
            rejectedSteps: 0,
            seconds: elapsed.seconds,
            modelSeconds: evaluator.modelTime.seconds,
            finalTime: plan.last?.end.time ?? problem.startTime
        )
        return Solution(final: x, statistics: statistics, trajectory: trajectory)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
