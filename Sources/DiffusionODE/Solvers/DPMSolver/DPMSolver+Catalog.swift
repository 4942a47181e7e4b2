extension SolverCatalog {
    /// The DPM-Solver family: singlestep, fast, multistep and adaptive, noise (DPM-Solver)
    /// and data (DPM-Solver++) prediction.
    public static let dpmSolver = SolverCatalog(entries: [
        SolverEntry(name: "dpm-solver-1", summary: "DPM-Solver-1 in lambda with expm1 (= DDIM)") {
            try DPMSolverSinglestep(order: 1, form: $0.form)
        },
        SolverEntry(name: "dpm-solver-2", summary: "singlestep DPM-Solver-2; --steps counts outer steps", settings: [.form]) {
            try DPMSolverSinglestep(order: 2, form: $0.form)
        },
        SolverEntry(name: "dpm-solver-3", summary: "singlestep DPM-Solver-3; --steps counts outer steps", settings: [.form]) {
            try DPMSolverSinglestep(order: 3, form: $0.form)
        },
        SolverEntry(name: "dpm-solver-fast", summary: "DPM-Solver-fast: singlestep orders 3,...,3,2,1 spending an --nfe budget", settings: [.form]) {
            try DPMSolverSinglestep.fast(maximumOrder: 3, form: $0.form)
        },
        SolverEntry(name: "dpm-solver-2m", summary: "multistep DPM-Solver-2, one evaluation per step", settings: [.form, .warmUp, .corrector, .variant]) {
            try DPMSolverMultistep(order: 2, form: $0.form, warmUp: $0.warmUp, corrector: $0.corrector, correctorVariant: try $0.correctorVariant())
        },
        SolverEntry(name: "dpm-solver-3m", summary: "multistep DPM-Solver-3, one evaluation per step", settings: [.form, .warmUp, .secondDifference, .corrector, .variant]) {
            try DPMSolverMultistep(order: 3, form: $0.form, warmUp: $0.warmUp, secondDifference: $0.secondDifference, corrector: $0.corrector, correctorVariant: try $0.correctorVariant())
        },
        SolverEntry(name: "dpm-solver++-1", summary: "DPM-Solver++ first order, data prediction") {
            try DPMSolverSinglestep(order: 1, algorithm: .dpmSolverPlusPlus, form: $0.form)
        },
        SolverEntry(name: "dpm-solver++-2s", summary: "singlestep DPM-Solver++(2S)", settings: [.form]) {
            try DPMSolverSinglestep(order: 2, algorithm: .dpmSolverPlusPlus, form: $0.form)
        },
        SolverEntry(name: "dpm-solver++-3s", summary: "singlestep DPM-Solver++(3S)", settings: [.form]) {
            try DPMSolverSinglestep(order: 3, algorithm: .dpmSolverPlusPlus, form: $0.form)
        },
        SolverEntry(name: "dpm-solver++-2m", summary: "multistep DPM-Solver++(2M)", settings: [.form, .warmUp, .corrector, .variant]) {
            try DPMSolverMultistep(order: 2, algorithm: .dpmSolverPlusPlus, form: $0.form, warmUp: $0.warmUp, corrector: $0.corrector, correctorVariant: try $0.correctorVariant())
        },
        SolverEntry(name: "dpm-solver++-3m", summary: "multistep DPM-Solver++(3M)", settings: [.form, .warmUp, .secondDifference, .corrector, .variant]) {
            try DPMSolverMultistep(
                order: 3, algorithm: .dpmSolverPlusPlus, form: $0.form, warmUp: $0.warmUp, secondDifference: $0.secondDifference,
                corrector: $0.corrector, correctorVariant: try $0.correctorVariant()
            )
        },
        SolverEntry(name: "dpm-solver-12", summary: "adaptive DPM-Solver-12 (orders 1 and 2), --atol/--rtol", settings: [.form, .tolerances]) {
            try DPMSolverAdaptive(order: 2, form: $0.form, initialStep: $0.initialStep ?? 0.05)
        },
        SolverEntry(name: "dpm-solver-23", summary: "adaptive DPM-Solver-23 (orders 2 and 3), --atol/--rtol", settings: [.form, .tolerances]) {
            try DPMSolverAdaptive(order: 3, form: $0.form, initialStep: $0.initialStep ?? 0.05)
        },
    ])
}

extension SolverConfiguration {
    /// The UniC corrector's variant; a variant without a corrector is refused.
    func correctorVariant() throws -> UniPCVariant {
        if uniPCVariant != nil, corrector == nil {
            throw DiffusionODEError.invalidArgument("variant", "on a DPM-Solver applies to the UniC corrector; add --corrector unic")
        }
        return uniPCVariant ?? .bh1
    }
}
