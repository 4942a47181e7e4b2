import ArgumentParser
import DiffusionODE

/// `diffode invert`: a fixed-step solve run backwards, from data at t-end to noise at t-start.
struct InvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invert",
        abstract: "Invert samples: solve the probability-flow ODE from t-end back to t-start with a fixed-step solver (DDIM inversion and its higher-order analogues).",
        discussion: "Takes the options of sample; the grid is the one sample would use, walked backwards, so invert then sample with the same options is a round trip. Prints key: value lines, and max_error against the exact inverse for one-component problems."
    )

    @OptionGroup var problemOptions: ProblemOptions

    @Option(name: .customLong("in"), help: ArgumentHelp("x at t-end, float64 (N, D).", valueName: "x0.npy"))
    var input: String

    @OptionGroup var solve: SolveRunOptions

    func run() throws {
        try solve.run(problemOptions, inverting: input)
    }
}
