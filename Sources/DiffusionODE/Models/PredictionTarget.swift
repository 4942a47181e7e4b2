/// What a network was trained to predict; ``ConvertedPredictor`` turns each into noise.
public enum PredictionTarget: String, CaseIterable, Sendable {
    /// eps, the noise (DDPM).
    case noise
    /// x_0, the data ("x_start"); eps = (x_t - alpha_t x0) / sigma_t.
    case data
    /// v = alpha_t eps - sigma_t x_0 (Salimans & Ho, 2022); eps = alpha_t v + sigma_t x_t.
    case velocity
    /// The score grad log p_t(x_t); eps = -sigma_t * score.
    case score
    /// The flow-matching velocity u = dx/dt = eps - x_0 of the rectified-flow schedule
    /// (alpha = 1 - t, sigma = t; ``FlowMatchingSchedule``); eps = x_t + alpha_t u. Valid
    /// only where alpha + sigma = 1.
    case flowVelocity = "flow-velocity"
}

extension PredictionTarget {
    /// Overwrites `prediction`, a model's output of this target at `x` (same length), with the
    /// noise it implies; see ``ConvertedPredictor`` for the formulas and their caveats.
    public func convertToNoise(_ prediction: UnsafeMutableBufferPointer<Double>, from x: UnsafeBufferPointer<Double>, at level: NoiseLevel) {
        let alpha = level.alpha, sigma = level.sigma
        switch self {
        case .noise:
            break
        case .data:
            for i in prediction.indices { prediction[i] = (x[i] - alpha * prediction[i]) / sigma }
        case .velocity:
            for i in prediction.indices { prediction[i] = alpha * prediction[i] + sigma * x[i] }
        case .score:
            for i in prediction.indices { prediction[i] = -sigma * prediction[i] }
        case .flowVelocity:
            for i in prediction.indices { prediction[i] = x[i] + alpha * prediction[i] }
        }
    }
}
