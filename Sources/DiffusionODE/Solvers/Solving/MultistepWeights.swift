/// Whether a multistep sampler takes its weights as its reference implementation computes
/// them, or exactly (`--coefficients`).
public enum MultistepWeights: String, CaseIterable, Sendable {
    /// As the reference code computes them, defects included (the default: reproduces it).
    case reference
    /// Exact: the integral of the interpolating polynomial in closed form, or by quadrature
    /// converged to 1e-13.
    case exact
}
