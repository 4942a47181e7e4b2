/// The coefficients of one UniPC step from s to t (Zhao et al., "UniPC: A Unified
/// Predictor-Corrector Framework for Fast Sampling of Diffusion Models", NeurIPS 2023, and
/// the authors' `uni_pc.py`), as weights on the model outputs, so the step is one fused pass.
///
/// With h = lambda_t - lambda_s, hh = -h (data prediction) or h (noise prediction), the
/// exponential-integrator step of ``ExponentialStep`` (x_base = a x - c_t expm1(hh) m_s), the
/// past points r_k = (lambda_(s-k) - lambda_s)/h (negative) and D_k = (m_(s-k) - m_s)/r_k, and
/// g_j = phi_(j+1)(hh) (``DPMSolverPhi``):
///
/// - bh1, bh2: B = hh or expm1(hh); b_j = g_j j! / B; R[j][k] = r_k^j over the past points and
///   r_p = 1. The predictor UniP-p solves the (p-1) x (p-1) block for rho_P (rho_P = 1/2 at p = 2),
///   x_pred = x_base - c_t B sum_k rho_P[k] D_k; the corrector UniC-p solves the full system
///   (rho_C = 1/2 at p = 1) and adds the new point's D_t = m_t - m_s:
///   x_corr = x_base - c_t B (sum_k rho_C[k] D_k + rho_C[p] D_t).
/// - vary-coeff: C[i][j] = r_i^j/(j+1)!, A = C^(-1); x = x_base - c_t sum_j g_(j+1) sum_i A[j][i] D_i
///   (the corrector as ``UniPCVariant/varyCoeff`` documents).
///
/// The g_j are evaluated accurately (series for small |hh|) where the authors' recurrence
/// g_(k+1) = g_k/hh - 1/(k+1)! cancels; the difference is far below 1e-9 in x.
struct UniPCUpdate {
    /// The coefficient of x (the exponential integrator's linear part).
    let linear: Double
    /// Weights on m_s, m_(s-1), ..., m_(s-p+1) for the predictor.
    let predictor: [Double]
    /// Weights on m_s, m_(s-1), ..., m_(s-p+1) and, last, m_t for the corrector.
    let corrector: [Double]

    /// The step of order `order` from the newest history level to `end`, using the
    /// `order` newest history levels.
    init(
        algorithm: DPMSolverAlgorithm, variant: UniPCVariant, history: [NoiseLevel], to end: NoiseLevel, order: Int
    ) {
        let start = history[0]
        let step = ExponentialStep(algorithm, from: start, to: end)
        let hh = step.z
        let scale = step.scale
        let pastRatios = (1..<order).map { (history[$0].halfLogSNR - start.halfLogSNR) / step.h }
        let g = (0...order).map { DPMSolverPhi.function($0, hh) }
        var dPredictor = Array(repeating: 0.0, count: order - 1)
        var dCorrector = Array(repeating: 0.0, count: order)
        switch variant {
        case .bh1, .bh2:
            let b = variant == .bh1 ? hh : Double.expMinusOne(hh)
            var factorial = 1.0
            let rhs = (1...order).map { j -> Double in
                factorial *= Double(j)
                return g[j] * factorial / b
            }
            let ratios = pastRatios + [1]
            let matrix = (0..<order).map { j in ratios.map { pow($0, j) } }
            if order == 2 {
                dPredictor = [0.5]
            } else if order >= 3 {
                let block = (0..<(order - 1)).map { Array(matrix[$0].prefix(order - 1)) }
                dPredictor = SmallLinearSystem.solve(block, Array(rhs.prefix(order - 1))) ?? dPredictor
            }
            dCorrector = order == 1 ? [0.5] : (SmallLinearSystem.solve(matrix, rhs) ?? dCorrector)
            dPredictor = dPredictor.map { -scale * b * $0 }
            dCorrector = dCorrector.map { -scale * b * $0 }
        case .varyCoeff, .varyCoeffConsistent:
            let ratios = pastRatios + [1]
            var factorials = [1.0]
            for j in 1...order { factorials.append(factorials[j - 1] * Double(j)) }
            let c = ratios.map { r in (0..<order).map { j in pow(r, j) / factorials[j + 1] } }
            if order >= 2, let inverse = SmallLinearSystem.inverse((0..<(order - 1)).map { Array(c[$0].prefix(order - 1)) }) {
                for i in 0..<(order - 1) {
                    dPredictor[i] = -scale * (0..<(order - 1)).reduce(0) { $0 + g[$1 + 1] * inverse[$1][i] }
                }
            }
            if let inverse = SmallLinearSystem.inverse(c) {
                if variant == .varyCoeffConsistent {
                    for i in 0..<order {
                        dCorrector[i] = -scale * (0..<order).reduce(0) { $0 + g[$1 + 1] * inverse[$1][i] }
                    }
                } else {
                    for i in 0..<(order - 1) {
                        dCorrector[i] = -scale * (0..<(order - 1)).reduce(0) { $0 + g[$1 + 1] * inverse[$1][i] }
                    }
                    dCorrector[order - 1] = -scale * g[order] * inverse[order >= 2 ? order - 2 : 0][order - 1]
                }
            }
        }
        // D_k = (m_(s-k) - m_s)/r_k and D_t = m_t - m_s, as weights on the model outputs.
        func weights(_ dWeights: [Double], includesNew: Bool) -> [Double] {
            var result = Array(repeating: 0.0, count: order + (includesNew ? 1 : 0))
            result[0] = -scale * step.phi1
            for (k, weight) in dWeights.enumerated() {
                let divisor = k < order - 1 ? pastRatios[k] : 1
                let index = k < order - 1 ? k + 1 : order
                result[index] += weight / divisor
                result[0] -= weight / divisor
            }
            return result
        }
        self.linear = step.linearCoefficient
        self.predictor = weights(dPredictor, includesNew: false)
        self.corrector = weights(dCorrector, includesNew: true)
    }
}

private func pow(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<exponent { result *= base }
    return result
}
