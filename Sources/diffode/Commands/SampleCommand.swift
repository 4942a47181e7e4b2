import ArgumentParser
import DiffusionODE
import Foundation

/// `diffode sample`: one solve of a problem, written to a file.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Solve the probability-flow ODE of a problem from x_T and write the samples.",
        discussion: "Prints key: value lines (solver, steps, nfe, seconds, and max_error against the closed form for one-component problems)."
    )

    @OptionGroup var problemOptions: ProblemOptions

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

    @Option(help: ArgumentHelp("Where to write x at t-end: .npy (float64) or .csv.", valueName: "file"))
    var out: String

    func run() throws {
        let output = try OutputFile(out)
        try problemOptions.initialState.check()
        let given = tuning.givenSettings([(.tolerances, atol != nil || rtol != nil || maxSteps != nil)])
        try solverCatalog.checkSettings(given, forSolverNamed: self.solver)
        let solver = try solverCatalog.solver(named: self.solver, configuration: tuning.configuration(seed: problemOptions.seed))
        let maximumSteps = maxSteps ?? SolveOptions().maximumSteps
        guard maximumSteps >= 1 else {
            throw DiffusionODEError.invalidArgument("max-steps", "must be at least 1, got \(maximumSteps)")
        }
        try grid.check(problemOptions: problemOptions)
        let schedule = try problemOptions.scheduleOptions.makeSchedule()
        let explicitGrid = try grid.explicitGrid(schedule: schedule)
        let discretization = try Discretization.fromCommandLine(solver: solver, grid: grid, explicitGrid: explicitGrid, atol: atol, rtol: rtol)
        let span = explicitGrid.map { ProblemOptions.span(of: $0, schedule: schedule) }
            ?? (problemOptions.tStart, problemOptions.tEnd, grid.denoiseToZero)
        let (mixture, sampling) = try problemOptions.makeProblem(schedule: schedule, span: span)
        let initial = sampling.initial
        let solution = try solver.solve(sampling, discretization, options: SolveOptions(maximumSteps: maximumSteps, isCancelled: Interrupt.isRequested))
        try Interrupt.holding { try output.write(solution.final) }

        var report = Report()
        report.add("problem", problemOptions.problem)
        report.add("components", mixture.componentCount)
        report.add("schedule", schedule.name)
        report.add("solver", solver.name)
        report.add("discretization", discretization.summary)
        report.add("t_start", sampling.startTime)
        report.add("t_end", sampling.endLevel.time)
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
        if mixture.componentCount == 1 {
            let flow = try GaussianFlow(mixture)
            let exact = flow.solution(from: initial, at: sampling.startLevel, to: solution.statistics.finalLevel)
            report.add("max_error", solution.final.maxAbsoluteDifference(to: exact))
            report.add("rms_error", solution.final.rmsDifference(to: exact))
        }
        report.add("out", out)
        report.print()
    }
}

extension Discretization {
    /// The discretization the command-line options ask for, checked against the solver; a
    /// fixed-step grid without `--skip` takes the solver's default spacing (named in the report).
    static func fromCommandLine(solver: any Solver, grid: GridOptions, explicitGrid: Discretization?, atol: Double?, rtol: Double?) throws -> Discretization {
        let steps = grid.steps, nfe = grid.nfe, skip = try grid.spacing()
        if let defaults = solver.defaultTolerances {
            if steps != nil || nfe != nil {
                throw DiffusionODEError.invalidArgument(steps != nil ? "steps" : "nfe", "\(solver.name) is adaptive and chooses its own steps; give --atol and --rtol instead")
            }
            if skip != nil || grid.isExplicit {
                throw DiffusionODEError.invalidArgument(skip != nil ? "skip" : (grid.sigmas != nil ? "sigmas" : "times"), "\(solver.name) is adaptive and chooses its own steps; grids apply to fixed-step solvers")
            }
            return .tolerances(try Tolerances(absolute: atol ?? defaults.absolute, relative: rtol ?? defaults.relative))
        }
        if let explicitGrid { return explicitGrid }
        let spacing = skip ?? solver.defaultSpacing
        switch (steps, nfe) {
        case (let steps?, nil):
            if case .budget = solver.stepControl {
                throw DiffusionODEError.invalidArgument("steps", "\(solver.name) spends an NFE budget; give --nfe N instead of --steps")
            }
            return .steps(steps, spacing: spacing)
        case (nil, let nfe?):
            return .evaluations(nfe, spacing: spacing)
        case (.some, .some):
            throw DiffusionODEError.invalidArgument("steps", "give either --steps or --nfe, not both")
        case (nil, nil):
            throw DiffusionODEError.invalidArgument("steps", "missing; \(solver.name) needs --steps N or --nfe N")
        }
    }
}
