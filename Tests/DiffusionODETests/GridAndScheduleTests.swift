import DiffusionODE
import DiffusionODEStudies
import Foundation
import Testing
import TestSupport

/// The EDM / k-diffusion view of the same ODE: VE, EDM and flow-matching schedules,
/// sigma-space grids, explicit grids, and solves that end at clean data.
@Suite("Schedules, grids and the clean end")
struct GridAndScheduleTests {
    @Test("every schedule's lambda and its inverse round-trip to 1e-12", arguments: try Problems.otherSchedules().map { $0.name })
    func roundTrip(name: String) throws {
        let schedule = try #require(try Problems.otherSchedules().first { $0.name == name })
        let start = schedule.defaultFinalTime > 0 ? schedule.defaultFinalTime : schedule.maximumTime * 1e-3
        for index in 0...60 {
            let time = start * pow(schedule.defaultStartTime / start, Double(index) / 60)
            let level = schedule.level(at: time)
            let back = schedule.time(atHalfLogSNR: level.halfLogSNR)
            #expect(abs(back - time) <= 1e-12 * time, "\(name): t = \(time) came back as \(back)")
            #expect(abs(level.halfLogSNR - log(level.alpha / level.sigma)) <= 1e-12 * max(1, abs(level.halfLogSNR)))
            // d lambda/dt against a centred difference.
            let step = 1e-6 * time
            let numeric = (schedule.halfLogSNR(at: time + step) - schedule.halfLogSNR(at: time - step)) / (2 * step)
            #expect(abs(schedule.halfLogSNRDerivative(at: level) - numeric) <= 1e-6 * abs(numeric), "\(name) at \(time)")
        }
    }

    @Test("every solver runs on every schedule, and the Gaussian flow agrees with each schedule's closed form", arguments: try Problems.otherSchedules().map { $0.name })
    func solversOnOtherSchedules(name: String) throws {
        let schedule = try #require(try Problems.otherSchedules().first { $0.name == name })
        let mixture = try Problems.gaussian()
        let problem = try SamplingProblem(schedule: schedule, model: mixture, initial: Problems.noise(rows: 8, columns: 4, seed: 3))
        for solverName in ["ddim", "dpm-solver-3", "dpm-solver++-2m", "rk4@t", "rk4@lambda-scaled", "k-dpm-2", "ab2@sigma", "k-lms"] {
            let solver = try SolverCatalog.standard.solver(named: solverName)
            let coarse = try Problems.exactError(try solver.solve(problem, .steps(100, spacing: .logSNR)), problem, mixture)
            let fine = try Problems.exactError(try solver.solve(problem, .steps(400, spacing: .logSNR)), problem, mixture)
            let order = log(coarse / fine) / log(4)
            #expect(order >= Double(solver.order) - 0.5, "\(solverName) on \(name): order \(order) from errors \(coarse), \(fine)")
            #expect(fine <= 0.05, "\(solverName) on \(name): \(fine)")
        }
        let adaptive = try DPMSolverAdaptive(order: 3).solve(problem, try .tolerances(absolute: 1e-5, relative: 1e-5))
        #expect(try Problems.exactError(adaptive, problem, mixture) <= 1e-3)
    }

    @Test("flow matching with velocity prediction follows the trajectory of the equivalent noise prediction to 1e-12")
    func flowVelocityPrediction() throws {
        let schedule = FlowMatchingSchedule()
        let mixture = try Problems.mixture()
        // The exact velocity u = eps - x0 = (eps - x)/alpha of the mixture, served as a velocity model.
        let velocity = ClosureNoisePredictor(dimension: 2) { x, level, output in
            try mixture.predictNoise(x, at: level, into: &output)
            output.assign(1 / level.alpha, output, -1 / level.alpha, x)
        }
        let initial = Problems.noise(rows: 16, columns: 2, seed: 8)
        for solverName in ["ddim", "dpm-solver++-2m", "dpm-solver-3", "rk4@sigma"] {
            let solver = try SolverCatalog.standard.solver(named: solverName)
            let noise = try solver.solve(try SamplingProblem(schedule: schedule, model: mixture, initial: initial), .steps(12, spacing: .logSNR))
            let converted = ConvertedPredictor(velocity, predicting: .flowVelocity)
            let flow = try solver.solve(try SamplingProblem(schedule: schedule, model: converted, initial: initial), .steps(12, spacing: .logSNR))
            let difference = flow.final.maxAbsoluteDifference(to: noise.final) / noise.final.maxMagnitude
            #expect(difference <= 1e-12, "\(solverName): \(difference)")
        }
    }

