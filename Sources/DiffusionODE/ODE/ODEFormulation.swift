/// The variable and state in which a black-box integrator sees the probability-flow ODE
/// (the `@t`, `@lambda`, `@lambda-scaled`, `@sigma` suffix of a Runge-Kutta or GSL solver name).
public enum ODEFormulation: String, CaseIterable, Sendable {
    /// x in t: dx/dt = f(t) x - sigma_t lambda'(t) eps(x, t), with f = d log alpha/dt (for a
    /// variance-preserving schedule, dx/dt = f(t) (x - eps / sigma_t)).
    case time = "t"
    /// x in lambda: dx/dlambda = (d log alpha/d lambda) x - sigma eps(x, t(lambda))
    /// (= sigma^2 x - sigma eps for a variance-preserving schedule).
    case halfLogSNR = "lambda"
    /// y = x / alpha in lambda: dy/dlambda = -exp(-lambda) eps(alpha y, t(lambda)); the
    /// linear part is gone, leaving the integral DPM-Solver approximates.
    case scaledHalfLogSNR = "lambda-scaled"
    /// y = x / alpha in sigma-tilde = sigma/alpha = exp(-lambda): dy/dsigma-tilde =
    /// eps(alpha y, t) = (y - D(y, sigma-tilde)) / sigma-tilde, the EDM ODE that k-diffusion's
    /// samplers integrate (Karras et al., 2022).
    case sigma

    /// `@t|@lambda|@lambda-scaled|@sigma`, for help texts and messages.
    public static var suffixList: String {
        allCases.map { "@\($0.rawValue)" }.joined(separator: "|")
    }
}
