import DiffusionODE
import PropertyBased
import Testing
import TestSupport

@Suite("DDIM is DPM-Solver-1")
struct DDIMEquivalenceTests {
    static func relativeDifference(_ a: Batch, _ b: Batch) -> Double {
        a.maxAbsoluteDifference(to: b) / max(b.maxMagnitude, 1e-300)
    }

    @Test("DDIM and DPM-Solver-1 agree to 1e-12 on every built-in schedule and spacing")
    func agreeOnEverySchedule() throws {
        let mixture = try GaussianMixture(contentsOfFile: Fixtures.mixtureProblemPath)
        for schedule in try Problems.schedules() {
            for spacing in TimeSpacing.allCases {
                let problem = try SamplingProblem(
                    schedule: schedule, model: mixture, initial: Problems.noise(rows: 32, columns: mixture.sampleDimension, seed: 5)
                )
                let ddim = try DDIM().solve(problem, .steps(20, spacing: spacing))
                let dpm = try DPMSolverSinglestep(order: 1).solve(problem, .steps(20, spacing: spacing))
                #expect(ddim.statistics.evaluations == 20)
                #expect(dpm.statistics.evaluations == 20)
                #expect(Self.relativeDifference(ddim.final, dpm.final) <= 1e-12, "\(schedule.name), \(spacing)")
            }
        }
    }

    @Test("DDIM and DPM-Solver-1 agree to 1e-12 on random problems, grids and inputs")
    func agreeOnRandomInputs() async throws {
        let schedules = try Problems.schedules()
        await propertyCheck(
            count: 60,
            input: Gen.int(in: 0...3), Gen.int(in: 1...60), Gen.double(in: 0.02...0.9), Gen.int(in: 0...1_000_000)
        ) { scheduleIndex, steps, endFraction, seed in
            let schedule = schedules[scheduleIndex]
            var generator = SeededGenerator(seed: UInt64(seed))
            let dimension = 1 + Int(generator.next() % 5)
            let components = 1 + Int(generator.next() % 4)
            let mixture = try GaussianMixture(
                weights: (0..<components).map { _ in 0.1 + generator.nextUnitInterval() },
                means: (0..<components).map { _ in (0..<dimension).map { _ in 3 * generator.nextStandardNormal() } },
                variances: (0..<components).map { _ in (0..<dimension).map { _ in 0.01 + generator.nextUnitInterval() } }
            )
            let spacing = TimeSpacing.allCases[seed % 3]
            let end = schedule.defaultFinalTime + endFraction * (schedule.maximumTime - schedule.defaultFinalTime) * 0.5
            let problem = try SamplingProblem(
                schedule: schedule, model: mixture, initial: generator.standardNormalBatch(rows: 7, columns: dimension), endTime: end
            )
            let ddim = try DDIM().solve(problem, .steps(steps, spacing: spacing))
            let dpm = try DPMSolverSinglestep(order: 1).solve(problem, .steps(steps, spacing: spacing))
            #expect(Self.relativeDifference(ddim.final, dpm.final) <= 1e-12)
        }
    }
}
