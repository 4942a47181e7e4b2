import RealModule

/// The weights of DEIS's `tab` mode as the ComfyUI fork of k-diffusion computes them
/// (`deis.py`, after diff-sampler): the derivative d = (y - D)/s is interpolated by a polynomial
/// in the time tau of an auxiliary VP schedule (EDM's VP ablation with sigma_min 0.002,
/// sigma_max 80, eps_s 1e-3, whatever the model's schedule) and integrated over sigma-tilde:
///
///     w_j = Integral_(T_i)^(T_(i+1)) f(tau) L_j(tau) dtau,   f = d sigma / d tau,
///
/// with T_k the auxiliary time of level k and L_j the Lagrange basis through T_i, T_(i-1), ....
///
/// The reference evaluates the integral as (T_(i+1) - T_i)/10000 times the sum of the integrand
/// at 10000 points from T_i to T_(i+1), both ends included: neither a Riemann sum nor the
/// trapezoid rule, off by 4e-7 to 2e-5 relative (``MultistepWeights/reference``, reproducing
/// it). ``MultistepWeights/exact`` integrates by Gauss-Legendre quadrature refined until two
/// refinements agree to 1e-13 relative.
struct DEISTimeTable {
    /// beta_d and beta_min of the auxiliary schedule (beta_min < 0: sigma = 0 maps to tau = 5.44e-4).
    let betaD: Double
    let betaMin: Double

    init() {
        let sigmaMin = 0.002, sigmaMax = 80.0, epsilon = 1e-3
        // log(x + 1), not log1p, as the reference writes it.
        betaD = 2 * (Double.log(sigmaMin * sigmaMin + 1) / epsilon - Double.log(sigmaMax * sigmaMax + 1)) / (epsilon - 1)
        betaMin = Double.log(sigmaMax * sigmaMax + 1) - betaD / 2
    }

    /// The auxiliary time of sigma-tilde `sigma`.
    func time(sigma: Double) -> Double {
        ((betaMin * betaMin + 2 * betaD * Double.log(sigma * sigma + 1)).squareRoot() - betaMin) / betaD
    }

    /// d sigma / d tau = (beta_d tau + beta_min) / (2 sqrt(abar (1 - abar))), abar = exp(-beta_d tau^2/2 - beta_min tau).
    func integrand(_ tau: Double) -> Double {
        let alphaBar = Double.exp(-0.5 * tau * tau * ((betaD + betaMin) - betaMin) - tau * betaMin)
        return 0.5 * (betaD * tau + betaMin) / (alphaBar * (1 - alphaBar)).squareRoot()
    }

    /// The weights for derivatives at `sigmas` (newest first) and a step to `next`.
    func weights(sigmas: [Double], next: Double, rule: MultistepWeights) -> [Double] {
        let nodes = sigmas.map(time(sigma:))
        let start = nodes[0], end = time(sigma: next)
        func basis(_ j: Int, _ tau: Double) -> Double {
            var value = 1.0
            for k in nodes.indices where k != j { value *= (tau - nodes[k]) / (nodes[j] - nodes[k]) }
            return value
        }
        return nodes.indices.map { j in
            let f = { (tau: Double) in integrand(tau) * basis(j, tau) }
            switch rule {
            case .reference: return Self.referenceSum(f, from: start, to: end)
            case .exact: return Self.gaussLegendre(f, from: start, to: end)
            }
        }
    }

    /// The reference's rule: (b - a)/N times the sum over N = 10000 points from a to b inclusive.
    static func referenceSum(_ f: (Double) -> Double, from a: Double, to b: Double) -> Double {
        let count = 10_000
        let spacing = (b - a) / Double(count - 1)
        var sum = 0.0
        for index in 0..<count {
            sum += f(index == count - 1 ? b : a + Double(index) * spacing)
        }
        return sum * (b - a) / Double(count)
    }

    /// Composite 8-point Gauss-Legendre, doubling the panels until two agree to 1e-13 relative.
    static func gaussLegendre(_ f: (Double) -> Double, from a: Double, to b: Double) -> Double {
        func composite(_ panels: Int) -> Double {
            let width = (b - a) / Double(panels)
            var sum = 0.0
            for panel in 0..<panels {
                let middle = a + (Double(panel) + 0.5) * width
                for (node, weight) in zip(gaussNodes, gaussWeights) {
                    sum += weight * (f(middle + 0.5 * width * node) + f(middle - 0.5 * width * node))
                }
            }
            return 0.5 * width * sum
        }
        var panels = 1
        var previous = composite(panels)
        while panels < 4096 {
            panels *= 2
            let next = composite(panels)
            if abs(next - previous) <= 1e-13 * max(abs(next), 1e-300) { return next }
            previous = next
        }
        return previous
    }

    /// The positive nodes and weights of 8-point Gauss-Legendre (Abramowitz & Stegun, Table 25.4).
    static let gaussNodes = [0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363]
    static let gaussWeights = [0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763]
}
