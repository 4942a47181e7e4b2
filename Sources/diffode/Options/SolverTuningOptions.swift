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

    @Option(help: "UniPC (and --corrector unic): B(h) = h (bh1, default), e^h - 1 (bh2), or the vary-coeff update.")
    var variant: UniPCVariant?

    @Option(help: "UniPC: integrate the data (default) or the noise prediction.")
    var algorithm: PredictionAlgorithm?

    @Option(help: "Multistep DPM-Solvers: a corrector after each step but the last, at no extra evaluation.")
    var corrector: MultistepCorrector?

    @Option(help: "ipndm-v and deis-K: the weights as the reference code computes them (default), or exact.")
    var coefficients: MultistepWeights?

    @Option(parsing: .unconditional, help: "ddim: the stochasticity eta in [0, 1] (default 0, the ODE); k-diffusion's stochastic samplers: the share of ancestral noise (default 1).")
    var eta: Double?

    @Option(name: .customLong("s-noise"), parsing: .unconditional, help: "Stochastic samplers: the scale of the noise (default 1).")
    var sNoise: Double?

    @Option(help: "Stochastic samplers: increments of one seeded Brownian path (brownian) or independent draws (independent); default the reference's.")
    var noise: NoiseKind?

    @Option(
        name: .customLong("first-step"),
        help: "Any solver: the first evaluation from the model (default); analytic: (x - alpha m) / sigma from the data mean m of a mixture or empirical problem, at no NFE, the evaluation saved buying one more step; gaussian (fixed-step solvers): the whole first step along the exact flow of the Gaussian with the data's mean and covariance, at no NFE, the budget spent after it."
    )
    var firstStep: FirstStepSource?

    @Option(name: .customLong("sde-solver-type"), help: "Second-order SDE samplers: the first-difference weight (default midpoint).")
    var sdeSolverType: SDESolverType?

    /// The settings given on the command line (besides those of `extra`).
    func givenSettings(_ extra: [(SolverSetting, Bool)] = []) -> Set<SolverSetting> {
        var settings = Set<SolverSetting>()
        if solverType != nil { settings.insert(.form) }
        if warmUp != nil { settings.insert(.warmUp) }
        if secondDifference != nil { settings.insert(.secondDifference) }
        if variant != nil { settings.insert(.variant) }
        if algorithm != nil { settings.insert(.algorithm) }
        if corrector != nil { settings.insert(.corrector) }
        if coefficients != nil { settings.insert(.coefficients) }
        if eta != nil { settings.insert(.eta) }
        if sNoise != nil { settings.insert(.sNoise) }
        if noise != nil { settings.insert(.noise) }
        if sdeSolverType != nil { settings.insert(.sdeSolverType) }
        for (setting, given) in extra where given { settings.insert(setting) }
        return settings
    }

    /// The first step `--first-step` names, from `model`'s data statistics (read and, for
    /// gaussian, decomposed once for every solver it wraps).
    /// - Throws: ``DiffusionODEError`` named `first-step` when the model does not know them.
    func firstStep(for model: any NoisePredictor) throws -> FirstStep {
        guard let source = firstStep, source != .model else { return .model }
        let unknown = DiffusionODEError.invalidArgument(
            "first-step", "\(source.rawValue) needs the data mean\(source == .gaussian ? " and covariance" : ""), which only a mixture or empirical problem without guidance or a correction knows; use --first-step model")
        guard let dataMean = model.dataMean else { throw unknown }
        guard source == .gaussian else { return .analytic(dataMean: dataMean) }
        guard let dataCovariance = model.dataCovariance else { throw unknown }
        return .gaussian(try GaussianMoments(mean: dataMean, covariance: dataCovariance))
    }

    /// `solver`, with its first step from `model`'s data statistics under `--first-step analytic` or `gaussian`.
    /// - Throws: ``DiffusionODEError`` named `first-step` when the model does not know them.
    func applyingFirstStep(to solver: any Solver, model: any NoisePredictor) throws -> any Solver {
        try firstStep(for: model).applied(to: solver)
    }

    /// The configuration these options describe.
    func configuration(seed: UInt64) -> SolverConfiguration {
        let defaults = SolverConfiguration()
        var configuration = SolverConfiguration(
            form: solverType ?? defaults.form, eta: eta, seed: seed, warmUp: warmUp ?? defaults.warmUp,
            secondDifference: secondDifference ?? defaults.secondDifference
        )
        configuration.uniPCVariant = variant
        configuration.predictionAlgorithm = algorithm ?? defaults.predictionAlgorithm
        configuration.corrector = corrector
        configuration.weights = coefficients
        configuration.sNoise = sNoise ?? 1
        configuration.noise = noise
        configuration.sdeSolverType = sdeSolverType ?? .midpoint
        return configuration
    }
}
