import ArgumentParser
import DiffusionODE

/// The options that tune a solver beyond its grid, shared by every command that builds
/// solvers. Each is optional so a command knows which the user gave, and can refuse one the
/// chosen solver does not take (``SolverCatalog/checkSettings(_:forSolverNamed:)``).
struct SolverTuningOptions: ParsableArguments {
    @Option(name: .customLong("solver-type"), help: "DPM-Solver's high-order form (default dpmsolver).")
    var solverType: DPMSolverForm?

    @Option(name: .customLong("warm-up"), help: "Multistep solvers: how the first steps are taken (default lower-order).")
    var warmUp: MultistepWarmUp?

    @Option(name: .customLong("second-difference"), help: "Third-order multistep solvers: D2 as the reference scales it, or consistent with phi_3 (third order with --warm-up singlestep); default reference.")
    var secondDifference: SecondDifferenceScaling?

    /// The settings given on the command line (besides those of `extra`).
    func givenSettings(_ extra: [(SolverSetting, Bool)] = []) -> Set<SolverSetting> {
        var settings = Set<SolverSetting>()
        if solverType != nil { settings.insert(.form) }
        if warmUp != nil { settings.insert(.warmUp) }
        if secondDifference != nil { settings.insert(.secondDifference) }
        for (setting, given) in extra where given { settings.insert(setting) }
        return settings
    }

    /// The configuration these options describe.
    func configuration(eta: Double = 0, seed: UInt64) -> SolverConfiguration {
        let defaults = SolverConfiguration()
        return SolverConfiguration(
            form: solverType ?? defaults.form, eta: eta, seed: seed, warmUp: warmUp ?? defaults.warmUp,
            secondDifference: secondDifference ?? defaults.secondDifference
        )
    }
}
