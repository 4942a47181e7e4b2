/// Solvers by name, as the command line and the studies name them.
///
/// ``standard`` holds the solvers of this module; other modules add theirs (the GSL
/// integrators live in `DiffusionODEGSL`) with ``merging(_:)``. A name may carry a
/// formulation suffix, `rk4@t`, when its entry takes one.
public struct SolverCatalog: Sendable {
    /// The entries, in listing order.
    public let entries: [SolverEntry]

    /// A catalog of `entries`, listed in the given order.
    public init(entries: [SolverEntry]) {
        self.entries = entries
    }

    /// This catalog followed by the entries of `other`.
    public func merging(_ other: SolverCatalog) -> SolverCatalog {
        SolverCatalog(entries: entries + other.entries)
    }

    /// Every name a user may give, formulation suffixes spelled out.
    public var names: [String] {
        entries.flatMap { entry in
            entry.takesFormulation ? ODEFormulation.allCases.map { "\(entry.name)@\($0.rawValue)" } : [entry.name]
        }
    }

    /// The solver called `name` (e.g. `dpm-solver-2`, `rk4@t`), built with `configuration`.
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` for an unknown name or suffix,
    ///   listing the valid ones.
    public func solver(named name: String, configuration: SolverConfiguration = SolverConfiguration()) throws -> any Solver {
        let parts = name.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let baseName = parts[0]
        guard let entry = entries.first(where: { $0.name == baseName }) else {
            throw DiffusionODEError.invalidArgument("solver", "unknown solver '\(name)'; valid: \(entries.map { $0.takesFormulation ? "\($0.name)[@t|@lambda|@lambda-scaled]" : $0.name }.joined(separator: ", "))")
        }
        var configuration = configuration
        if parts.count == 2 {
            guard entry.takesFormulation else {
                throw DiffusionODEError.invalidArgument("solver", "'\(baseName)' takes no formulation suffix; '@\(parts[1])' applies to the Runge-Kutta and GSL solvers only")
            }
            guard let formulation = ODEFormulation(rawValue: parts[1]) else {
                throw DiffusionODEError.invalidArgument("solver", "unknown formulation '@\(parts[1])' in '\(name)'; valid: @t, @lambda, @lambda-scaled")
            }
            configuration.formulation = formulation
        }
        return try entry.make(configuration)
    }

    /// The solvers of the core module: DDIM, DDPM, the DPM-Solver family and explicit Runge-Kutta.
    public static let standard = SolverCatalog(entries: dpmSolverEntries + rungeKuttaEntries)

    /// Explicit Runge-Kutta from the built-in tableaus, in any formulation.
    static let rungeKuttaEntries: [SolverEntry] = ButcherTableau.builtIn.map { tableau in
        SolverEntry(name: tableau.name, takesFormulation: true, summary: "explicit Runge-Kutta, order \(tableau.order), fixed steps") {
            ExplicitRungeKutta(tableau: tableau, formulation: $0.formulation)
        }
    }

    static let dpmSolverEntries: [SolverEntry] = [
        SolverEntry(name: "ddim", summary: "DDIM (Song et al. 2021), x0 prediction then re-noise; --eta for the stochastic sampler") {
            try DDIM(eta: $0.eta, seed: $0.seed)
        },
        SolverEntry(name: "ddpm", summary: "DDPM ancestral sampler with the larger variance sigma-hat, posterior form") {
            DDPM(seed: $0.seed)
        },
        SolverEntry(name: "dpm-solver-1", summary: "DPM-Solver-1 in lambda with expm1 (= DDIM)") {
            try DPMSolverSinglestep(order: 1, form: $0.form)
        },
        SolverEntry(name: "dpm-solver-2", summary: "singlestep DPM-Solver-2; --steps counts outer steps") {
            try DPMSolverSinglestep(order: 2, form: $0.form)
        },
        SolverEntry(name: "dpm-solver-3", summary: "singlestep DPM-Solver-3; --steps counts outer steps") {
            try DPMSolverSinglestep(order: 3, form: $0.form)
        },
        SolverEntry(name: "dpm-solver-fast", summary: "DPM-Solver-fast: singlestep orders 3,...,3,2,1 spending an --nfe budget") {
            try DPMSolverSinglestep.fast(maximumOrder: 3, form: $0.form)
        },
        SolverEntry(name: "dpm-solver-2m", summary: "multistep DPM-Solver-2, one evaluation per step") {
            try DPMSolverMultistep(order: 2, form: $0.form, warmUp: $0.warmUp, secondDifference: $0.secondDifference)
        },
        SolverEntry(name: "dpm-solver-3m", summary: "multistep DPM-Solver-3, one evaluation per step") {
            try DPMSolverMultistep(order: 3, form: $0.form, warmUp: $0.warmUp, secondDifference: $0.secondDifference)
        },
        SolverEntry(name: "dpm-solver++-1", summary: "DPM-Solver++ first order, data prediction") {
            try DPMSolverSinglestep(order: 1, algorithm: .dpmSolverPlusPlus, form: $0.form)
        },
        SolverEntry(name: "dpm-solver++-2s", summary: "singlestep DPM-Solver++(2S)") {
            try DPMSolverSinglestep(order: 2, algorithm: .dpmSolverPlusPlus, form: $0.form)
        },
        SolverEntry(name: "dpm-solver++-3s", summary: "singlestep DPM-Solver++(3S)") {
            try DPMSolverSinglestep(order: 3, algorithm: .dpmSolverPlusPlus, form: $0.form)
        },
        SolverEntry(name: "dpm-solver++-2m", summary: "multistep DPM-Solver++(2M)") {
            try DPMSolverMultistep(order: 2, algorithm: .dpmSolverPlusPlus, form: $0.form, warmUp: $0.warmUp, secondDifference: $0.secondDifference)
        },
        SolverEntry(name: "dpm-solver++-3m", summary: "multistep DPM-Solver++(3M)") {
            try DPMSolverMultistep(order: 3, algorithm: .dpmSolverPlusPlus, form: $0.form, warmUp: $0.warmUp, secondDifference: $0.secondDifference)
        },
        SolverEntry(name: "dpm-solver-12", summary: "adaptive DPM-Solver-12 (orders 1 and 2), --atol/--rtol") {
            try DPMSolverAdaptive(order: 2, form: $0.form, initialStep: $0.initialStep ?? 0.05)
        },
        SolverEntry(name: "dpm-solver-23", summary: "adaptive DPM-Solver-23 (orders 2 and 3), --atol/--rtol") {
            try DPMSolverAdaptive(order: 3, form: $0.form, initialStep: $0.initialStep ?? 0.05)
        },
    ]
}
