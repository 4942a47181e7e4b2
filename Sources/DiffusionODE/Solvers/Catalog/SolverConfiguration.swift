/// The settings a solver may take from the command line or a study, in one place, so a
/// ``SolverCatalog`` can build any solver by name. Each ``SolverEntry`` says which of them
/// its solver reads (``SolverSetting``).
public struct SolverConfiguration: Sendable {
    /// DPM-Solver's high-order form (`--solver-type`).
    public var form: DPMSolverForm
    /// The stochasticity (`--eta`): DDIM's (default 0), or k-diffusion's samplers' (default 1).
    public var eta: Double?
    /// The seed of a stochastic solver's step noise.
    public var seed: UInt64
    /// How multistep solvers start (`--warm-up`).
    public var warmUp: MultistepWarmUp
    /// The third-order multistep D2 scaling (`--second-difference`).
    public var secondDifference: SecondDifferenceScaling
    /// The formulation of a Runge-Kutta or GSL solver (the name's `@` suffix); nil for the entry's default.
    public var formulation: ODEFormulation?
    /// The first step of an adaptive solver, in its own variable; nil for its default.
    public var initialStep: Double?
    /// UniPC's (and the UniC corrector's) B(h) variant (`--variant`); nil for bh1, the default.
    public var uniPCVariant: UniPCVariant? = nil
    /// Data or noise prediction for UniPC (`--algorithm`).
    public var predictionAlgorithm: PredictionAlgorithm = .dataPrediction
    /// The weights of ipndm-v and deis-K (`--coefficients`); nil for the reference's.
    public var weights: MultistepWeights? = nil
    /// The scale of a stochastic sampler's noise (`--s-noise`, default 1).
    public var sNoise: Double = 1
    /// The step noise of a stochastic sampler (`--noise`); nil for the sampler's default.
    public var noise: NoiseKind? = nil
    /// The first-difference weight of a second-order SDE update (`--sde-solver-type`).
    public var sdeSolverType: SDESolverType = .midpoint
    /// A corrector after a multistep predictor (`--corrector`); nil for none.
    public var corrector: MultistepCorrector? = nil
    /// Any solver: where its first step comes from (``FirstStep``); the model's by default.
    public var firstStep: FirstStep = .model

    /// A configuration with the given settings; nil `formulation` and `initialStep` leave each solver its default.
    public init(
        form: DPMSolverForm = .dpmSolver, eta: Double? = nil, seed: UInt64 = 0, warmUp: MultistepWarmUp = .lowerOrder,
        secondDifference: SecondDifferenceScaling = .reference, formulation: ODEFormulation? = nil, initialStep: Double? = nil
    ) {
        self.form = form
        self.eta = eta
        self.seed = seed
        self.warmUp = warmUp
        self.secondDifference = secondDifference
        self.formulation = formulation
        self.initialStep = initialStep
    }
}
