import DiffusionODE
import Foundation
import Testing
import TestSupport

@Suite("Analytic first step")
struct AnalyticFirstStepTests {
    static let mean = [0.5, -1.0, 2.0, 0.3]

    /// Data at one point (variance 1e-14): the exact eps is (x - alpha m) / sigma up to a
    /// relative 1e-14 alpha^2 / sigma^2, so the closed-form first evaluation is the model's.
    static func pointMass() throws -> GaussianMixture {
        try GaussianMixture(weights: [1], means: [mean], variances: [[Double](repeating: 1e-14, count: 4)])
    }

    @Test("on data at one point the closed form is the model: the same solution with one evaluation fewer", arguments: ["ddim", "dpm-solver-2", "dpm-solver++-2m", "unipc-3", "ipndm", "rk4"])
    func sameSolutionOneEvaluationFewer(name: String) throws {
        let problem = try SamplingProblem(schedule: try DiscreteVPSchedule.ddpmLinear(), model: try Self.pointMass(), initial: Problems.noise(rows: 30, columns: 4, seed: 3))
        let plain = try SolverCatalog.standard.solver(named: name)
        let analytic = try AnalyticFirstStep(plain, dataMean: Self.mean)
        let expected = try plain.solve(problem, .steps(6, spacing: .timeQuadratic))
        let solution = try analytic.solve(problem, .steps(6, spacing: .timeQuadratic))
        #expect(solution.statistics.evaluations == expected.statistics.evaluations - 1)
        #expect(solution.statistics.steps == expected.statistics.steps)
        #expect(solution.final.maxAbsoluteDifference(to: expected.final) <= 1e-9 * max(1, expected.final.maxMagnitude))
        #expect(analytic.name == "\(plain.name)/analytic-first-step")
    }

    @Test("one DDIM step is the closed form: x_end = alpha_end m + sigma_end (x_T - alpha_T m) / sigma_T, with no evaluation")
    func oneStepClosedForm() throws {
        let schedule = try LinearVPSchedule()
        let x = Problems.noise(rows: 5, columns: 2, seed: 4)
        let problem = try SamplingProblem(schedule: schedule, model: try Problems.mixture(), initial: x, endTime: 0.4)
        let mean = try #require(try Problems.mixture().dataMean)
        #expect(abs(mean[0] - -0.45) < 1e-15 && abs(mean[1] - 0.2) < 1e-15)
        let solution = try AnalyticFirstStep(DDIM(), dataMean: mean).solve(problem, .steps(1))
        #expect(solution.statistics.evaluations == 0)
        let start = problem.startLevel, end = problem.endLevel
        for row in 0..<5 {
            for d in 0..<2 {
                let expected = end.alpha * mean[d] + end.sigma * (x[row, d] - start.alpha * mean[d]) / start.sigma
                #expect(abs(solution.final[row, d] - expected) <= 1e-13 * max(1, abs(expected)))
            }
        }
    }

    @Test("a budget of N evaluations runs the plan of N + 1, and reports N", arguments: [("unipc-3", 5, 6), ("dpm-solver++-3m", 6, 7), ("dpm-solver-2", 5, 3), ("dpm-solver-3", 8, 3)])
    func budgets(name: String, budget: Int, steps: Int) throws {
        let problem = try SamplingProblem(schedule: try DiscreteVPSchedule.ddpmLinear(), model: try Problems.mixture(), initial: Problems.noise(rows: 10, columns: 2, seed: 5))
        let plain = try SolverCatalog.standard.solver(named: name)
        let analytic = try AnalyticFirstStep(plain, dataMean: try #require(try Problems.mixture().dataMean))
        let solution = try analytic.solve(problem, .evaluations(budget))
        #expect(solution.statistics.evaluations == budget)
        #expect(solution.statistics.steps == steps)
        #expect(analytic.stepControl.steps(spending: budget) == steps)
        // The plain solver spends budget + 1 on the same grid.
        #expect(try plain.solve(problem, .evaluations(budget + 1)).statistics.steps == steps)
    }

    @Test("the catalog wraps any solver when the configuration carries a data mean")
    func catalog() throws {
        var configuration = SolverConfiguration()
        configuration.firstStep = .analytic(dataMean: [0, 0])
        let solver = try SolverCatalog.standard.solver(named: "ipndm", configuration: configuration)
        #expect(solver is AnalyticFirstStep)
        #expect(solver.name == "ipndm/analytic-first-step")
    }

    @Test("refused: an inversion, a mean of the wrong length, an empty or non-finite mean, each naming first-step")
    func refusals() throws {
        let mixture = try Problems.mixture()
        let analytic = try AnalyticFirstStep(DDIM(), dataMean: [0, 0])
        let inversion = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 3, columns: 2, seed: 1), endTime: 0.1, inverts: true)
        #expect { try analytic.solve(inversion, .steps(5)) } throws: { ($0 as? DiffusionODEError)?.field == "first-step" }
        let threeColumns = try SamplingProblem(schedule: try LinearVPSchedule(), model: ClosureNoisePredictor { x, _, out in out = x }, initial: Problems.noise(rows: 3, columns: 3, seed: 1))
        #expect { try analytic.solve(threeColumns, .steps(5)) } throws: { ($0 as? DiffusionODEError)?.field == "first-step" }
        // A budget is checked as given, naming it, before one is added for the wrapped solver.
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 3, columns: 2, seed: 1))
        for budget in [0, Int.max] {
            #expect { try analytic.solve(problem, .evaluations(budget)) } throws: {
                ($0 as? DiffusionODEError)?.field == "nfe" && ($0 as? DiffusionODEError)?.message.contains("got \(budget)") == true
            }
        }
        let secondOrder = try AnalyticFirstStep(SolverCatalog.standard.solver(named: "dpm-solver-2"), dataMean: [0, 0])
        #expect { try secondOrder.solve(problem, .evaluations(6)) } throws: {
            ($0 as? DiffusionODEError)?.field == "nfe" && ($0 as? DiffusionODEError)?.message.hasPrefix("6 cannot be spent by dpm-solver-2/analytic-first-step") == true
        }
        for bad in [[], [0, .nan]] as [[Double]] {
            #expect { try AnalyticFirstStep(DDIM(), dataMean: bad) } throws: { ($0 as? DiffusionODEError)?.field == "first-step" }
        }
    }
}
