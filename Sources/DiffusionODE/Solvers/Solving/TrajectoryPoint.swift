/// x at one accepted step of a solve.
public struct TrajectoryPoint: Sendable, Equatable {
    /// The noise level (time, alpha, sigma, lambda) of the point.
    public var level: NoiseLevel
    /// The batch at that level.
    public var state: Batch

    /// The point with batch `state` at `level`.
    public init(level: NoiseLevel, state: Batch) {
        self.level = level
        self.state = state
    }
}
