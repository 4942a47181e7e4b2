/// The variable and state in which a black-box integrator sees the probability-flow ODE
/// (the `@t`, `@lambda`, `@lambda-scaled` suffix of a Runge-Kutta or GSL solver name).
public enum ODEFormulation: String, CaseIterable, Sendable {
    /// x in t: dx/dt = f(t) x + g(t)^2 / (2 sigma_t) eps(x, t), with f = d log alpha/dt and
    /// g^2 = -2 sigma^2 d lambda/dt, i.e. dx/dt = f(t) (x - eps / sigma_t).
    case time = "t"
    /// x in lambda: dx/dlambda = sigma^2 x - sigma eps(x, t(lambda)).
    case halfLogSNR = "lambda"
    /// y = x / alpha in lambda: dy/dlambda = -exp(-lambda) eps(alpha y, t(lambda)); the
    /// linear part is gone, leaving the integral DPM-Solver approximates.
    case scaledHalfLogSNR = "lambda-scaled"
}