    /// Flow matching starts at sigma-tilde = 999: both updates divide by alpha = 0.001 after a
    /// subtraction, so they agree only to about 1000 ulp there (measured 2.9e-12).
    @Test("euler@sigma equals ddim to 1e-12 on the same levels (3e-12 on flow matching from sigma-tilde 999)")
    func eulerInSigmaIsDDIM() throws {
        let mixture = try GaussianMixture(contentsOfFile: Fixtures.mixtureProblemPath)
        for schedule in try Problems.schedules() + Problems.otherSchedules() {
            let problem = try SamplingProblem(schedule: schedule, model: mixture, initial: Problems.noise(rows: 16, columns: mixture.sampleDimension, seed: 2))
            for spacing in [TimeSpacing.karras(), .timeUniform] {
                let euler = try SolverCatalog.standard.solver(named: "euler@sigma").solve(problem, .steps(15, spacing: spacing))
                let ddim = try DDIM().solve(problem, .steps(15, spacing: spacing))
                let difference = euler.final.maxAbsoluteDifference(to: ddim.final) / ddim.final.maxMagnitude
                #expect(difference <= (schedule is FlowMatchingSchedule ? 3e-12 : 1e-12), "\(schedule.name), \(spacing): \(difference)")
            }
        }
    }

    /// The step into clean data is x = x0_theta(x_s, s) from s = t(1e-3) (sigma-tilde 0.0105); for
    /// Gaussian data x0_theta is Tweedie's mean, which misses the flow's limit at sigma = 0 by
    /// O(sigma-tilde^2 / v). So each solver with a clean end must converge, as its steps grow, to
    /// exactly that: the exact flow to s followed by the exact x0_theta. k-lms takes its ordinary
    /// step into sigma = 0 instead, so it converges to the flow's limit itself.
    @Test("a solve to clean data converges to the closed-form flow followed by the exact last step", arguments: [
        "ddim", "dpm-solver-3", "dpm-solver++-2m", "dpm-solver-3m", "rk2-heun@sigma", "k-dpm-2", "k-lms", "ab2@t",
    ])
    func cleanEnd(name: String) throws {
        let mixture = try Problems.gaussian()
        let schedule = try LinearVPSchedule()
        let problem = try SamplingProblem(schedule: schedule, model: mixture, initial: Problems.noise(rows: 16, columns: 4, seed: 4), endTime: 0)
        #expect(problem.endsAtCleanData)
        let last = problem.spacedEndLevel
        let flow = try GaussianFlow(mixture)
        let atLast = flow.solution(from: problem.initial, at: problem.startLevel, to: last)
        var expected = Batch(rows: 16, columns: 4)
        try ModelEvaluator(model: mixture, solverName: "test").data(atLast, at: last, into: &expected)
        // The flow's own limit differs from it by O(sigma-tilde^2): here 1.6e-3 at most.
        let limit = flow.solution(from: problem.initial, at: problem.startLevel, to: .clean)
        let limitGap = limit.maxAbsoluteDifference(to: expected)
        #expect(limitGap > 1e-4 && limitGap < 2e-3)
        if name == "k-lms" { expected = limit }
        let solver = try SolverCatalog.standard.solver(named: name)
        var errors: [Double] = []
        for steps in [101, 201, 401] {
            let solution = try solver.solve(problem, .steps(steps, spacing: .logSNR))
            #expect(solution.statistics.finalLevel.isClean)
            #expect(solution.statistics.steps == steps, "the step to clean data is one of the steps")
            errors.append(solution.final.maxAbsoluteDifference(to: expected))
        }
        let order = log(errors[0] / errors[2]) / log(4)
        #expect(order >= Double(solver.order) - 0.3, "\(name): order \(order), errors \(errors)")
    }

