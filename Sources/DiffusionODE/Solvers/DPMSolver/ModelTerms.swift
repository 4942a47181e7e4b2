/// A linear combination c_0 m_0 + c_1 m_1 + c_2 m_2 of up to three model outputs, with
/// the arithmetic of the update formulas, so a step is written exactly as the paper
/// writes it (divided differences D1, D2 and all) and then applied as one fused pass
/// over the batch: x_t = a x + c_0 m_0 + c_1 m_1 + c_2 m_2.
struct ModelTerms: Equatable {
    var coefficients: (Double, Double, Double)

    init(_ c0: Double, _ c1: Double = 0, _ c2: Double = 0) {
        coefficients = (c0, c1, c2)
    }

    /// m_0, m_1 or m_2 alone.
    static func model(_ index: Int) -> ModelTerms {
        switch index {
        case 0: return ModelTerms(1, 0, 0)
        case 1: return ModelTerms(0, 1, 0)
        default: return ModelTerms(0, 0, 1)
        }
    }

    static func == (lhs: ModelTerms, rhs: ModelTerms) -> Bool {
        lhs.coefficients == rhs.coefficients
    }

    static func + (lhs: ModelTerms, rhs: ModelTerms) -> ModelTerms {
        ModelTerms(lhs.coefficients.0 + rhs.coefficients.0, lhs.coefficients.1 + rhs.coefficients.1, lhs.coefficients.2 + rhs.coefficients.2)
    }

    static func - (lhs: ModelTerms, rhs: ModelTerms) -> ModelTerms {
        ModelTerms(lhs.coefficients.0 - rhs.coefficients.0, lhs.coefficients.1 - rhs.coefficients.1, lhs.coefficients.2 - rhs.coefficients.2)
    }

    static prefix func - (terms: ModelTerms) -> ModelTerms {
        ModelTerms(-terms.coefficients.0, -terms.coefficients.1, -terms.coefficients.2)
    }

    static func * (scale: Double, terms: ModelTerms) -> ModelTerms {
        ModelTerms(scale * terms.coefficients.0, scale * terms.coefficients.1, scale * terms.coefficients.2)
    }

    static func / (terms: ModelTerms, divisor: Double) -> ModelTerms {
        (1 / divisor) * terms
    }
}
