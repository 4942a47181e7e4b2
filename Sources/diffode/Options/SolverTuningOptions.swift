import ArgumentParser
import DiffusionODE

/// The options that tune the DPM-Solver family, shared by every command that builds solvers.
struct SolverTuningOptions: ParsableArguments {
    @Option(name: .customLong("solver-type"), help: "DPM-Solver's high-order form.")
    var solverType: DPMSolverForm = .dpmSolver

    @Option(name: .customLong("warm-up"), help: "Multistep solvers: how the first steps are taken.")
    var warmUp: MultistepWarmUp = .lowerOrder

    @Option(name: .customLong("second-difference"), help: "Third-order multistep solvers: D2 as the reference scales it, or consistent with phi_3 (third order with --warm-up singlestep).")
    var secondDifference: SecondDifferenceScaling = .reference

    /// The configuration these options describe.
    func configuration(eta: Double = 0, seed: UInt64) -> SolverConfiguration {
        SolverConfiguration(form: solverType, eta: eta, seed: seed, warmUp: warmUp, secondDifference: secondDifference)
    }
}
