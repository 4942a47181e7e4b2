import ArgumentParser
import DiffusionODE
import Foundation

/// The options of one solve, shared by `sample` and `invert`: the solver, its grid or
/// tolerances, its settings, and the output file.
struct SolveRunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The solver; `diffode solvers` lists them. Runge-Kutta and GSL names take \(ODEFormulation.suffixList).", valueName: "name"))
    var solver: String

    @OptionGroup var grid: GridOptions

    @OptionGroup var tuning: SolverTuningOptions

    @Option(parsing: .unconditional, help: "Adaptive solvers: the absolute tolerance.")
    var atol: Double?

    @Option(parsing: .unconditional, help: "Adaptive solvers: the relative tolerance.")
    var rtol: Double?

    @Option(name: .customLong("max-steps"), parsing: .unconditional, help: "Adaptive solvers: the step-attempt budget (default 100000).")
    var maxSteps: Int?

    @Option(help: ArgumentHelp("Where to write x at the end of the solve (t-end; t-start for invert): .npy (float64) or .csv.", valueName: "file"))
    var out: String

    /// Solves the problem the options describe and writes and reports the result; with
    /// `inverting` (the file of x at t-end), runs the grid backwards from t-end to t-start.
    /// With `picture`, the samples are also drawn as a PNG, written with the samples after success.
    func run(_ problemOptions: ProblemOptions, inverting input: String?, picture: (path: String, options: PictureOptions)? = nil) throws {
        let output = try OutputFile(out)
        if let picture { try OutputPath.check(picture.path, field: "png", extensions: ["png"]) }
        try OutputPath.refuseOverwriting(
            [("out", out), ("png", picture?.path)],
            inputs: problemOptions.inputFiles + [("in", input), ("sigmas", grid.sigmas), ("times", grid.times)]
        )
        if input != nil {
            if problemOptions.initialState.initFile != nil || problemOptions.initialState.samples != nil {
                throw DiffusionODEError.invalidArgument("init", "invert reads x at t-end from --in; drop --init and --samples")
            }
        } else {
            try problemOptions.initialState.check()
        }
        let given = tuning.givenSettings([(.tolerances, atol != nil || rtol != nil || maxSteps != nil)])
        try solverCatalog.checkSettings(given, forSolverNamed: self.solver)
        let modelSolver = try solverCatalog.solver(named: self.solver, configuration: tuning.configuration(seed: problemOptions.seed))
        let maximumSteps = maxSteps ?? SolveOptions().maximumSteps
        guard maximumSteps >= 1 else {
            throw DiffusionODEError.invalidArgument("max-steps", "must be at least 1, got \(maximumSteps)")
        }
        try grid.check(problemOptions: problemOptions)
        let schedule = try problemOptions.scheduleOptions.makeSchedule()
        let explicitGrid = try grid.explicitGrid(schedule: schedule)
        let span = explicitGrid.map { ProblemOptions.span(of: $0, schedule: schedule) }
            ?? (problemOptions.tStart, problemOptions.tEnd, grid.denoiseToZero)
        let (file, sampling) = try problemOptions.makeProblem(schedule: schedule, span: span, inverting: input)
        let solver = try tuning.applyingFirstStep(to: modelSolver, model: sampling.model)
        let discretization = try Discretization.fromCommandLine(solver: solver, grid: grid, explicitGrid: explicitGrid, atol: atol, rtol: rtol)
        let initial = sampling.initial
        let solution = try solver.solve(sampling, discretization, options: SolveOptions(maximumSteps: maximumSteps, isCancelled: Interrupt.isRequested))
        let pictures = try picture.map { [(data: try $0.options.png(of: solution.final), path: $0.path)] } ?? []
        try Interrupt.holding { try output.write(solution.final, with: pictures) }

        var report = Report()
        let source = problemOptions.modelDescription
        report.add(source.key, source.value)
        if let mixture = file?.mixture {
            report.add("components", mixture.componentCount)
        } else if case .empirical(let distribution) = file {
            report.add("points", distribution.pointCount)
        }
        report.add("schedule", schedule.name)
        report.add("solver", solver.name)
        report.add("discretization", discretization.summary)
        report.add("t_start", sampling.initialLevel.time)
        report.add("t_end", sampling.finalLevel.time)
        report.add("samples", initial.rows)
        report.add("dimension", initial.columns)
        report.add("steps", solution.statistics.steps)
        report.add("nfe", solution.statistics.evaluations)
        if solver.isAdaptive {
            report.add("accepted_steps", solution.statistics.acceptedSteps)
            report.add("rejected_steps", solution.statistics.rejectedSteps)
            report.add("t_final", solution.statistics.finalTime)
        }
        for (name, value) in solution.details { report.add(name, value) }
        report.addSeconds("seconds", solution.statistics.seconds)
        if let mixture = file?.mixture, mixture.componentCount == 1, problemOptions.modelOptions.isPlain {
            let flow = try GaussianFlow(mixture)
            let exact = flow.solution(from: initial, at: sampling.initialLevel, to: solution.statistics.finalLevel)
            report.add("max_error", solution.final.maxAbsoluteDifference(to: exact))
            report.add("rms_error", solution.final.rmsDifference(to: exact))
        }
        report.add("out", out)
        if let picture { report.add("png", picture.path) }
        report.print()
    }
}
