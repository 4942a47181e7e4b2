/// What a solve cost, counted by the library.
public struct SolveStatistics: Sendable, Equatable {
    /// Model evaluations (NFE): calls to the model on the whole batch.
    public var evaluations: Int
    /// Accepted steps.
    public var acceptedSteps: Int
    /// The steps taken: the accepted ones (fixed-step solvers accept every step).
    public var steps: Int { acceptedSteps }
    /// Rejected step attempts (adaptive solvers).
    public var rejectedSteps: Int
    /// Wall-clock seconds of the solve.
    public var seconds: Double
    /// Of those, the seconds spent inside the model; the rest is the solver's own work.
    public var modelSeconds: Double
    /// The level the solve ended at (an adaptive solve stops within its time tolerance of the
    /// end; a solve to clean data ends at ``NoiseLevel/clean``).
    public var finalLevel: NoiseLevel
    /// The time the solve ended at.
    public var finalTime: Double { finalLevel.time }

    /// Statistics with the given counts and times (all 0, and the clean level, by default).
    public init(
        evaluations: Int = 0, acceptedSteps: Int = 0, rejectedSteps: Int = 0, seconds: Double = 0, modelSeconds: Double = 0,
        finalLevel: NoiseLevel = .clean
    ) {
        self.evaluations = evaluations
        self.acceptedSteps = acceptedSteps
        self.rejectedSteps = rejectedSteps
        self.seconds = seconds
        self.modelSeconds = modelSeconds
        self.finalLevel = finalLevel
    }
}
