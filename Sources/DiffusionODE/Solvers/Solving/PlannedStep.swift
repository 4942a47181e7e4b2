/// One step of a fixed-step solve, planned before the first evaluation.
public struct PlannedStep: Sendable, Equatable {
    /// Where the step starts (the noisier level).
    public var start: NoiseLevel
    /// Where the step ends.
    public var end: NoiseLevel
    /// The order of the update used on this step.
    public var order: Int
    /// Intermediate points of a singlestep update, as fractions r of the step in lambda:
    /// lambda_i = lambda_start + r_i (lambda_end - lambda_start).
    public var intermediateFractions: IntermediateFractions

    /// A step from `start` to `end` of order `order` (by default first order, with no intermediate points).
    public init(start: NoiseLevel, end: NoiseLevel, order: Int = 1, intermediateFractions: IntermediateFractions = .none) {
        self.start = start
        self.end = end
        self.order = order
        self.intermediateFractions = intermediateFractions
    }
}
