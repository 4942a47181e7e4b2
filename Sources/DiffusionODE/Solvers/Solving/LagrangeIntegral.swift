/// Exact integrals of Lagrange basis polynomials: the weights of every variable-step
/// Adams-Bashforth rule (k-diffusion's LMS, corrected iPNDM-v, exact DEIS).
///
/// With nodes u_0, ..., u_(p-1) (relative to the step's start, so u_0 = 0 for an explicit
/// rule) and the basis L_j(u) = prod_(k != j) (u - u_k)/(u_j - u_k),
///
///     w_j = Integral_0^H L_j(u) du,
///
/// computed by expanding prod_(k != j) (u - u_k) into powers of u and integrating each term,
/// H^(m+1)/(m+1): closed form, exact for the degree-(p-1) polynomials (no quadrature), and
/// without the cancellation of end^(m+1) - start^(m+1) because the interval starts at 0.
enum LagrangeIntegral {
    /// The weights w_j for `nodes` over [0, `width`]; they sum to `width`.
    static func weights(nodes: [Double], width: Double) -> [Double] {
        let count = nodes.count
        return (0..<count).map { j in
            // Coefficients of prod_(k != j) (u - u_k), lowest power first.
            var polynomial = [1.0]
            var denominator = 1.0
            for k in 0..<count where k != j {
                var next = Array(repeating: 0.0, count: polynomial.count + 1)
                for (power, coefficient) in polynomial.enumerated() {
                    next[power + 1] += coefficient
                    next[power] -= nodes[k] * coefficient
                }
                polynomial = next
                denominator *= nodes[j] - nodes[k]
            }
            var integral = 0.0
            var widthPower = width
            for (power, coefficient) in polynomial.enumerated() {
                integral += coefficient * widthPower / Double(power + 1)
                widthPower *= width
            }
            return integral / denominator
        }
    }
}
