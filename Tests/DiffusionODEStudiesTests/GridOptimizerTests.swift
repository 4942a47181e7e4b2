@testable import DiffusionODE
@testable import DiffusionODEStudies
import DiffusionODEGSL
import Foundation
import Testing
import TestSupport

@Suite("Optimised grids")
struct GridOptimizerTests {
    static func gaussianProblem(rows: Int, seed: UInt64, schedule: any NoiseSchedule) throws -> SamplingProblem {
        try SamplingProblem(schedule: schedule, model: try Problems.gaussian(), initial: Problems.noise(rows: rows, columns: 4, seed: seed))
    }

    @Test("the parameterisation gives strictly decreasing grids with exact ends, and inverts")
    func parameterization() throws {
        let schedule = try LinearVPSchedule()
        let shape = GridParameterization(from: schedule.level(at: 1), to: schedule.level(at: 1e-3), steps: 6, endsAtCleanData: true)
        for u in [[0.0, 0, 0, 0, 0], [3, -2, 0.5, 9, -7], [-40, 40, 0, 0, 1]] {
            let sigmas = shape.sigmas(u)
            #expect(sigmas.count == 8 && sigmas.last == 0)
            #expect(abs(sigmas[0] - schedule.level(at: 1).sigmaTilde) <= 1e-12 * sigmas[0])
            #expect(abs(sigmas[6] - schedule.level(at: 1e-3).sigmaTilde) <= 1e-12 * sigmas[6])
            try FixedStepGrid.validate(sigmas: sigmas, schedule: schedule, source: "grid")
            let back = shape.sigmas(shape.parameters(of: sigmas))
            #expect(zip(back, sigmas).allSatisfy { abs($0 - $1) <= 1e-9 * max($1, 1e-300) })
        }
    }

    @Test("on the single Gaussian the optimised grid beats the best built-in one on held-out samples, and never loses on the training ones", arguments: ["dpm-solver++-2m", "ipndm"])
    func beatsBuiltInGrids(name: String) throws {
        let schedule = try DiscreteVPSchedule.ddpmLinear()
        let training = try Self.gaussianProblem(rows: 200, seed: 1, schedule: schedule)
        let heldOut = try Self.gaussianProblem(rows: 500, seed: 2, schedule: schedule)
        let solver = try SolverCatalog.standard.solver(named: name)
        let optimizer = try GridOptimizer(problem: training, solver: solver, budget: 6)
        let result = try optimizer.run()
        #expect(result.trainingError <= result.builtInErrors[0].error)
        #expect(result.sigmas.count == 7)
        try FixedStepGrid.validate(sigmas: result.sigmas, schedule: schedule, source: "grid")
        let reference = try ReferenceSolution(heldOut).final
        let optimised = optimizer.error(on: result.sigmas, against: reference, problem: heldOut, metric: .rms)
        let builtIn = try TimeSpacing.allCases.map { spacing in
            optimizer.error(on: try FixedStepGrid(.evaluations(6, spacing: spacing), problem: heldOut, solver: solver).levels.map(\.sigmaTilde), against: reference, problem: heldOut, metric: .rms)
        }.min()!
        #expect(optimised < builtIn, "\(name): held-out \(optimised) against the best built-in \(builtIn)")
    }

