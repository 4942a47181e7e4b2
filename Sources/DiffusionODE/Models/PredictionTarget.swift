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
