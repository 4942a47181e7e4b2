import RealModule

/// The phi functions of the DPM-Solver update formulas, in the reference's scaling
/// (z = h for DPM-Solver, z = -h for DPM-Solver++):
///
///     phi_1(z) = expm1(z)
///     phi_2(z) = expm1(z)/z - 1        = z/2! + z^2/3! + z^3/4! + ...
///     phi_3(z) = phi_2(z)/z - 1/2      = z/3! + z^2/4! + z^3/5! + ...
///
/// (these are z times the classical exponential-integrator phi functions). Written as
/// differences they cancel: phi_2 loses about log10(1/|z|) digits and phi_3 twice as
/// many, so below ``seriesThreshold`` both are summed from their Taylor series
/// (Horner, 18 terms: truncation below 1e-19 relative at |z| = 0.5).
public enum DPMSolverPhi {
    /// |z| below which the series is used.
    public static let seriesThreshold = 0.5
    static let seriesTerms = 18

    /// phi_1(z) = expm1(z).
    @inlinable
    public static func first(_ z: Double) -> Double {
        Double.expMinusOne(z)
    }

    /// phi_2(z) = expm1(z)/z - 1.
    public static func second(_ z: Double) -> Double {
        abs(z) < seriesThreshold ? secondBySeries(z) : secondDirect(z)
    }

    /// phi_3(z) = (expm1(z)/z - 1)/z - 1/2.
    public static func third(_ z: Double) -> Double {
        abs(z) < seriesThreshold ? thirdBySeries(z) : thirdDirect(z)
    }

    /// phi_4(z) = phi_3(z)/z - 1/6 = z/4! + z^2/5! + ... (UniPC's third-order coefficient).
    public static func fourth(_ z: Double) -> Double {
        abs(z) < seriesThreshold ? series(z, factorialOffset: 3) : thirdDirect(z) / z - 1.0 / 6
    }

    /// phi_(k+1) for k = 0...3: expm1, then ``second(_:)``, ``third(_:)``, ``fourth(_:)``.
    public static func function(_ index: Int, _ z: Double) -> Double {
        switch index {
        case 0: return first(z)
        case 1: return second(z)
        case 2: return third(z)
        default: return fourth(z)
        }
    }

    /// phi_2 by its definition (accurate for |z| not small).
    static func secondDirect(_ z: Double) -> Double {
        Double.expMinusOne(z) / z - 1
    }

    /// phi_3 by its definition (accurate for |z| not small).
    static func thirdDirect(_ z: Double) -> Double {
        secondDirect(z) / z - 0.5
    }

    /// sum_{k>=1} z^k / (k + offset)!, by Horner from the highest term.
    private static func series(_ z: Double, factorialOffset offset: Int) -> Double {
        // z/(1+o)! * (1 + z/(2+o) * (1 + z/(3+o) * (...)))
        var sum = 1.0
        var k = seriesTerms
        while k >= 2 {
            sum = 1 + z / Double(k + offset) * sum
            k -= 1
        }
        var leading = z
        for j in 1...(1 + offset) { leading /= Double(j) }
        return leading * sum
    }

    static func secondBySeries(_ z: Double) -> Double {
        series(z, factorialOffset: 1)
    }

    static func thirdBySeries(_ z: Double) -> Double {
        series(z, factorialOffset: 2)
    }
}
