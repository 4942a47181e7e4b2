import DiffusionODE
import Testing
import TestSupport

@Suite("Reference cases through the library API")
struct ReferenceCaseTests {
    static let cases = (try? Fixtures.referenceCases()) ?? []

    @Test("the fixtures are present")
    func fixturesPresent() {
        #expect(Self.cases.count >= 19)
    }

    @Test("reproduces the DPM-Solver reference implementation", arguments: cases)
    func reproduces(referenceCase: ReferenceCase) throws {
        let solution = try referenceCase.solveWithLibrary()
        #expect(solution.statistics.evaluations == referenceCase.evaluations)
        let error = solution.final.maxAbsoluteDifference(to: try referenceCase.expected)
        #expect(error <= (try referenceCase.tolerance), "max error \(error)")
    }
}

extension ReferenceCase {
    /// The case solved through the library alone: the same schedule, solver and grid as its CLI arguments.
    func solveWithLibrary() throws -> Solution {
        let schedule: any NoiseSchedule
        switch argument("schedule") {
        case "linear": schedule = try LinearVPSchedule()
        case "cosine": schedule = CosineVPSchedule()
        case "discrete-linear": schedule = try DiscreteVPSchedule.ddpmLinear()
        case "discrete-cosine": schedule = try DiscreteVPSchedule.improvedDDPMCosine()
        case let other: throw DiffusionODEError.invalidArgument("schedule", "unknown in fixture: \(other ?? "none")")
        }
        let mixture = try GaussianMixture(contentsOfFile: path("problem.json"))
        let problem = try SamplingProblem(
            schedule: schedule, model: mixture, initial: try NumPyArray.read(contentsOfFile: path("init.npy")),
            startTime: argument("t-start").flatMap(Double.init), endTime: argument("t-end").flatMap(Double.init)
        )
        let solver = try SolverCatalog.standard.solver(named: argument("solver")!, configuration: try configuration())
        let spacing = try argument("skip").map { try TimeSpacing(name: $0) } ?? .timeUniform
        let discretization: Discretization
        if let sigmas = argument("sigmas") {
            discretization = .sigmas(try NumPyArray.readVector(contentsOfFile: path(sigmas)))
        } else if let steps = argument("steps").flatMap(Int.init) {
            discretization = .steps(steps, spacing: spacing)
        } else if let budget = argument("nfe").flatMap(Int.init) {
            discretization = .evaluations(budget, spacing: spacing)
        } else {
            discretization = try .tolerances(absolute: Double(argument("atol") ?? "") ?? 0.0078, relative: Double(argument("rtol") ?? "") ?? 0.05)
        }
        return try solver.solve(problem, discretization)
    }

    /// The solver settings the case's arguments name.
    func configuration() throws -> SolverConfiguration {
        var configuration = SolverConfiguration()
        configuration.uniPCVariant = argument("variant").flatMap(UniPCVariant.init(rawValue:))
        configuration.predictionAlgorithm = argument("algorithm").flatMap(PredictionAlgorithm.init(rawValue:)) ?? .dataPrediction
        configuration.weights = argument("coefficients").flatMap(MultistepWeights.init(rawValue:))
        return configuration
    }
}
