import ArgumentParser
import DiffusionODE
import DiffusionODEGSL
import DiffusionODEStudies
import Foundation

/// `diffode bench`: where the time goes on the standard problem.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the model, the solvers' own work per step (beside the time to stream its bytes), full 20-NFE solves, and peak memory.",
        discussion: "The standard problem: N = 4096 samples, D = 64, a K = 16 component mixture, linear schedule. Build with -c release for meaningful figures."
    )

    @Option(parsing: .unconditional, help: "Samples N.")
    var samples: Int = 4096

    @Option(parsing: .unconditional, help: "Dimension D.")
    var dimension: Int = 64

    @Option(parsing: .unconditional, help: "Mixture components K.")
    var components: Int = 16

    @Option(help: ArgumentHelp("Comma-separated solvers to time.", valueName: "a,b,c"))
    var solvers: String = "ddim,dpm-solver-3m,dpm-solver++-2m,dpm-solver-23,gsl-rkf45"

    @Option(parsing: .unconditional, help: "The NFE of each solve (adaptive solvers: the tolerance whose NFE is closest).")
    var nfe: Int = 20

    @Option(parsing: .unconditional, help: "Repetitions per figure (the median is printed).")
    var repetitions: Int = 5

    @Flag(help: "Time the models instead: the digits network and the exact digits denoiser through OpenBLAS, and a model server's calls (with --model-command).")
    var models = false

    @Option(name: .customLong("model-command"), help: ArgumentHelp("With --models: a model server to time per call (N x D float64 rows each way).", valueName: "command"))
    var modelCommand: String?

    /// The same vector field integrated by pure-Swift RK4 and by GSL's rkf45 (both in lambda):
    /// time per right-hand-side evaluation with the model, and outside it.
    func compareRightHandSides(_ problem: SamplingProblem, stream: MemoryStream) throws {
        let swift = ExplicitRungeKutta(tableau: .classic4, formulation: .halfLogSNR)
        let gsl = try GSLIntegrator(method: .rkf45, formulation: .halfLogSNR)
        let tolerance = try SolverBenchmark.tolerance(for: gsl, problem: problem, targetEvaluations: nfe, options: Self.cancellable)
        var rows = [["path", "nfe", "per RHS with model us", "own work per RHS us", "own work per step us", "library bytes per step"]]
        for (solver, discretization, stages) in [
            (swift as any Solver, Discretization.evaluations(max(nfe / 4, 1) * 4, spacing: .logSNR), 4),
            (gsl as any Solver, Discretization.tolerances(try Tolerances(both: tolerance)), 6),
        ] {
            let entry = try SolverBenchmark.measure(solver, problem: problem, discretization: discretization, repetitions: repetitions, options: Self.cancellable)
            let own = try SolverBenchmark.ownWork(solver, problem: problem, discretization: discretization, repetitions: max(repetitions, 9), options: Self.cancellable)
            rows.append([
                solver.name, "\(entry.evaluations)",
                String(format: "%.0f", entry.seconds * 1e6 / Double(max(entry.evaluations, 1))),
                String(format: "%.0f", own.secondsPerStep * 1e6 / Double(stages)),
                String(format: "%.0f", own.secondsPerStep * 1e6),
                "\(own.bytesPerStep)",
            ])
        }
        print("Right-hand side of the ODE in lambda, pure Swift (RK4, 4 per step) against GSL (rkf45, 6 per step attempt):")
        print("")
        print(TextColumns.format(rows))
        print("")
        print("GSL's own work per step includes its stage sums, error estimate and step control over its own arrays, which the byte count does not see.")
    }

    /// More repetitions than this would run for days: each repeats every timed solve.
    static let maximumRepetitions = 10_000

    /// Every timed solve stops at the first Ctrl-C (or SIGTERM, SIGHUP).
    static let cancellable = SolveOptions(isCancelled: Interrupt.isRequested)

    func run() throws {
        for (field, value) in [("samples", samples), ("dimension", dimension), ("components", components), ("nfe", nfe), ("repetitions", repetitions)] where value < 1 {
            throw DiffusionODEError.invalidArgument(field, "must be at least 1, got \(value)")
        }
        guard repetitions <= Self.maximumRepetitions else {
            throw DiffusionODEError.invalidArgument("repetitions", "must be at most \(Self.maximumRepetitions), got \(repetitions)")
        }
        try FixedStepGrid.check(budget: nfe)
        try MemoryBudget.check(samples: samples, dimension: dimension, buffers: 24)
        // The mixture keeps several K x D tables and an evaluation N x K responsibilities.
        let mixtureBytes = MemoryBudget.product(components, dimension, 8 * 8)
        let responsibilityBytes = MemoryBudget.product(samples, components, 8 * 4)
        try MemoryBudget.check(
            bytes: mixtureBytes.flatMap { a in responsibilityBytes.map { a + $0 } },
            for: "a mixture of \(components) components of dimension \(dimension) evaluated at \(samples) samples", field: "components"
        )
        if models {
            try benchModels()
            return
        }
        if modelCommand != nil {
            throw DiffusionODEError.invalidArgument("model-command", "applies with --models")
        }
        let solverList = try ListParsing.items(solvers, field: "solvers").map { try solverCatalog.solver(named: $0) }
        let standard = try StandardBenchmarkProblem(samples: samples, dimension: dimension, components: components)
        let problem = standard.problem
        #if DEBUG
        print("warning: a debug build; figures are not representative (use swift build -c release)")
        #endif
        print("machine: \(SolverBenchmark.machine)")
        print("problem: N = \(samples), D = \(dimension), K = \(components), linear schedule, t 1 -> 1e-3")
        let modelSeconds = try SolverBenchmark.modelEvaluation(problem, repetitions: max(repetitions, 11), options: Self.cancellable)
        print(String(format: "model evaluation: %.3f ms, %.3f ns per (sample x component x dimension) element",
                     modelSeconds * 1e3, modelSeconds * 1e9 / Double(standard.elements)))
        let stream = MemoryStream(rows: samples, columns: dimension)
        print(String(format: "streaming (triad over %.1f MiB buffers): %.2f GB/s", Double(samples * dimension * 8) / 1_048_576, stream.bytesPerSecond / 1e9))
        print("")
        var rows = [["solver", "nfe", "steps", "solve ms", "per 20 NFE ms", "model ms", "own work per step us", "bytes per step", "stream us", "ratio"]]
        for solver in solverList {
            let discretization: Discretization
            if solver.isAdaptive {
                let tolerance = try SolverBenchmark.tolerance(for: solver, problem: problem, targetEvaluations: nfe, options: Self.cancellable)
                discretization = .tolerances(try Tolerances(both: tolerance))
            } else if case .fixed(let perStep, let start) = solver.stepControl, solver.stepControl.steps(spending: nfe) == nil {
                discretization = .evaluations(max((nfe - start) / perStep, 1) * perStep + start, spacing: .logSNR)
            } else {
                discretization = .evaluations(nfe, spacing: .logSNR)
            }
            let entry = try SolverBenchmark.measure(solver, problem: problem, discretization: discretization, repetitions: repetitions, options: Self.cancellable)
            let own = try SolverBenchmark.ownWork(solver, problem: problem, discretization: discretization, repetitions: max(repetitions, 9), options: Self.cancellable)
            let streamSeconds = stream.seconds(forBytes: own.bytesPerStep)
            rows.append([
                entry.solver, "\(entry.evaluations)", "\(entry.attempts)",
                String(format: "%.1f", entry.seconds * 1e3),
                String(format: "%.1f", entry.seconds * 1e3 * Double(nfe) / Double(max(entry.evaluations, 1))),
                String(format: "%.1f", entry.modelSeconds * 1e3),
                String(format: "%.0f", own.secondsPerStep * 1e6),
                "\(own.bytesPerStep)",
                String(format: "%.0f", streamSeconds * 1e6),
                String(format: "%.2f", own.secondsPerStep / streamSeconds),
            ])
        }
        print(TextColumns.format(rows))
        print("")
        print("own work per step: marginal time per step attempt outside the model (setup cancels; see SolverBenchmark.ownWork); bytes per step: what the library's passes read and write per attempt (GSL's internal arrays not included); ratio: own work over the time to stream those bytes.")
        print("")
        try compareRightHandSides(problem, stream: stream)
        if let peak = SolverBenchmark.peakResidentBytes {
            print(String(format: "peak memory (whole process): %.1f MB", Double(peak) / 1e6))
        }
    }
}