    @Test("random starts add to the default ones: the training error never rises, the search costs more, and a negative count is refused")
    func randomStarts() throws {
        let schedule = try DiscreteVPSchedule.ddpmLinear()
        let training = try Self.gaussianProblem(rows: 100, seed: 1, schedule: schedule)
        let solver = try SolverCatalog.standard.solver(named: "ipndm")
        let plain = try GridOptimizer(problem: training, solver: solver, budget: 5).run()
        let wider = try GridOptimizer(problem: training, solver: solver, budget: 5, randomStarts: 3, seed: 4).run()
        #expect(wider.trainingError <= plain.trainingError)
        #expect(wider.evaluations > plain.evaluations)
        try FixedStepGrid.validate(sigmas: wider.sigmas, schedule: schedule, source: "grid")
        #expect {
            _ = try GridOptimizer(problem: training, solver: solver, budget: 5, randomStarts: -1)
        } throws: { error in
            (error as? DiffusionODEError)?.field == "random-starts"
        }
    }

    @Test("a budget the solver cannot solve on is refused naming nfe and the solver's reason, not optimised as infinity")
    func unsolvableBudget() throws {
        let schedule = try DiscreteVPSchedule.ddpmLinear()
        let training = try Self.gaussianProblem(rows: 20, seed: 1, schedule: schedule)
        // The singlestep warm-up of DPM-Solver-3M spends 4 extra evaluations: 6 leave 2 steps, fewer than its order.
        let solver = try DPMSolverMultistep(order: 3, warmUp: .singlestep)
        #expect {
            _ = try GridOptimizer(problem: training, solver: solver, budget: 6).run()
        } throws: { error in
            let error = error as? DiffusionODEError
            return error?.field == "nfe" && error?.message.contains("needs at least 3 steps") == true
        }
    }

    @Test("Xue et al.'s coefficients integrate e^lambda times the Lagrange basis")
    func modelFreeCoefficients() {
        let widths = [0.7, 1.1, 0.9, 1.3]
        let knots = [0.0, 0.7, 1.8, 2.7, 4.0]
        for (order, step) in [(1, 0), (2, 2), (3, 3)] {
            let nodes = (0..<order).map { knots[step - $0] }
            let coefficients = ModelFreeGridObjective.coefficients(order: order, step: step, widths: widths, exponential: exp(knots[step]), next: exp(knots[step + 1]))
            for j in 0..<order {
                // Simpson on 2000 panels of e^l L_j(l) over the step.
                let a = knots[step], b = knots[step + 1], panels = 2000
                var sum = 0.0
                for k in 0...panels {
                    let l = a + (b - a) * Double(k) / Double(panels)
                    var basis = 1.0
                    for m in 0..<order where m != j { basis *= (l - nodes[m]) / (nodes[j] - nodes[m]) }
                    let weight = k == 0 || k == panels ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0)
                    sum += weight * exp(l) * basis
                }
                let integral = sum * (b - a) / Double(panels) / 3
                #expect(abs(coefficients[j] - integral) <= 1e-9 * max(1, abs(integral)), "order \(order), knot \(j)")
            }
        }
    }

    @Test("GITS's dynamic programming finds the cheapest weighted path")
    func gitsPath() {
        // Four candidates: 0 -> 1 -> 3 costs 1 + c 1; 0 -> 2 -> 3 costs 5 + c 0.1; 0 -> 3 costs 9.
        var cost = Array(repeating: Array(repeating: Double.infinity, count: 4), count: 4)
        cost[0][1] = 1; cost[1][3] = 1; cost[0][2] = 5; cost[2][3] = 0.1; cost[0][3] = 9; cost[1][2] = 1; cost[2][3] = 0.1
        #expect(GITSGrid.cheapestPath(cost: cost, steps: 2, coefficient: 1.15) == [0, 1, 3])
        #expect(GITSGrid.cheapestPath(cost: cost, steps: 1, coefficient: 1.15) == [0, 3])
        #expect(GITSGrid.cheapestPath(cost: cost, steps: 3, coefficient: 1.15) == [0, 1, 2, 3])
    }

    @Test("the model-free and GITS grids are valid grids of the budget")
    func otherObjectives() throws {
        let schedule = try LinearVPSchedule()
        let training = try Self.gaussianProblem(rows: 50, seed: 3, schedule: schedule)
        for objective in [GridObjective.modelFree, .gits] {
            let result = try GridOptimizer(problem: training, solver: try UniPC(order: 2), budget: 8, objective: objective).run()
            #expect(result.sigmas.count == 9, "\(objective)")
            try FixedStepGrid.validate(sigmas: result.sigmas, schedule: schedule, source: "\(objective)")
        }
    }
}
