/// A noise predictor from a closure: the quickest way to bring your own model.
///
/// ```swift
/// let model = ClosureNoisePredictor(dimension: 2) { x, level, output in
///     // eps for data ~ N(0, I): eps(x, t) = sigma_t * x
///     output.assign(level.sigma, x)
/// }
/// ```
public struct ClosureNoisePredictor: NoisePredictor {
    /// The sample dimension D the closure accepts, or nil for any.
    public let dimension: Int?
    private let body: @Sendable (Batch, NoiseLevel, inout Batch) throws -> Void

    /// A predictor that calls `body` for every evaluation.
    /// - Parameters:
    ///   - dimension: the sample dimension D the closure accepts, or nil for any.
    ///   - body: writes eps_theta(x, t) for every row of its first argument into its third.
    public init(dimension: Int? = nil, _ body: @escaping @Sendable (Batch, NoiseLevel, inout Batch) throws -> Void) {
        self.dimension = dimension
        self.body = body
    }

    /// Calls the closure with `x`, `level` and `output`.
    public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        try body(x, level, &output)
    }
}
