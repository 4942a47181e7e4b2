import DiffusionODE
import DiffusionODEStudies
import Foundation
import Testing
import TestSupport

@Suite("SDE and ancestral samplers")
struct SDESamplerTests {
    static func problem(rows: Int = 32, seed: UInt64 = 3, schedule: (any NoiseSchedule)? = nil) throws -> SamplingProblem {
        let mixture = try Problems.mixture()
        return try SamplingProblem(schedule: schedule ?? LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: rows, columns: 2, seed: seed))
    }

    static func relative(_ a: Batch, _ b: Batch) -> Double { a.maxAbsoluteDifference(to: b) / max(b.maxMagnitude, 1e-300) }

    @Test("at eta = 0 the ancestral and SDE samplers are their deterministic counterparts, to 1e-12", arguments: [
        ("k-euler-ancestral", "euler@sigma"), ("k-dpmpp-2s-ancestral", "dpm-solver++-2s"), ("k-dpmpp-2m-sde", "dpm-solver++-2m"),
    ])
    func etaZero(stochastic: String, deterministic: String) throws {
        let problem = try Self.problem()
        var configuration = SolverConfiguration()
        configuration.eta = 0
        let sigmas = TimeGrid.levels(.karras(), schedule: problem.schedule, from: 1, to: 1e-3, steps: 12).map(\.sigmaTilde) + [0]
        let a = try SolverCatalog.standard.solver(named: stochastic, configuration: configuration).solve(problem, .sigmas(sigmas))
        let b = try SolverCatalog.standard.solver(named: deterministic).solve(problem, .sigmas(sigmas))
        #expect(a.statistics.evaluations == b.statistics.evaluations)
        #expect(Self.relative(a.final, b.final) <= 1e-12, "\(stochastic): \(Self.relative(a.final, b.final))")
    }

    @Test("SDE-DPM-Solver++-1 is DDIM with eta = 1, draw for draw")
    func firstOrderIsDDIM() throws {
        let problem = try Self.problem()
        let sde = try SDEDPMSolver(order: 1, seed: 11).solve(problem, .steps(15, spacing: .logSNR))
        let ddim = try DDIM(eta: 1, seed: 11).solve(problem, .steps(15, spacing: .logSNR))
        #expect(Self.relative(sde.final, ddim.final) <= 1e-12, "\(Self.relative(sde.final, ddim.final))")
    }

    @Test("the same seed gives the same samples bit for bit; another seed does not", arguments: ["sde-dpm-solver++-2m", "k-dpmpp-3m-sde", "k-euler-ancestral"])
    func reproducible(name: String) throws {
        let problem = try Self.problem()
        var configuration = SolverConfiguration(seed: 5)
        let a = try SolverCatalog.standard.solver(named: name, configuration: configuration).solve(problem, .steps(10)).final
        let b = try SolverCatalog.standard.solver(named: name, configuration: configuration).solve(problem, .steps(10)).final
        configuration.seed = 6
        let c = try SolverCatalog.standard.solver(named: name, configuration: configuration).solve(problem, .steps(10)).final
        #expect(a == b)
        #expect(a != c)
    }

    @Test("the Brownian tree: fine increments sum to the coarse one, increments are N(0, 1) and independent, one path for any query order")
    func brownianTree() throws {
        let tree = try BrownianTree(rows: 4000, columns: 1, seed: 9, from: -3, to: 5)
        var coarse = Batch(rows: 4000, columns: 1)
        tree.normalizedIncrement(from: -1, to: 2, into: &coarse)
        let points = [-1.0, -0.3, 0.4, 0.5, 1.7, 2.0]
        var sum = Batch(rows: 4000, columns: 1)
        var increments: [Batch] = []
        for (a, b) in zip(points, points.dropFirst()) {
            var z = Batch(rows: 4000, columns: 1)
            tree.normalizedIncrement(from: a, to: b, into: &z)
            increments.append(z)
            sum.add(tree.quantisedWidth(from: a, to: b).squareRoot(), z)
        }
        sum.assign(1 / tree.quantisedWidth(from: -1, to: 2).squareRoot(), sum)
        #expect(sum.maxAbsoluteDifference(to: coarse) <= 1e-12)
        for z in increments {
            let values = z.storage
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
            #expect(abs(mean) < 4 / 4000.0.squareRoot() && abs(variance - 1) < 0.1, "mean \(mean), variance \(variance)")
        }
        let correlation = zip(increments[0].storage, increments[1].storage).map { $0 * $1 }.reduce(0, +) / 4000
        #expect(abs(correlation) < 4 / 4000.0.squareRoot())
        // A second tree of the same seed, asked in another order, gives the same path.
        let other = try BrownianTree(rows: 4000, columns: 1, seed: 9, from: -3, to: 5)
        var late = Batch(rows: 4000, columns: 1), early = Batch(rows: 4000, columns: 1)
        other.normalizedIncrement(from: 1.7, to: 2.0, into: &late)
        other.normalizedIncrement(from: -1, to: -0.3, into: &early)
        #expect(late == increments[4] && early == increments[0])
    }

    /// Strong error against a 4096-step solve of the same sampler on the same Brownian path, on
    /// the single Gaussian (linear reverse SDE with additive noise): strong order 1.
    @Test("strong order 1 on one Brownian path", arguments: ["sde-dpm-solver-1", "sde-dpm-solver++-1", "sde-dpm-solver++-2m"])
    func strongOrder(name: String) throws {
        let mixture = try Problems.gaussian()
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 64, columns: 4, seed: 2))
        var configuration = SolverConfiguration(seed: 21)
        configuration.noise = .brownian
        let solver = try SolverCatalog.standard.solver(named: name, configuration: configuration)
        let reference = try solver.solve(problem, .steps(4096, spacing: .logSNR)).final
        let budgets = [32, 64, 128, 256]
        let errors = try budgets.map { try solver.solve(problem, .steps($0, spacing: .logSNR)).final.rmsDifference(to: reference) }
        let fit = try #require(OrderFit(evaluations: budgets, errors: errors))
        #expect(abs(fit.order - 1) <= 0.2, "\(name): strong order \(fit.order), errors \(errors)")
    }

    @Test("after 1000 steps the samples have the exact marginal's moments, within 3 standard errors", arguments: ["sde-dpm-solver++-2m", "k-dpmpp-2m-sde", "sde-dpm-solver-1"])
    func moments(name: String) throws {
        let mixture = try Problems.gaussian()
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 2000, columns: 4, seed: 8))
        var configuration = SolverConfiguration(seed: 4)
        configuration.noise = .independent
        let solution = try SolverCatalog.standard.solver(named: name, configuration: configuration).solve(problem, .steps(1000, spacing: .logSNR))
        let end = solution.statistics.finalLevel
        let rows = Double(solution.final.rows)
        for d in 0..<4 {
            let column = (0..<solution.final.rows).map { solution.final[$0, d] }
            let mean = column.reduce(0, +) / rows
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (rows - 1)
            let exactMean = end.alpha * mixture.means[0][d]
            let exactVariance = end.alpha * end.alpha * mixture.variances[0][d] + end.sigma * end.sigma
            #expect(abs(mean - exactMean) <= 3 * (exactVariance / rows).squareRoot(), "\(name) coordinate \(d): mean \(mean) against \(exactMean)")
            #expect(abs(variance - exactVariance) <= 3 * exactVariance * (2 / (rows - 1)).squareRoot(), "\(name) coordinate \(d): variance \(variance) against \(exactVariance)")
        }
    }
}
