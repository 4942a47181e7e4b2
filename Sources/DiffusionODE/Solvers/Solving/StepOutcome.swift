/// What one step attempt of a solver did, as it tells the ``SolveLoop``.
public enum StepOutcome: Sendable, Equatable {
    /// The state now sits at `level`. `errorNorm` is the attempt's error estimate, when the
    /// solver makes one; `rejectedAttempts` counts attempts the solver rejected and retried
    /// inside this step (GSL's evolve loop does so), so the statistics see them.
    case accepted(NoiseLevel, errorNorm: Double? = nil, rejectedAttempts: Int = 0)
    /// The attempt failed its error test: the state is unchanged and the solver will retry
    /// with a smaller step.
    case rejected(errorNorm: Double)
}
