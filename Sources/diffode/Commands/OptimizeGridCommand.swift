import ArgumentParser
import DiffusionODE
import DiffusionODEStudies
import Foundation

extension GridObjective: ExpressibleByArgument {}

/// `diffode optimize-grid`: the grid on which a solver comes closest to the exact flow.
struct OptimizeGridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize-grid",
        abstract: "Optimise the noise levels a fixed-step solver visits at a given NFE, against the exact solution on training samples.",
        discussion: "Writes the grid as a --sigmas file (sigma-tilde, the default start and end levels kept) and prints the training error of every built-in grid and of the optimised one (and the held-out errors with --holdout-samples)."
    )

    @Option(help: ArgumentHelp("The data distribution (gaussian-mixture JSON).", valueName: "file.json"))
    var problem: String

    @OptionGroup var scheduleOptions: ScheduleOptions

    @Option(help: ArgumentHelp("The solver (fixed-step, deterministic); `diffode solvers` lists them.", valueName: "name"))
    var solver: String

    @Option(parsing: .unconditional, help: "The model evaluations the grid spends.")
    var nfe: Int

    @Option(help: "What to minimise: rms or max error on the training samples, Xue et al.'s model-free bound, or GITS's dynamic programming.")
    var objective: GridObjective = .rms

    @Option(name: .customLong("t-start"), parsing: .unconditional, help: "The start time (default T).")
    var tStart: Double?

    @Option(name: .customLong("t-end"), parsing: .unconditional, help: "The end time (default 1e-3 continuous, 1/N discrete); 0 ends at clean data.")
    var tEnd: Double?

    @Option(name: .customLong("sigma-end"), parsing: .unconditional, help: "The end as a sigma-tilde level instead of --t-end.")
    var sigmaEnd: Double?

    @OptionGroup var initialState: InitialStateOptions

    @Option(name: .customLong("holdout-samples"), parsing: .unconditional, help: "Also measure every grid on this many fresh samples of x_T (stream 2 of the seed), never seen by the search.")
    var holdoutSamples: Int?

    @Option(name: .customLong("random-starts"), parsing: .unconditional, help: "Also start the search from this many random grids (seeded by --seed; rms and max), each as costly as a default start: a check that the default starts find the best grid.")
    var randomStarts: Int = 0

    @OptionGroup var tuning: SolverTuningOptions

    @Option(help: ArgumentHelp("Where to write the grid (float64 vector of sigma-tilde levels).", valueName: "grid.npy"))
    var out: String

    func run() throws {
        try OutputPath.check(out, field: "out", extensions: ["npy"])
        try OutputPath.refuseOverwriting([("out", out)], inputs: [("problem", problem), ("betas", scheduleOptions.betas), ("init", initialState.initFile)])
        try initialState.check()
        if sigmaEnd != nil, tEnd != nil {
            throw DiffusionODEError.invalidArgument("sigma-end", "give either --t-end or --sigma-end, not both")
        }
        try solverCatalog.checkSettings(tuning.givenSettings(), forSolverNamed: solver)
        let modelSolver = try solverCatalog.solver(named: self.solver, configuration: tuning.configuration(seed: initialState.seed ?? 0))
        let schedule = try scheduleOptions.makeSchedule()
        let mixture = try GaussianMixture(contentsOfFile: problem)
        let solver = try tuning.applyingFirstStep(to: modelSolver, model: mixture)
        var endTime = tEnd
        if let sigmaEnd {
            try schedule.validate(sigmaTilde: sigmaEnd, isLast: false, field: "sigma-end")
            endTime = schedule.time(atHalfLogSNR: -Foundation.log(sigmaEnd))
        }
        let training = try SamplingProblem(
            schedule: schedule, model: mixture, initial: try initialState.makeInitial(dimension: mixture.sampleDimension),
            startTime: tStart, endTime: endTime
        )
        let optimizer = try GridOptimizer(problem: training, solver: solver, budget: nfe, objective: objective, randomStarts: randomStarts, seed: initialState.seed ?? 0)
        // The held-out set and its reference come before the search, so that nothing that can
        // refuse an argument runs after the grid is written.
        var holdout: SamplingProblem? = nil
        var holdoutReference: Batch? = nil
        if let holdoutSamples {
            try MemoryBudget.check(samples: holdoutSamples, dimension: mixture.sampleDimension, buffers: 12, field: "holdout-samples")
            var generator = SeededGenerator(seed: initialState.seed ?? 0, stream: 2)
            let problem = try SamplingProblem(
                schedule: schedule, model: mixture, initial: generator.standardNormalBatch(rows: holdoutSamples, columns: mixture.sampleDimension),
                startTime: tStart, endTime: endTime
            )
            holdout = problem
            holdoutReference = try ReferenceSolution(problem, isCancelled: Interrupt.isRequested).final
        }
        let result = try optimizer.run(isCancelled: Interrupt.isRequested)
        try Interrupt.holding { try NumPyArray.writeVector(result.sigmas, toFile: out) }

        let metric = objective == .max ? "max" : "rms"
        print("solver: \(solver.name), nfe: \(nfe), objective: \(objective.rawValue), training samples: \(training.initial.rows)")
        func heldOut(_ sigmas: [Double]) -> String {
            guard let holdout, let holdoutReference else { return "" }
            return String(format: "  held-out %@ %.4g", metric, optimizer.error(on: sigmas, against: holdoutReference, problem: holdout, metric: objective == .max ? .max : .rms))
        }
        print("")
        print("training \(metric) error by grid:")
        for (spacing, error) in result.builtInErrors {
            let sigmas = try FixedStepGrid(.evaluations(nfe, spacing: spacing), problem: training, solver: solver).levels.map(\.sigmaTilde)
            print("  " + spacing.description.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: " %.4g", error) + heldOut(sigmas))
        }
        print("  " + "optimised".padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: " %.4g", result.trainingError) + heldOut(result.sigmas))
        print("")
        print(String(format: "objective evaluations: %d, seconds: %.3g", result.evaluations, result.seconds))
        print("sigmas: " + result.sigmas.map { String(format: "%.6g", $0) }.joined(separator: ", "))
        print("out: \(out)")
    }
}
