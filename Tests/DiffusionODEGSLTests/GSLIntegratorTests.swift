import DiffusionODE
import DiffusionODEGSL
import Testing
import TestSupport

@Suite("GSL integrators")
struct GSLIntegratorTests {
    static func gaussianProblem(rows: Int = 16) throws -> (SamplingProblem, GaussianMixture) {
        let mixture = try Problems.gaussian()
        let problem = try SamplingProblem(
            schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: rows, columns: 4, seed: 4), startTime: 1, endTime: 1e-3
        )
        return (problem, mixture)
    }

    @Test("rk8pd at tolerance 1e-11 is within 1e-7 of the closed-form flow in every formulation", arguments: ODEFormulation.allCases)
    func rk8pdMatchesClosedForm(formulation: ODEFormulation) throws {
        let (problem, mixture) = try Self.gaussianProblem()
        let solver = try GSLIntegrator(method: .rk8pd, formulation: formulation)
        let solution = try solver.solve(problem, .tolerances(absolute: 1e-11, relative: 1e-11))
        let error = try Problems.exactError(solution, problem, mixture)
        #expect(error <= 1e-7, "\(solver.name): \(error)")
    }

    @Test("evaluations are 1 + stages x attempted steps", arguments: [(GSLMethod.rkf45, 6), (.rkck, 6), (.rk8pd, 13), (.rk2, 3)])
    func evaluationCount(method: GSLMethod, stages: Int) throws {
        let (problem, _) = try Self.gaussianProblem()
        for formulation in ODEFormulation.allCases {
            let solution = try GSLIntegrator(method: method, formulation: formulation).solve(problem, .tolerances(absolute: 1e-7, relative: 1e-7))
            let attempted = solution.statistics.acceptedSteps + solution.statistics.rejectedSteps
            #expect(solution.statistics.evaluations == 1 + stages * attempted, "\(method)@\(formulation)")
            #expect(solution.details.contains { $0.name == "gsl_attempted_steps" && $0.value == "\(attempted)" })
        }
    }

    @Test("msadams reaches the end and agrees with the closed form")
    func msadams() throws {
        let (problem, mixture) = try Self.gaussianProblem()
        let solution = try GSLIntegrator(method: .msadams).solve(problem, .tolerances(absolute: 1e-9, relative: 1e-9))
        #expect(try Problems.exactError(solution, problem, mixture) <= 1e-6)
        #expect(abs(solution.statistics.finalTime - 1e-3) <= 1e-12)
    }

    @Test("a NaN from the model stops GSL with an error naming it, instead of returning NaN")
    func nanStopsGSL() throws {
        let model = Problems.failingModel(below: 0.3, row: 1)
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: model, initial: Problems.noise(rows: 3, columns: 2, seed: 0))
        for method in GSLMethod.allCases {
            do {
                _ = try GSLIntegrator(method: method).solve(problem, .tolerances(absolute: 1e-6, relative: 1e-6))
                Issue.record("gsl-\(method) returned despite NaN")
            } catch let error as DiffusionODEError {
                #expect(error.kind == .solveFailed)
                #expect(error.description.contains("nan"), "\(error)")
            }
        }
    }

    struct ModelFailure: Error {}

    @Test("a model that throws inside the callback surfaces as its own error")
    func throwingModel() throws {
        let model = ClosureNoisePredictor(dimension: 2) { x, level, output in
            if level.time < 0.7 { throw DiffusionODEError.invalidInput("network", "weights file vanished") }
            output.assign(level.sigma, x)
        }
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: model, initial: Problems.noise(rows: 3, columns: 2, seed: 0))
        #expect {
            _ = try GSLIntegrator(method: .rkf45, formulation: .time).solve(problem, .tolerances(absolute: 1e-6, relative: 1e-6))
        } throws: { error in
            (error as? DiffusionODEError)?.description.contains("weights file vanished") == true
        }
    }

    @Test("a step budget stops a solve that cannot finish")
    func stepBudget() throws {
        let (problem, _) = try Self.gaussianProblem()
        #expect(throws: DiffusionODEError.self) {
            _ = try GSLIntegrator(method: .rk2).solve(problem, .tolerances(absolute: 1e-12, relative: 1e-12), options: SolveOptions(maximumSteps: 50))
        }
    }

    @Test("fixed-step discretizations are refused with a typed error")
    func refusesSteps() throws {
        let (problem, _) = try Self.gaussianProblem()
        #expect(throws: DiffusionODEError.self) { _ = try GSLIntegrator(method: .rkf45).solve(problem, .steps(10)) }
    }
}
