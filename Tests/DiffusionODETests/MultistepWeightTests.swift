@testable import DiffusionODE
import Foundation
import Testing
import TestSupport

/// The weights of DEIS, iPNDM-v and the exact Adams-Bashforth rule against the values the
/// reference code gives (torch, float64) on the Karras grid of the sigma-* cases, and
/// UniPC's end-to-end outputs from the authors' `uni_pc.py` (float64) on a 1-D Gaussian.
@Suite("Multistep weights and UniPC against the reference code")
struct MultistepWeightTests {
    /// k-diffusion's Karras grid of the reference cases (10 levels, linear schedule, t 1 -> 1e-3).
    static let grid = [
        152.16697028394643, 83.06368865691876, 42.81482626138796, 20.58975302627926, 9.089293743415107,
        3.600566857123569, 1.2381745156509643, 0.3511988227456939, 0.07545922778134058, 0.010485992786702987,
    ]

    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(abs($1), 1e-300) }
    }

    /// History (newest first) and next level of step `i` on the grid.
    static func step(_ i: Int, order: Int) -> (sigmas: [Double], next: Double) {
        ((0..<min(i + 1, order)).map { grid[i - $0] }, grid[i + 1])
    }

    @Test("DEIS tab weights: ComfyUI's 10000-point sum, to 1e-12")
    func deisWeights() {
        let table = DEISTimeTable()
        let second: [Int: [Double]] = [
            1: [-61.016013373737827, 20.76695071305107], 2: [-33.833442824356453, 11.608227555408906],
            3: [-17.628267372222258, 6.127709150273172], 4: [-8.5048870431717365, 3.0160932191588219],
            5: [-3.6727005312600611, 1.3102716706246709], 6: [-1.2639134001869234, 0.37693098174315753],
            7: [-0.33371913190718094, 0.05797927840354123], 8: [-0.072897982824822113, 0.0079247373323859324],
        ]
        for (i, expected) in second {
            let (sigmas, next) = Self.step(i, order: 2)
            let weights = table.weights(sigmas: sigmas, next: next, rule: .reference)
            #expect(Self.close(weights, expected, 1e-12), "row \(i): \(weights)")
        }
        let third: [Int: [Double]] = [
            2: [-44.811061716718491, 35.502768184114132, -12.916921736343191],
            3: [-23.583741709858344, 19.304177284965483, -7.2209937970562272],
            4: [-11.556105207716397, 9.9330557742845187, -3.865744390581038],
        ]
        for (i, expected) in third {
            let (sigmas, next) = Self.step(i, order: 3)
            #expect(Self.close(table.weights(sigmas: sigmas, next: next, rule: .reference), expected, 1e-12), "row \(i)")
        }
        // Exact quadrature differs from the reference's sum by 4e-7 to 2.3e-5 relative.
        let (sigmas, next) = Self.step(3, order: 3)
        let exact = table.weights(sigmas: sigmas, next: next, rule: .exact)
        let reference = table.weights(sigmas: sigmas, next: next, rule: .reference)
        for (a, b) in zip(exact, reference) {
            let gap = abs(a - b) / abs(a)
            #expect(gap > 1e-8 && gap < 1e-4, "\(gap)")
        }
        // The weights of one step integrate d sigma exactly in the exact rule: they sum to the step.
        #expect(abs(exact.reduce(0, +) - (next - sigmas[0])) <= 1e-12 * abs(next - sigmas[0]))
    }

    @Test("iPNDM-v weights as coded, and the exact variable-step Adams-Bashforth weights")
    func ipndmWeights() {
        let coded: [Int: [Double]] = [
            1: [1.2912225110579167, -0.29122251105791674],
            2: [1.7573908193123857, -1.037718783375551, 0.28032796406316524],
            3: [1.8158251713707516, -1.1464711140314809, 0.34405454622698706, -0.012712126435047211],
            4: [1.7850396233551975, -1.0843612167322068, 0.30847692177726427, -0.0085793882181071299],
        ]
        let exact: [Int: [Double]] = [
            2: [1.4151269410007079, -0.49610501289117681, 0.080978071890468989],
            3: [1.4487438953105687, -0.57456101749408006, 0.13798528152869233, -0.012168159345180838],
            4: [1.400263842581402, -0.49908886761330334, 0.10721132014290417, -0.0083862951110028148],
        ]
        for (i, expected) in coded {
            let (sigmas, next) = Self.step(i, order: 4)
            #expect(Self.close(IPNDM.referenceVariableWeights(sigmas: sigmas, next: next), expected, 1e-13), "coded row \(i)")
        }
        for (i, expected) in exact {
            let (sigmas, next) = Self.step(i, order: 4)
            let width = next - sigmas[0]
            let weights = LagrangeIntegral.weights(nodes: sigmas.map { $0 - sigmas[0] }, width: width).map { $0 / width }
            #expect(Self.close(weights, expected, 1e-13), "exact row \(i): \(weights)")
        }
        // On a uniform grid the coded fourth-order weights are (57, -65, 43, -11)/24.
        let uniform: [Double] = IPNDM.referenceVariableWeights(sigmas: [4, 5, 6, 7], next: 3)
        let published: [Double] = [57, -65, 43, -11].map { $0 / 24 }
        #expect(Self.close(uniform, published, 1e-14), "\(uniform)")
        let adamsBashforth: [Double] = [55, -59, 37, -9].map { $0 / 24 }
        let exactUniform: [Double] = LagrangeIntegral.weights(nodes: [0, 1, 2, 3], width: -1).map { -$0 }
        #expect(Self.close(exactUniform, adamsBashforth, 1e-14))
    }

    /// The UniPC authors' code in float64 on x0 ~ N(0.5, 0.3), linear schedule, t 1 -> 1e-3,
    /// x_T = (1, -0.5, 2) (three samples of one dimension).
    @Test("UniPC reproduces the authors' uni_pc.py", arguments: [
        (1, UniPCVariant.bh1, PredictionAlgorithm.dataPrediction, 2, 10, TimeSpacing.timeUniform, true, [9.776372935119628e-01, 2.587781004448841e-01, 1.456876755556682e+00]),
        (2, .bh2, .noisePrediction, 3, 8, .logSNR, true, [1.082319259015770e+00, 2.059194718727651e-01, 1.666585783777777e+00]),
        (3, .bh1, .dataPrediction, 3, 12, .timeQuadratic, false, [9.689084983564715e-01, 2.631856613727444e-01, 1.439390389678957e+00]),
        (4, .bh2, .dataPrediction, 1, 5, .timeUniform, true, [8.131074206418593e-01, 3.418566268864096e-01, 1.127274616478826e+00]),
        (5, .varyCoeff, .noisePrediction, 2, 10, .timeUniform, true, [9.409767378751497e-01, 2.772896624348368e-01, 1.383434788168691e+00]),
    ])
    func uniPCReference(
        index: Int, variant: UniPCVariant, algorithm: PredictionAlgorithm, order: Int, steps: Int, spacing: TimeSpacing,
        lowerOrderFinal: Bool, expected: [Double]
    ) throws {
        let mixture = try GaussianMixture(weights: [1], means: [[0.5]], variances: [[0.3]])
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: try Batch([[1.0], [-0.5], [2.0]]))
        let solver = try UniPC(order: order, variant: variant, algorithm: algorithm, lowerOrderFinal: lowerOrderFinal)
        let solution = try solver.solve(problem, .steps(steps, spacing: spacing))
        #expect(solution.statistics.evaluations == steps)
        #expect(Self.close(solution.final.storage, expected, 1e-9), "case \(index): \(solution.final.storage)")
    }

    @Test("UniC after DPM-Solver++(2M) with bh2 is UniPC-2 with bh2 (UniP-2 with bh2 is the 2M update)", arguments: [PredictionAlgorithm.dataPrediction, .noisePrediction])
    func uniCAfterTwoMIsUniPC(algorithm: PredictionAlgorithm) throws {
        let mixture = try Problems.mixture()
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 16, columns: 2, seed: 9))
        let twoM = try DPMSolverMultistep(order: 2, algorithm: algorithm.dpmSolverAlgorithm, corrector: .unic, correctorVariant: .bh2)
        let uniPC = try UniPC(order: 2, variant: .bh2, algorithm: algorithm, lowerOrderFinal: false)
        // From 10 steps DPM-Solver lowers no order; UniPC without lower_order_final neither.
        let a = try twoM.solve(problem, .steps(12, spacing: .timeQuadratic)).final
        let b = try uniPC.solve(problem, .steps(12, spacing: .timeQuadratic)).final
        #expect(a.maxAbsoluteDifference(to: b) <= 1e-12 * b.maxMagnitude)
    }
}
