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

    @OptionGroup var solve: SolveRunOptions

    @Option(help: ArgumentHelp("Also draw the samples as a PNG grid of images (with --shape HxW; see `diffode render`).", valueName: "file.png"))
    var png: String?

    @OptionGroup(title: "Pictures (with --png)") var picture: PictureOptions

    func validate() throws {
        if let png, URL(fileURLWithPath: png).pathExtension.lowercased() != "png" {
            throw ValidationError("--png must end in .png, got '\(png)'")
        }
        if png == nil, picture.shape != nil || picture.grid != nil || picture.scale != nil {
            throw ValidationError("--shape, --grid and --scale apply with --png FILE.png")
        }
        if png != nil, picture.shape == nil {
            throw ValidationError("--png needs --shape HxW, the image shape of one sample")
        }
    }

    func run() throws {
        try solve.run(problemOptions, inverting: nil, picture: png.map { (path: $0, options: picture) })
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
