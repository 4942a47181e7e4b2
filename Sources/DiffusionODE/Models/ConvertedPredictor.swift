/// Adapts a model trained on another target (data, v or score) to a noise predictor,
/// with the conversions of the DPM-Solver reference's `model_wrapper`:
///
///     data:     eps = (x_t - alpha_t x0) / sigma_t
///     velocity: eps = alpha_t v + sigma_t x_t
///     score:    eps = -sigma_t score
///     flow velocity (alpha = 1 - t, sigma = t): eps = x_t + alpha_t u
///
/// The data conversion divides by sigma_t, which vanishes as t -> 0; a solver written in
/// data prediction (DPM-Solver++) converts back with x0 = (x_t - sigma_t eps)/alpha_t, which
/// is exact to rounding away from t = 0.
public struct ConvertedPredictor<Base: NoisePredictor>: NoisePredictor {
    /// The model; its `predictNoise` output is read as `target`.
    public let base: Base
    /// What `base` predicts.
    public let target: PredictionTarget

    /// Wraps `base`, whose output is read as a prediction of `target`.
    public init(_ base: Base, predicting target: PredictionTarget) {
        self.base = base
        self.target = target
    }

    /// The dimension `base` accepts.
    public var dimension: Int? { base.dimension }

    /// Evaluates `base` and converts its output to eps_theta(x, t).
    public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        try base.predictNoise(x, at: level, into: &output)
        output.withUnsafeMutableValues { out in
            x.withUnsafeValues { x in target.convertToNoise(out, from: x, at: level) }
        }
    }
}
