import DiffusionODE
import Foundation
import Testing
import TestSupport

@Suite("Gaussian first step")
struct GaussianFirstStepTests {
    static let mean = [0.3, -0.7]
    static let covariance = [[2.0, 0.8], [0.8, 0.5]]

    /// The exact eps of data N(m, C) in two dimensions: sigma (alpha^2 C + sigma^2 I)^-1 (x - alpha m),
    /// the 2 x 2 inverse written out (nothing shared with the flow under test).
    static func correlatedGaussian() -> ClosureNoisePredictor {
        ClosureNoisePredictor { x, level, output in
            let a = level.alpha, s = level.sigma
            let p = a * a * covariance[0][0] + s * s, q = a * a * covariance[0][1], r = a * a * covariance[1][1] + s * s
            let determinant = p * r - q * q
            for row in 0..<x.rows {
                let u = x[row, 0] - a * mean[0], v = x[row, 1] - a * mean[1]
                output[row, 0] = s * (r * u - q * v) / determinant
                output[row, 1] = s * (p * v - q * u) / determinant
            }
        }
    }

    @Test("the flow with a full covariance is the exact flow of that Gaussian (rk4, 4000 steps, to 1e-10)")
    func flowIsExactForCorrelatedGaussian() throws {
        let schedule = try LinearVPSchedule()
        let x = Problems.noise(rows: 12, columns: 2, seed: 8)
        let problem = try SamplingProblem(schedule: schedule, model: Self.correlatedGaussian(), initial: x, endTime: 0.2)
        let numerical = try SolverCatalog.standard.solver(named: "rk4").solve(problem, .steps(4000, spacing: .logSNR)).final
        let step = try GaussianFirstStep(DDIM(), dataMean: Self.mean, dataCovariance: Self.covariance)
        let closed = step.gaussian.flow(x, from: problem.startLevel, to: problem.endLevel)
        #expect(closed.maxAbsoluteDifference(to: numerical) <= 1e-10 * max(1, numerical.maxMagnitude))
        // And to clean data: x_0 = m + C^(1/2) (alpha_T^2 C + sigma_T^2 I)^(-1/2) (x_T - alpha_T m) has the data's covariance.
        let clean = step.gaussian.flow(Problems.noise(rows: 40_000, columns: 2, seed: 9), from: problem.startLevel, to: .clean)
        for i in 0..<2 {
            for j in 0..<2 {
                let sampleCovariance = (0..<clean.rows).reduce(0.0) { $0 + (clean[$1, i] - Self.mean[i]) * (clean[$1, j] - Self.mean[j]) } / Double(clean.rows)
                #expect(abs(sampleCovariance - Self.covariance[i][j]) < 0.05, "covariance[\(i)][\(j)] \(sampleCovariance)")
            }
        }
    }

