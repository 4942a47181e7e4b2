/// How a solver's steps are chosen.
public enum StepControl: Sendable, Equatable, CustomStringConvertible {
    /// Fixed steps on a grid, each costing `evaluationsPerStep` model evaluations (a
    /// multistep method counts 1: it evaluates once per step after its start), plus
    /// `startEvaluations` spent once by a start-up (a multistep method's singlestep warm-up;
    /// one fewer when the first evaluation is answered in closed form, ``AnalyticFirstStep``;
    /// one step's fewer when the first step is, ``GaussianFirstStep``).
    case fixed(evaluationsPerStep: Int, startEvaluations: Int = 0)
    /// Fixed steps of varying order chosen to spend an NFE budget exactly (DPM-Solver-fast).
    case budget(maximumEvaluationsPerStep: Int)
    /// Steps chosen by an error estimate against tolerances.
    case adaptive(evaluationsPerAttempt: Int?)

    /// The evaluations per step, as a table shows them: `2`, `1 (+4 at the start)`, `1-3`,
    /// `3 per attempt` or `adaptive`.
    public var description: String {
        switch self {
        case .fixed(let count, 0): return "\(count)"
        case .fixed(let count, let start) where start < 0: return "\(count) (\(start) at the start)"
        case .fixed(let count, let start): return "\(count) (+\(start) at the start)"
        case .budget(let maximum): return "1-\(maximum)"
        case .adaptive(let count?): return "\(count) per attempt"
        case .adaptive(nil): return "adaptive"
        }
    }

    /// The number of fixed steps that spends `budget` evaluations exactly, or nil.
    public func steps(spending budget: Int) -> Int? {
        // A negative start (the first-step wrappers) makes budget - start overflow at Int.max.
        guard case .fixed(let perStep, let start) = self, budget > start else { return nil }
        let (spent, overflow) = budget.subtractingReportingOverflow(start)
        guard !overflow, spent % perStep == 0 else { return nil }
        return spent / perStep
    }
}
