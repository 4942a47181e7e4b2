import DiffusionODE
import DiffusionODEStudies
import Foundation
import Testing
import TestSupport

@Suite("DDIM eta table")
struct EtaTableTests {
    @Test("DDIM's uniform and quadratic index grids")
    func indexGrids() throws {
        #expect(try DDIMIndexGrid.indices(.uniform, trainingSteps: 1000, steps: 10) == Array(stride(from: 0, to: 1000, by: 100)))
        #expect(try DDIMIndexGrid.indices(.uniform, trainingSteps: 1000, steps: 15).count == 16, "1000/15 = 66 gives 16 indices, as DDIM's range()")
        let quadratic = try DDIMIndexGrid.indices(.quadratic, trainingSteps: 1000, steps: 10)
        #expect(quadratic == [0, 9, 39, 88, 158, 246, 355, 483, 632, 800], "numpy: int(linspace(0, sqrt(800), 10)**2)")
        #expect(throws: DiffusionODEError.self) { try DDIMIndexGrid.indices(.uniform, trainingSteps: 1000, steps: 0) }
        let levels = try DDIMIndexGrid.levels(.uniform, schedule: try DiscreteVPSchedule.ddpmLinear(), steps: 10)
        #expect(levels.count == 11)
        #expect(levels.last == NoiseLevel.clean)
        #expect(abs(levels[0].time - 0.901) < 1e-15)
    }

    @Test("the Fréchet distance matches the closed form for diagonal covariances and vanishes for equal moments")
    func frechetDistance() {
        let a = [[4.0, 0], [0, 1]], b = [[1.0, 0], [0, 9]]
        let distance = FrechetDistance.squared(mean1: [1, 0], covariance1: a, mean2: [0, 2], covariance2: b)
        // |mu|^2 = 1 + 4; sum (sqrt a - sqrt b)^2 = 1 + 4
        #expect(abs(distance - 10) < 1e-12)
        let full = [[2.0, 0.7, 0.1], [0.7, 1.0, -0.3], [0.1, -0.3, 0.5]]
        #expect(abs(FrechetDistance.squared(mean1: [1, 2, 3], covariance1: full, mean2: [1, 2, 3], covariance2: full)) < 1e-12)
    }

    @Test("at small S the rows order as in the DDIM paper (eta 0 < 0.5 < 1); every row improves from S = 5 to 200")
    func orderingAndConvergence() throws {
        let mixture = try GaussianMixture(
            weights: [0.5, 0.3, 0.2],
            means: [[-1.5, 0.5, 1, 0], [1.5, 1.0, -1, 0.5], [0.2, -2.0, 0.5, -1]],
            variances: [[0.2, 0.3, 0.1, 0.4], [0.3, 0.1, 0.2, 0.2], [0.1, 0.2, 0.3, 0.1]]
        )
        let etas = ["0", "0.5", "1", "hat"].compactMap(EtaSetting.init)
        let study = try EtaTableStudy(mixture: mixture, schedule: try DiscreteVPSchedule.ddpmLinear(), steps: [5, 10, 200], etas: etas, samples: 4000, seed: 3)
        let result = try study.run()
        func distance(_ eta: String, _ steps: Int) -> Double {
            result.entries.first { $0.eta.description == eta && $0.steps == steps }!.frechetDistance
        }
        for steps in [5, 10] {
            #expect(distance("0", steps) < distance("0.5", steps) && distance("0.5", steps) < distance("1", steps), "S = \(steps): \(result.markdown)")
        }
        for eta in ["0", "0.5", "1", "hat"] {
            #expect(distance(eta, 200) < distance(eta, 5), "\(eta): \(result.markdown)")
            #expect(distance(eta, 200) < 10 * result.noiseFloor + 0.02, "\(eta) at S = 200: \(distance(eta, 200)), floor \(result.noiseFloor)")
        }
        #expect(result.entries.allSatisfy { $0.evaluations == $0.steps })
        #expect(result.csv.header == ["eta", "steps", "nfe", "frechet_distance"])
    }

    @Test("eta values are printed as given")
    func etaLabels() {
        #expect(EtaSetting("0.20")?.description == "0.20")
        #expect(EtaSetting("hat") == .hat)
        #expect(EtaSetting("-1") == nil)
        #expect(EtaSetting("x") == nil)
    }
}
