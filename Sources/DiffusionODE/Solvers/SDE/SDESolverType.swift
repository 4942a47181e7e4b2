/// How a second-order SDE multistep update weights its first difference (diffusers' and
/// k-diffusion's `solver_type`).
public enum SDESolverType: String, CaseIterable, Sendable {
    /// C = alpha_t (1 - e^(-2h))/2: the leading-order weight (the default of both).
    case midpoint
    /// C = -alpha_t phi_2(-2h): the exact integral of the linear interpolant.
    case heun
}