    @Test("with a diagonal covariance the flow is GaussianFlow's closed form")
    func diagonalMatchesGaussianFlow() throws {
        let gaussian = try Problems.gaussian()
        let schedule = try DiscreteVPSchedule.ddpmLinear()
        let step = try GaussianFirstStep(DDIM(), dataMean: try #require(gaussian.dataMean), dataCovariance: try #require(gaussian.dataCovariance))
        let x = Problems.noise(rows: 7, columns: 4, seed: 2)
        let start = schedule.level(at: 1), end = schedule.level(at: 0.35)
        let expected = GaussianFlow(mixture: gaussian).solution(from: x, at: start, to: end)
        #expect(step.gaussian.flow(x, from: start, to: end).maxAbsoluteDifference(to: expected) <= 1e-13)
    }

    @Test("a mixture's covariance is the closed form")
    func covariances() throws {
        let oneDimensional = try GaussianMixture(weights: [0.25, 0.75], means: [[-1], [3]], variances: [[0.5], [2]])
        #expect(oneDimensional.dataMean == [2])
        #expect(abs(try #require(oneDimensional.dataCovariance)[0][0] - 4.625) < 1e-14)
        let twoDimensional = try GaussianMixture(weights: [1, 1], means: [[1, 1], [-1, -1]], variances: [[1, 2], [3, 4]])
        #expect(twoDimensional.dataCovariance == [[3, 1], [1, 4]])
    }

    @Test("the budget is spent after the first step: N evaluations, one step more than the wrapped plan for N", arguments: [("unipc-3", 5, 6), ("dpm-solver++-3m", 6, 7), ("dpm-solver-2", 4, 3), ("dpm-solver-3", 9, 4), ("rk4", 12, 4)])
    func budgets(name: String, budget: Int, steps: Int) throws {
        let mixture = try Problems.mixture()
        let problem = try SamplingProblem(schedule: try DiscreteVPSchedule.ddpmLinear(), model: mixture, initial: Problems.noise(rows: 10, columns: 2, seed: 5))
        let plain = try SolverCatalog.standard.solver(named: name)
        let wrapped = try GaussianFirstStep(plain, dataMean: try #require(mixture.dataMean), dataCovariance: try #require(mixture.dataCovariance))
        let solution = try wrapped.solve(problem, .evaluations(budget))
        #expect(solution.statistics.evaluations == budget)
        #expect(solution.statistics.steps == steps)
        #expect(wrapped.stepControl.steps(spending: budget) == steps)
        #expect(try plain.solve(problem, .evaluations(budget)).statistics.steps == steps - 1)
        #expect(wrapped.name == "\(plain.name)/gaussian-first-step")
        #expect(wrapped.order == plain.order && wrapped.defaultSpacing == plain.defaultSpacing && wrapped.isStochastic == plain.isStochastic)
    }

    @Test("a clean end spends its last evaluation as the plain solver does, and the trajectory starts at x_T")
    func cleanEndAndTrajectory() throws {
        let mixture = try Problems.mixture()
        let x = Problems.noise(rows: 6, columns: 2, seed: 6)
        let problem = try SamplingProblem(schedule: try DiscreteVPSchedule.ddpmLinear(), model: mixture, initial: x, denoiseToZero: true)
        let wrapped = try GaussianFirstStep(try UniPC(order: 3), dataMean: try #require(mixture.dataMean), dataCovariance: try #require(mixture.dataCovariance))
        let solution = try wrapped.solve(problem, .evaluations(6), options: SolveOptions(recordTrajectory: true))
        #expect(solution.statistics.evaluations == 6)
        #expect(solution.statistics.finalLevel.isClean)
        let trajectory = try #require(solution.trajectory)
        #expect(trajectory.first?.state == x)
        #expect(trajectory.first?.level == problem.startLevel)
        #expect(trajectory.count == solution.statistics.steps + 1)
    }

    @Test("on a mixture the first step's error falls as its end gets noisier (against rk4, 2000 steps)")
    func errorFallsWithNoise() throws {
        let mixture = try Problems.mixture()
        let schedule = try DiscreteVPSchedule.ddpmLinear()
        let x = Problems.noise(rows: 50, columns: 2, seed: 11)
        let step = try GaussianFirstStep(DDIM(), dataMean: try #require(mixture.dataMean), dataCovariance: try #require(mixture.dataCovariance))
        var errors: [Double] = []
        for sigmaTilde in [2.0, 8.0, 32.0] {
            let end = schedule.level(atSigmaTilde: sigmaTilde)
            let problem = try SamplingProblem(schedule: schedule, model: mixture, initial: x, endTime: end.time)
            let exact = try SolverCatalog.standard.solver(named: "rk4").solve(problem, .steps(2000, spacing: .logSNR)).final
            // In x0 units (divided by alpha), as the final error is measured.
            errors.append(step.gaussian.flow(x, from: problem.startLevel, to: end).rmsDifference(to: exact) / end.alpha)
        }
        #expect(errors[2] < errors[1] && errors[1] < errors[0], "\(errors)")
        #expect(errors[2] < 0.01, "\(errors)")
    }

    @Test("the catalog wraps any solver when the configuration carries the data's mean and covariance")
    func catalog() throws {
        var configuration = SolverConfiguration()
        configuration.firstStep = .gaussian(try GaussianMoments(mean: [0, 0], covariance: [[1, 0], [0, 1]]))
        let solver = try SolverCatalog.standard.solver(named: "ipndm", configuration: configuration)
        #expect(solver is GaussianFirstStep)
    }

    @Test("refused, naming the field: an inversion, an adaptive solver, a one-step grid, a bad mean or covariance")
    func refusals() throws {
        let mixture = try Problems.mixture()
        let identity = [[1.0, 0], [0, 1]]
        let step = try GaussianFirstStep(DDIM(), dataMean: [0, 0], dataCovariance: identity)
        let inversion = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 3, columns: 2, seed: 1), endTime: 0.1, inverts: true)
        #expect { try step.solve(inversion, .steps(5)) } throws: { ($0 as? DiffusionODEError)?.field == "first-step" }
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 3, columns: 2, seed: 1))
        let adaptive = try GaussianFirstStep(SolverCatalog.standard.solver(named: "dpm-solver-23"), dataMean: [0, 0], dataCovariance: identity)
        #expect { try adaptive.solve(problem, .tolerances(absolute: 1e-3, relative: 1e-3)) } throws: { ($0 as? DiffusionODEError)?.field == "first-step" }
        #expect { try step.solve(problem, .steps(1)) } throws: { ($0 as? DiffusionODEError)?.field == "steps" }
        #expect { try step.solve(problem, .evaluations(0)) } throws: { ($0 as? DiffusionODEError)?.field == "nfe" }
        let secondOrder = try GaussianFirstStep(SolverCatalog.standard.solver(named: "dpm-solver-2"), dataMean: [0, 0], dataCovariance: identity)
        #expect { try secondOrder.solve(problem, .evaluations(5)) } throws: {
            ($0 as? DiffusionODEError)?.message.hasPrefix("5 cannot be spent by dpm-solver-2/gaussian-first-step") == true
        }
        for (mean, covariance) in [([], []), ([0, .nan], identity), ([0, 0], [[1, 0]]), ([0, 0], [[1, 0.5], [0, 1]]), ([0, 0], [[1, .infinity], [.infinity, 1]])] as [([Double], [[Double]])] {
            #expect { try GaussianFirstStep(DDIM(), dataMean: mean, dataCovariance: covariance) } throws: { ($0 as? DiffusionODEError)?.field == "first-step" }
        }
    }
}
