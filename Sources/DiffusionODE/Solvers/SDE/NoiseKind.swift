/// Where a stochastic sampler draws its step noise from (`--noise`).
public enum NoiseKind: String, CaseIterable, Sendable {
    /// Increments of one seeded Brownian path (``BrownianTree``): runs with different step counts
    /// and the same seed follow the same path, so their strong errors can be compared.
    case brownian
    /// A fresh N(0, I) draw per step from the seed's step-noise stream.
    case independent
}
