/// A setting a solver may take beyond its grid, named as the command line names it.
///
/// Every ``SolverEntry`` lists the settings its solver takes, so a front end can refuse an
/// option the chosen solver would silently ignore (``SolverCatalog/checkSettings(_:forSolverNamed:)``).
public enum SolverSetting: String, CaseIterable, Sendable, Comparable {
    /// DPM-Solver's high-order form (`--solver-type dpmsolver|taylor`).
    case form = "solver-type"
    /// How a multistep solver starts (`--warm-up`).
    case warmUp = "warm-up"
    /// The third-order multistep D2 scaling (`--second-difference`).
    case secondDifference = "second-difference"
    /// The stochasticity of DDIM and of k-diffusion's ancestral and SDE samplers (`--eta`).
    case eta
    /// UniPC's B(h) variant (`--variant bh1|bh2|vary-coeff|vary-coeff-consistent`).
    case variant
    /// Data or noise prediction for UniPC (`--algorithm`).
    case algorithm
    /// A corrector after a multistep predictor (`--corrector unic`).
    case corrector
    /// The weights of ipndm-v and deis-K: the reference's or exact (`--coefficients`).
    case coefficients
    /// The scale of a stochastic sampler's noise (`--s-noise`).
    case sNoise = "s-noise"
    /// Brownian-path or independent step noise (`--noise`).
    case noise
    /// The first-difference weight of a second-order SDE update (`--sde-solver-type`).
    case sdeSolverType = "sde-solver-type"
    /// An adaptive solver's tolerances and step-attempt budget (`--atol`, `--rtol`, `--max-steps`).
    case tolerances = "atol"

    /// The command-line options that set it, without the leading dashes.
    public var optionNames: [String] {
        self == .tolerances ? ["atol", "rtol", "max-steps"] : [rawValue]
    }

    /// Orders settings as they are listed (declaration order).
    public static func < (lhs: SolverSetting, rhs: SolverSetting) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
