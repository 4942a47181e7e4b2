import DiffusionODE
import DiffusionODEStudies
import Foundation
import Testing
import TestSupport

@Suite("Runge-Kutta")
struct RungeKuttaTests {
    @Test("the built-in tableaus pass their own checks")
    func builtInTableausAreConsistent() throws {
        for tableau in ButcherTableau.builtIn {
            let checked = try ButcherTableau(name: tableau.name, a: tableau.a, b: tableau.b, c: tableau.c, order: tableau.order)
            #expect(checked == tableau)
        }
    }

    @Test("inconsistent tableaus are rejected")
    func badTableaus() {
        // Row sums differ from c.
        #expect(throws: DiffusionODEError.self) { try ButcherTableau(name: "x", a: [[0, 0], [0.4, 0]], b: [0.5, 0.5], c: [0, 1], order: 1) }
        // Weights do not sum to 1.
        #expect(throws: DiffusionODEError.self) { try ButcherTableau(name: "x", a: [[0, 0], [1, 0]], b: [0.5, 0.6], c: [0, 1], order: 1) }
        // Implicit.
        #expect(throws: DiffusionODEError.self) { try ButcherTableau(name: "x", a: [[0.5, 0], [1, 0]], b: [0.5, 0.5], c: [0.5, 1], order: 1) }
        // Declared order 3, but only order 2 conditions hold (Heun).
        #expect(throws: DiffusionODEError.self) { try ButcherTableau(name: "x", a: [[0, 0], [1, 0]], b: [0.5, 0.5], c: [0, 1], order: 3) }
    }

    /// Orders on the one-component Gaussian problem, linear schedule, t 1 -> 1e-3, the
    /// logsnr grid mapped into each formulation's variable, 64 to 512 steps.
    @Test("Euler, Heun, midpoint, RK3 and RK4 converge with orders 1, 2, 2, 3, 4 in t and in lambda", arguments: [
        ("euler", 1.0), ("rk2-heun", 2.0), ("rk2-midpoint", 2.0), ("rk3", 3.0), ("rk4", 4.0),
    ])
    func orders(name: String, expected: Double) throws {
        for formulation in [ODEFormulation.time, .halfLogSNR] {
            let solver = try SolverCatalog.standard.solver(named: "\(name)@\(formulation.rawValue)")
            let fit = try #require(try ConvergenceSeries.fit(solver, [64, 128, 256, 512].map { .steps($0, spacing: .logSNR) }))
            let stages = ButcherTableau.builtIn.first { $0.name == name }!.stages
            #expect(fit.evaluations == [64, 128, 256, 512].map { $0 * stages })
            #expect(abs(fit.order - expected) <= 0.15, "\(solver.name): \(fit.order), errors \(fit.errors)")
        }
    }

    @Test("the scaled formulation integrates the same flow")
    func scaledFormulation() throws {
        let mixture = try Problems.gaussian()
        let problem = try SamplingProblem(schedule: CosineVPSchedule(), model: mixture, initial: Problems.noise(rows: 16, columns: 4, seed: 2))
        let solution = try ExplicitRungeKutta(tableau: .classic4, formulation: .scaledHalfLogSNR).solve(problem, .steps(400, spacing: .logSNR))
        #expect(try Problems.exactError(solution, problem, mixture) <= 1e-6)
    }

    @Test("a non-finite model output stops a fixed-step solve with the step and time named")
    func nonFiniteModel() throws {
        let model = Problems.failingModel(below: 0.5)
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: model, initial: Problems.noise(rows: 3, columns: 2, seed: 0))
        for solver: any Solver in [ExplicitRungeKutta(tableau: .classic4), try DPMSolverSinglestep(order: 2), try DDIM()] {
            do {
                _ = try solver.solve(problem, .steps(10))
                Issue.record("\(solver.name) returned despite NaN")
            } catch let error as DiffusionODEError {
                #expect(error.kind == .solveFailed)
                #expect(error.description.contains("nan") && error.description.contains("step"), "\(error)")
            }
        }
    }
}

@Suite("Trajectories")
struct TrajectoryTests {
    @Test("a recorded trajectory holds x at the start and after every step, ending at the solution", arguments: [
        "ddim", "dpm-solver-3", "dpm-solver++-2m", "rk4@lambda-scaled", "dpm-solver-23",
    ])
    func trajectory(name: String) throws {
        let mixture = try Problems.gaussian()
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: 5, columns: 4, seed: 9))
        let solver = try SolverCatalog.standard.solver(named: name)
        let discretization: Discretization = solver.isAdaptive ? try .tolerances(absolute: 1e-3, relative: 1e-3) : .steps(6, spacing: .logSNR)
        let solution = try solver.solve(problem, discretization, options: SolveOptions(recordTrajectory: true))
        let trajectory = try #require(solution.trajectory)
        #expect(trajectory.count == solution.statistics.steps + 1)
        #expect(trajectory.first?.state == problem.initial)
        #expect(trajectory.last?.state == solution.final)
        #expect(abs(trajectory.last!.level.time - solution.statistics.finalTime) <= 1e-12)
        for index in 1..<trajectory.count {
            #expect(trajectory[index].level.halfLogSNR > trajectory[index - 1].level.halfLogSNR)
        }
        // Without the option no trajectory is kept.
        #expect(try solver.solve(problem, discretization).trajectory == nil)
    }
}
