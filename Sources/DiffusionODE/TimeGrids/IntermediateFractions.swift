/// Where a singlestep update of order k places its k - 1 intermediate points, as fractions
/// of the step in lambda: lambda_i = lambda_s + r_i h. Held inline (no array), so planning a
/// solve allocates nothing per step.
public struct IntermediateFractions: Sendable, Equatable {
    /// r1 (orders 2 and 3), or 0.
    public var first: Double
    /// r2 (order 3), or 0.
    public var second: Double

    /// The fractions r1 = `first` and r2 = `second` (0 where the order has no such point).
    public init(first: Double = 0, second: Double = 0) {
        self.first = first
        self.second = second
    }

    /// No intermediate point (order 1).
    public static let none = IntermediateFractions()
}
