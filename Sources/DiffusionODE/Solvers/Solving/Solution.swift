/// The result of a solve: x at the end time, the statistics, and optionally the trajectory.
public struct Solution: Sendable {
    /// x at the end time, one sample per row.
    public var final: Batch
    /// Evaluations, steps, seconds.
    public var statistics: SolveStatistics
    /// x at the start and after every accepted step, when ``SolveOptions/recordTrajectory`` is set.
    public var trajectory: [TrajectoryPoint]?
    /// Solver-specific figures (e.g. GSL's own attempted and failed step counts), as name-value pairs.
    public var details: [(name: String, value: String)]

    /// A solution with the given final batch, statistics, trajectory and details.
    public init(final: Batch, statistics: SolveStatistics, trajectory: [TrajectoryPoint]? = nil, details: [(name: String, value: String)] = []) {
        self.final = final
        self.statistics = statistics
        self.trajectory = trajectory
        self.details = details
    }
}
