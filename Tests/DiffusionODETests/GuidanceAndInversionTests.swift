import DiffusionODE
import DiffusionODEStudies
import Foundation
import Testing
import TestSupport

@Suite("Guidance and inversion")
struct GuidanceAndInversionTests {
    static func labelled() throws -> GaussianMixture {
        try GaussianMixture(
            weights: [0.5, 0.3, 0.2], means: [[-2, 0.5], [1.5, 1.5], [0.5, -2.5]], variances: [[0.3, 0.2], [0.1, 0.5], [0.4, 0.05]],
            labels: [0, 1, 1]
        )
    }

    @Test("guidance with w = 0 is the unconditional model; with w = 1 the conditional one; one class is the plain mixture, to 1e-12")
    func guidanceLimits() throws {
        let mixture = try Self.labelled()
        let x = Problems.noise(rows: 50, columns: 2, seed: 3)
        let level = try LinearVPSchedule().level(at: 0.4)
        let plain = try mixture.predictNoise(x, at: level)
        let unguided = try GuidedPredictor(mixture: mixture, label: 1, scale: 0).predictNoise(x, at: level)
        #expect(unguided.maxAbsoluteDifference(to: plain) <= 1e-12 * plain.maxMagnitude)
        let conditional = try mixture.restricted(toClass: 1).predictNoise(x, at: level)
        let guided = try GuidedPredictor(mixture: mixture, label: 1, scale: 1).predictNoise(x, at: level)
        #expect(guided.maxAbsoluteDifference(to: conditional) <= 1e-12 * conditional.maxMagnitude)
        let oneClass = try GaussianMixture(weights: mixture.weights, means: mixture.means, variances: mixture.variances, labels: [4, 4, 4])
        let whole = try GuidedPredictor(mixture: oneClass, label: 4, scale: 7.5).predictNoise(x, at: level)
        #expect(whole.maxAbsoluteDifference(to: plain) <= 1e-12 * plain.maxMagnitude)
        #expect(throws: DiffusionODEError.self) { try mixture.restricted(toClass: 9) }
        #expect(throws: DiffusionODEError.self) { try Problems.mixture().restricted(toClass: 0) }
    }

    @Test("dynamic thresholding clips the data prediction per sample at its percentile, and plain clipping clips")
    func thresholding() throws {
        let mixture = try Problems.mixture()
        let level = try LinearVPSchedule().level(at: 0.3)
        let x = Problems.noise(rows: 20, columns: 2, seed: 5)
        for correction in [X0Correction.clip(limit: 0.5), .dynamic(percentile: 0.9, maximum: 1)] {
            let eps = try CorrectedPredictor(mixture, correction: correction).predictNoise(x, at: level)
            for row in 0..<20 {
                let x0 = (0..<2).map { (x[row, $0] - level.sigma * eps[row, $0]) / level.alpha }
                #expect(x0.allSatisfy { abs($0) <= (correction == .clip(limit: 0.5) ? 0.5 : 1) + 1e-12 }, "\(correction): \(x0)")
            }
        }
    }

    /// x0 at t-end -> inversion -> x_T -> sampling -> x0 again, with the same grid, on the Gaussian:
    /// the inversion converges to the exact inverse with each solver's order, and the round trip
    /// at least as fast (DDIM at order 1; the forward and backward errors of the second-order
    /// singlestep update partly cancel, so its round trip measures 3).
    @Test("inversion converges with the solver's order; the round trip at least as fast", arguments: [("ddim", 1.0), ("dpm-solver-2", 2.0), ("dpm-solver++-2m", 2.0), ("dpm-solver-3", 3.0)])
    func roundTrip(name: String, order: Double) throws {
        let mixture = try Problems.gaussian()
        let schedule = try LinearVPSchedule()
        let solver = try SolverCatalog.standard.solver(named: name)
        let data = GaussianFlow(mixture: mixture).solution(from: Problems.noise(rows: 32, columns: 4, seed: 6), at: schedule.level(at: 1), to: schedule.level(at: 1e-3))
        var errors: [Double] = []
        var inversionErrors: [Double] = []
        var budgets: [Int] = []
        for steps in [48, 96, 192] {
            let inversion = try SamplingProblem(schedule: schedule, model: mixture, initial: data, inverts: true)
            let noise = try solver.solve(inversion, .steps(steps, spacing: .logSNR))
            #expect(noise.statistics.finalLevel.time == 1)
            let exactNoise = GaussianFlow(mixture: mixture).solution(from: data, at: schedule.level(at: 1e-3), to: schedule.level(at: 1))
            inversionErrors.append(noise.final.maxAbsoluteDifference(to: exactNoise))
            let back = try solver.solve(try SamplingProblem(schedule: schedule, model: mixture, initial: noise.final), .steps(steps, spacing: .logSNR))
            errors.append(back.final.maxAbsoluteDifference(to: data))
            budgets.append(back.statistics.evaluations)
        }
        let inversion = try #require(OrderFit(evaluations: budgets, errors: inversionErrors))
        #expect(abs(inversion.order - order) <= 0.25, "\(name): inversion order \(inversion.order), errors \(inversionErrors)")
        let fit = try #require(OrderFit(evaluations: budgets, errors: errors))
        #expect(fit.order >= order - 0.25, "\(name): round-trip order \(fit.order), errors \(errors)")
        if name == "ddim" { #expect(abs(fit.order - 1) <= 0.25) }
    }

    @Test("an inversion refuses adaptive and stochastic solvers and a clean start")
    func inversionRefusals() throws {
        let mixture = try Problems.gaussian()
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 2, columns: 4, seed: 1), inverts: true)
        #expect(throws: DiffusionODEError.self) { _ = try DPMSolverAdaptive(order: 3).solve(problem, try .tolerances(absolute: 1e-3, relative: 1e-3)) }
        #expect(throws: DiffusionODEError.self) { _ = try DDIM(eta: 0.5).solve(problem, .steps(5)) }
        #expect(throws: DiffusionODEError.self) {
            _ = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 2, columns: 4, seed: 1), endTime: 0, inverts: true)
        }
    }
}
