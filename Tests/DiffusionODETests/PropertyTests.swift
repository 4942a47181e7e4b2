import DiffusionODE
import Foundation
import PropertyBased
import Testing
import TestSupport

@Suite("Properties")
struct PropertyTests {
    static let schedules: [any NoiseSchedule] = (try? Problems.schedules()) ?? []

    @Test("t -> lambda -> t is the identity to 1e-12 at random times on every schedule")
    func scheduleInverse() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...3), Gen.double(in: 0...1)) { index, fraction in
            let schedule = Self.schedules[index]
            let low = schedule is DiscreteVPSchedule ? schedule.defaultFinalTime : 1e-4
            let time = low * pow(schedule.maximumTime / low, fraction)
            let back = schedule.time(atHalfLogSNR: schedule.halfLogSNR(at: time))
            #expect(abs(back - time) <= 1e-12 * time, "\(schedule.name) at t = \(time)")
        }
    }

    /// For Gaussian data eps is affine in x, so the exact flow and every solver step are
    /// affine maps: the image of a x1 + (1 - a) x2 is a f(x1) + (1 - a) f(x2).
    @Test("the Gaussian flow and every solver on it preserve affine combinations")
    func gaussianFlowIsAffine() async throws {
        let mixture = try Problems.gaussian()
        let flow = try GaussianFlow(mixture)
        let solvers: [any Solver] = [
            try DDIM(), try DPMSolverSinglestep(order: 3), try DPMSolverMultistep(order: 2, algorithm: .dpmSolverPlusPlus),
            ExplicitRungeKutta(tableau: .classic4, formulation: .time),
        ]
        await propertyCheck(count: 40, input: Gen.double(in: -2...3), Gen.int(in: 0...100_000), Gen.int(in: 0...3)) { weight, seed, scheduleIndex in
            let schedule = Self.schedules[scheduleIndex]
            var generator = SeededGenerator(seed: UInt64(seed))
            let first = generator.standardNormalBatch(rows: 3, columns: 4)
            let second = generator.standardNormalBatch(rows: 3, columns: 4)
            var combined = first
            combined.assign(weight, first, 1 - weight, second)
            func images(_ map: (Batch) throws -> Batch) throws -> (Batch, Batch) {
                var expected = first
                expected.assign(weight, try map(first), 1 - weight, try map(second))
                return (try map(combined), expected)
            }
            let start = schedule.level(at: schedule.maximumTime), end = schedule.level(at: schedule.defaultFinalTime)
            let (exact, exactExpected) = try images { flow.solution(from: $0, at: start, to: end) }
            #expect(exact.maxAbsoluteDifference(to: exactExpected) <= 1e-12 * max(1, exactExpected.maxMagnitude))
            for solver in solvers {
                let (image, expected) = try images { x in
                    try solver.solve(try SamplingProblem(schedule: schedule, model: mixture, initial: x), .steps(12, spacing: .logSNR)).final
                }
                #expect(image.maxAbsoluteDifference(to: expected) <= 1e-11 * max(1, expected.maxMagnitude), "\(solver.name) on \(schedule.name)")
            }
        }
    }

    @Test("the same seed gives the same noise, samples and stochastic solves")
    func determinism() async throws {
        let mixture = try Problems.mixture()
        await propertyCheck(count: 25, input: Gen.int(in: 0...1_000_000), Gen.double(in: 0...1)) { seed, eta in
            var first = SeededGenerator(seed: UInt64(seed)), second = SeededGenerator(seed: UInt64(seed))
            #expect(first.standardNormalBatch(rows: 5, columns: 3) == second.standardNormalBatch(rows: 5, columns: 3))
            #expect(mixture.sample(count: 7, using: &first) == mixture.sample(count: 7, using: &second))
            let problem = try SamplingProblem(schedule: try DiscreteVPSchedule.ddpmLinear(), model: mixture, initial: Problems.noise(rows: 6, columns: 2, seed: UInt64(seed)))
            let solver = try DDIM(eta: eta, seed: UInt64(seed))
            let runs = try (solver.solve(problem, .steps(8)).final, solver.solve(problem, .steps(8)).final)
            #expect(runs.0 == runs.1)
            let ancestral = try (DDPM(seed: 3).solve(problem, .steps(8)).final, DDPM(seed: 3).solve(problem, .steps(8)).final)
            #expect(ancestral.0 == ancestral.1)
        }
        var one = SeededGenerator(seed: 1), two = SeededGenerator(seed: 2)
        #expect(one.standardNormalBatch(rows: 2, columns: 2) != two.standardNormalBatch(rows: 2, columns: 2))
    }

    @Test("random batches survive an npy write and read bit for bit")
    func numPyRoundTrip() async throws {
        await propertyCheck(count: 100, input: Gen.int(in: 0...40), Gen.int(in: 1...9), Gen.int(in: 0...1_000_000)) { rows, columns, seed in
            var generator = SeededGenerator(seed: UInt64(seed))
            var batch = generator.standardNormalBatch(rows: rows, columns: columns)
            batch.withUnsafeMutableValues { values in
                for index in values.indices where index % 3 == 0 { values[index] *= pow(10, Double(Int(generator.next() % 600) - 300)) }
            }
            let decoded = try NumPyArray.decode(NumPyArray.encode(batch))
            #expect(decoded == batch)
        }
    }
}
