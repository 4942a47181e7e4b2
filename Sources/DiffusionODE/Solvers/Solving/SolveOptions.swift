/// Options that apply to every solver.
public struct SolveOptions: Sendable {
    /// Keep x after every accepted step in ``Solution/trajectory``.
    public var recordTrajectory: Bool
    /// The largest number of step attempts an adaptive solver may make before it stops
    /// with an error (a guard against stalling, never reached by a healthy solve).
    public var maximumSteps: Int
    /// Polled between steps; when it returns true the solve stops with a `cancelled` error.
    public var isCancelled: (@Sendable () -> Bool)?

    /// Options with the given settings; by default no trajectory, at most 100000 step attempts and no cancellation.
    public init(recordTrajectory: Bool = false, maximumSteps: Int = 100_000, isCancelled: (@Sendable () -> Bool)? = nil) {
        self.recordTrajectory = recordTrajectory
        self.maximumSteps = maximumSteps
        self.isCancelled = isCancelled
    }

    /// Throws a `cancelled` error when the caller asked to stop.
    public func checkCancellation(solver: String) throws {
        if let isCancelled, isCancelled() {
            throw DiffusionODEError(.cancelled, field: solver, "the solve was cancelled")
        }
    }
}
