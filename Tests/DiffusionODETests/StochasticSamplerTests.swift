import DiffusionODE
import Foundation
import Testing
import TestSupport

/// Stochastic DDIM and DDPM against the formulas of DESIGN.md section 1, step by step, and
/// against the data distribution they must sample.
@Suite("Stochastic DDIM and DDPM")
struct StochasticSamplerTests {
    static let mixture = try! Problems.gaussian()

    /// One step of each sampler from s to t, compared with the formula evaluated by hand with
    /// the same step noise (stream 1 of the solver's seed). x comes from stream 0 of the same
    /// seed, as `diffode sample --samples N --seed S` draws x_T: a sampler that took its noise
    /// from x_T's stream would add z = x here and fail.
    @Test("one step matches DESIGN.md's formulas, with noise independent of x_T", arguments: [0.0, 0.3, 1.0])
    func oneStep(eta: Double) throws {
        let schedule = try DiscreteVPSchedule.ddpmLinear()
        let x = Problems.noise(rows: 6, columns: 4, seed: 17)
        let start = schedule.level(at: 0.6), end = schedule.level(at: 0.45)
        let problem = try SamplingProblem(schedule: schedule, model: Self.mixture, initial: x, startTime: 0.6, endTime: 0.45)
        let eps = try Self.mixture.predictNoise(x, at: start)
        var noise = SeededGenerator(seed: 17, stream: SeededGenerator.stepNoiseStream)
        let z = noise.standardNormalBatch(rows: 6, columns: 4)
        let abarS = start.alphaBar, abarT = end.alphaBar

        // DDIM: sigma = eta sqrt((1 - abar_prev)/(1 - abar_t)) sqrt(1 - abar_t/abar_prev),
        // x_prev = sqrt(abar_prev) x0_hat + sqrt(1 - abar_prev - sigma^2) eps + sigma z.
        let sigma = eta * ((1 - abarT) / (1 - abarS)).squareRoot() * (1 - abarS / abarT).squareRoot()
        let ddim = try DDIM(eta: eta, seed: 17).solve(problem, .times([0.6, 0.45])).final
        for i in 0..<x.count {
            let x0 = (x.storage[i] - start.sigma * eps.storage[i]) / start.alpha
            let expected = abarT.squareRoot() * x0 + (1 - abarT - sigma * sigma).squareRoot() * eps.storage[i] + (eta > 0 ? sigma * z.storage[i] : 0)
            #expect(abs(ddim.storage[i] - expected) <= 1e-12 * max(1, abs(expected)), "DDIM eta \(eta), element \(i)")
        }

        // DDPM sigma-hat, two steps so the first carries noise and the last does not:
        // mean = (sqrt(abar_prev) beta x0_hat + sqrt(1 - beta)(1 - abar_prev) x)/(1 - abar_t), + sqrt(beta) z.
        let ddpm = try DDPM(seed: 17).solve(problem, .times([0.6, 0.45, 0.3])).final
        let beta = 1 - abarS / abarT
        var first = x
        for i in 0..<x.count {
            let x0 = (x.storage[i] - start.sigma * eps.storage[i]) / start.alpha
            let mean = (abarT.squareRoot() * beta * x0 + (1 - beta).squareRoot() * (1 - abarT) * x.storage[i]) / (1 - abarS)
            first[i / 4, i % 4] = mean + beta.squareRoot() * z.storage[i]
        }
        let last = schedule.level(at: 0.3)
        let eps2 = try Self.mixture.predictNoise(first, at: end)
        let beta2 = 1 - abarT / last.alphaBar
        for i in 0..<x.count {
            let x0 = (first.storage[i] - end.sigma * eps2.storage[i]) / end.alpha
            let expected = (last.alphaBar.squareRoot() * beta2 * x0 + (1 - beta2).squareRoot() * (1 - last.alphaBar) * first.storage[i]) / (1 - abarT)
            #expect(abs(ddpm.storage[i] - expected) <= 1e-12 * max(1, abs(expected)), "DDPM element \(i)")
        }
    }

    /// With the exact model and DDIM's full 1000-step grid, every sampler reproduces the data's
    /// mean and variance. (eta = 1 is DDPM with the small posterior variance, which leaves out
    /// Var[x0 | x_t] and under-disperses by about 5% here; DDPM's larger variance does not.)
    @Test("with the exact model every row samples the data", arguments: [("0", 0.04), ("0.5", 0.05), ("1", 0.08), ("hat", 0.04)])
    func samplesTheData(eta: String, varianceTolerance: Double) throws {
        let data = try GaussianMixture(weights: [1], means: [[1.0]], variances: [[0.04]])
        let schedule = try DiscreteVPSchedule.ddpmLinear()
        let levels = try DDIMIndexGrid.levels(.uniform, schedule: schedule, steps: 1000)
        let samples = 10_000
        var generator = SeededGenerator(seed: 5)
        let problem = try SamplingProblem(
            schedule: schedule, model: data, initial: generator.standardNormalBatch(rows: samples, columns: 1),
            startTime: levels[0].time, endTime: levels[levels.count - 2].time
        )
        let solver: any Solver = eta == "hat" ? DDPM(seed: 5) : try DDIM(eta: Double(eta)!, seed: 5)
        let final = try solver.solve(problem, .levels(levels)).final
        for column in 0..<1 {
            let values = (0..<samples).map { final[$0, column] }
            let mean = values.reduce(0, +) / Double(samples)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples - 1)
            let expectedVariance = data.variances[0][column]
            #expect(abs(mean - data.means[0][column]) <= 5 * (expectedVariance / Double(samples)).squareRoot() + 0.01, "eta \(eta), mean \(mean)")
            #expect(abs(variance / expectedVariance - 1) <= 0.06, "eta \(eta), variance \(variance) for \(expectedVariance)")
        }
    }

    @Test("eta above 1 is refused")
    func etaRange() {
        #expect(throws: DiffusionODEError.self) { try DDIM(eta: 1.5) }
        #expect(throws: DiffusionODEError.self) { try DDIM(eta: -0.1) }
    }

    @Test("x_T's stream and the step-noise stream of one seed share no variates")
    func streamsDiffer() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9, stream: SeededGenerator.stepNoiseStream)
        let first = (0..<1000).map { _ in a.next() }
        let second = Set((0..<1000).map { _ in b.next() })
        #expect(first.filter(second.contains).isEmpty)
    }
}