    @Test("denoise-to-zero adds one step and one evaluation, for fixed-step and adaptive solvers alike")
    func denoiseToZero() throws {
        let mixture = try Problems.gaussian()
        let initial = Problems.noise(rows: 4, columns: 4, seed: 6)
        let plain = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: initial)
        let denoised = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: initial, denoiseToZero: true)
        for (name, discretization) in [("dpm-solver++-2m", Discretization.steps(10)), ("dpm-solver-23", try .tolerances(absolute: 1e-3, relative: 1e-3))] {
            let solver = try SolverCatalog.standard.solver(named: name)
            let a = try solver.solve(plain, discretization), b = try solver.solve(denoised, discretization)
            #expect(b.statistics.evaluations == a.statistics.evaluations + 1, "\(name)")
            #expect(b.statistics.steps == a.statistics.steps + 1, "\(name)")
            #expect(b.statistics.finalLevel.isClean)
        }
    }

    @Test("dpm-solver-fast ending at clean data: its order plan for N - 1 to the noisy end, then the data prediction there, N in all")
    func fastCleanEnd() throws {
        let mixture = try Problems.mixture()
        let schedule = try DiscreteVPSchedule.ddpmLinear()
        let initial = Problems.noise(rows: 5, columns: 2, seed: 12)
        let fast = try SolverCatalog.standard.solver(named: "dpm-solver-fast")
        let noisy = try fast.solve(try SamplingProblem(schedule: schedule, model: mixture, initial: initial), .evaluations(9))
        let end = schedule.level(at: schedule.defaultFinalTime)
        var eps = Batch(rows: 5, columns: 2)
        try mixture.predictNoise(noisy.final, at: end, into: &eps)
        for clean in [try SamplingProblem(schedule: schedule, model: mixture, initial: initial, denoiseToZero: true),
                      try SamplingProblem(schedule: schedule, model: mixture, initial: initial, endTime: 0)] {
            let solution = try fast.solve(clean, .evaluations(10))
            #expect(solution.statistics.evaluations == 10)
            #expect(solution.statistics.steps == noisy.statistics.steps + 1)
            #expect(solution.statistics.finalLevel.isClean)
            for row in 0..<5 {
                for d in 0..<2 {
                    let expected = (noisy.final[row, d] - end.sigma * eps[row, d]) / end.alpha
                    #expect(abs(solution.final[row, d] - expected) <= 1e-12 * max(1, abs(expected)))
                }
            }
        }
        // One evaluation goes straight from the start into clean data.
        let single = try fast.solve(try SamplingProblem(schedule: schedule, model: mixture, initial: initial, denoiseToZero: true), .evaluations(1))
        #expect(single.statistics.evaluations == 1 && single.statistics.steps == 1)
    }

    @Test("the karras and exponential grids equal k-diffusion's (the sigmas of the reference cases)")
    func sigmaGridsMatchKDiffusion() throws {
        let schedule = try LinearVPSchedule()
        for (caseName, spacing) in [("sigma-euler-linear-karras10", TimeSpacing.karras()), ("sigma-ipndm-linear-exp10-to0", .exponential)] {
            let folder = Fixtures.referenceCasesDirectory.appendingPathComponent(caseName)
            var expected = try NumPyArray.readVector(contentsOfFile: folder.appendingPathComponent("sigmas.npy").path)
            if expected.last == 0 { expected.removeLast() }
            let levels = TimeGrid.levels(spacing, schedule: schedule, from: 1, to: 1e-3, steps: expected.count - 1)
            for (level, sigma) in zip(levels, expected) {
                #expect(abs(level.sigmaTilde - sigma) <= 1e-12 * sigma, "\(caseName): \(level.sigmaTilde) against \(sigma)")
            }
        }
    }

    @Test("log-linear interpolation stretches the Align-Your-Steps constants as ComfyUI does")
    func alignYourStepsInterpolation() {
        let stableDiffusion = [14.6146412293, 6.4745760956, 3.8636745985, 2.6946151520, 1.8841921177, 1.3943805092, 0.9642583904, 0.6523686016, 0.3977456272, 0.1515232662, 0.0291671582]
        // ComfyUI's 15-step list (float32), whose last entry it replaces by 0.
        let expected = [14.614641, 8.493179, 5.450978, 3.8636746, 3.038538, 2.3916974, 1.8841921, 1.5415677, 1.2330632, 0.96425837, 0.7431215, 0.55317664, 0.39774564, 0.20902008, 0.08748849]
        let stretched = TimeGrid.logLinearInterpolation(stableDiffusion, count: 16)
        for (value, reference) in zip(stretched, expected) {
            #expect(abs(value - reference) <= 1e-6 * reference, "\(value) against \(reference)")
        }
        for (value, reference) in zip(TimeGrid.logLinearInterpolation(stableDiffusion, count: 11), stableDiffusion) {
            #expect(abs(value - reference) <= 1e-15 * reference)
        }
    }

    @Test("an explicit sigma grid is refused with the index at fault", arguments: [
        ([1.0], "at least 2"), ([2.0, 1.0, 1.5], "sigmas[2]"), ([2.0, .nan], "sigmas[1]"), ([2.0, -1.0], "sigmas[1]"),
        ([500.0, 1.0], "sigmas[0]"), ([2.0, 0.0, 0.0], "sigmas[1]"),
    ])
    func badSigmaGrids(sigmas: [Double], mentions: String) throws {
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: try Problems.gaussian(), initial: Problems.noise(rows: 2, columns: 4, seed: 1))
        do {
            _ = try DDIM().solve(problem, .sigmas(sigmas))
            Issue.record("accepted \(sigmas)")
        } catch let error as DiffusionODEError {
            #expect(error.kind == .invalidArgument)
            #expect(error.description.contains(mentions), "\(error)")
        }
    }
}
