@testable import DiffusionODE
import Foundation
import Testing

@Suite("phi functions")
struct PhiFunctionTests {
    @Test("series and direct branches agree at the switch", arguments: [DPMSolverPhi.seriesThreshold, -DPMSolverPhi.seriesThreshold])
    func branchesAgreeAtSwitch(z: Double) {
        let second = DPMSolverPhi.secondBySeries(z), secondDirect = DPMSolverPhi.secondDirect(z)
        let third = DPMSolverPhi.thirdBySeries(z), thirdDirect = DPMSolverPhi.thirdDirect(z)
        #expect(abs(second - secondDirect) <= 4e-15 * abs(second))
        #expect(abs(third - thirdDirect) <= 2e-14 * abs(third))
        // On either side of the switch the public functions agree with each branch.
        let below = z.nextDown.magnitude < z.magnitude ? z.nextDown : z.nextUp
        #expect(abs(DPMSolverPhi.third(below) - DPMSolverPhi.third(z)) <= 2e-14 * abs(third))
    }

    @Test("small arguments keep full relative accuracy", arguments: [1e-2, 1e-4, 1e-8, -1e-3, -1e-7])
    func smallArguments(z: Double) {
        // Summed forward term by term (the library sums by Horner): sum_k z^k/(k+1)!, sum_k z^k/(k+2)!.
        var second = 0.0, third = 0.0
        var term2 = z / 2, term3 = z / 6
        for k in 1...25 {
            second += term2
            third += term3
            term2 *= z / Double(k + 2)
            term3 *= z / Double(k + 3)
        }
        #expect(abs(DPMSolverPhi.second(z) - second) <= 1e-15 * abs(second))
        #expect(abs(DPMSolverPhi.third(z) - third) <= 1e-15 * abs(third))
    }

    @Test("the direct formulas lose digits where the series does not")
    func directFormulaCancels() {
        let z = 1e-7
        let exact = z / 6 + z * z / 24
        #expect(abs(DPMSolverPhi.thirdDirect(z) - exact) > 1e-6 * exact)
        #expect(abs(DPMSolverPhi.third(z) - exact) <= 1e-15 * exact)
    }

    @Test("large arguments match their definitions", arguments: [0.7, 2.0, 6.0, -0.9, -4.0])
    func largeArguments(z: Double) {
        #expect(DPMSolverPhi.second(z) == expm1(z) / z - 1)
        #expect(abs(DPMSolverPhi.third(z) - ((expm1(z) / z - 1) / z - 0.5)) <= 1e-15)
    }
}
