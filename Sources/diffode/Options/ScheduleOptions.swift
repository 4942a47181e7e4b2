import ArgumentParser
import DiffusionODE

/// `--schedule` and the options that shape it.
struct ScheduleOptions: ParsableArguments {
    @Option(help: "The noise schedule.")
    var schedule: ScheduleName

    @Option(help: ArgumentHelp("Betas of a discrete schedule, a float64 vector (N,); replaces the built-in betas of discrete-linear or discrete-cosine.", valueName: "file.npy"))
    var betas: String?

    @Option(name: .customLong("beta-min"), parsing: .unconditional, help: "beta_0 of the linear schedules (default 0.1; discrete-linear uses beta_0/N).")
    var betaMin: Double?

    @Option(name: .customLong("beta-max"), parsing: .unconditional, help: "beta_1 of the linear schedules (default 20; discrete-linear uses beta_1/N).")
    var betaMax: Double?

    @Option(name: .customLong("sigma-min"), parsing: .unconditional, help: "ve: sigma at t = 0 (default 0.01); edm: the default end level (default 0.002).")
    var sigmaMin: Double?

    @Option(name: .customLong("sigma-max"), parsing: .unconditional, help: "ve: sigma at t = 1 (default 50); edm: T, the largest level (default 80).")
    var sigmaMax: Double?

    /// The schedule these options describe, refused (naming the parameter) when the given
    /// parameters leave no representable noise at its default start or end, so the default
    /// t-start or t-end is not blamed for them.
    func makeSchedule() throws -> any NoiseSchedule {
        let schedule = try makeUncheckedSchedule()
        let parameters = [("betas", betas), ("beta-max", betaMax.map { "\($0)" }), ("beta-min", betaMin.map { "\($0)" }),
                          ("sigma-max", sigmaMax.map { "\($0)" }), ("sigma-min", sigmaMin.map { "\($0)" })]
        guard let (parameter, value) = parameters.first(where: { $0.1 != nil }) else { return schedule }
        for (end, time) in [("start", schedule.defaultStartTime), ("end", schedule.defaultFinalTime)] {
            do {
                try schedule.validate(time: time, field: "t")
            } catch let error as DiffusionODEError {
                throw DiffusionODEError.invalidArgument(
                    parameter, "\(value ?? "") leaves the \(schedule.name) schedule without usable noise at its default \(end) (\(error.message))"
                )
            }
        }
        return schedule
    }

    private func makeUncheckedSchedule() throws -> any NoiseSchedule {
        if sigmaMin != nil || sigmaMax != nil, schedule != .ve, schedule != .edm {
            throw DiffusionODEError.invalidArgument(sigmaMin != nil ? "sigma-min" : "sigma-max", "applies to the ve and edm schedules, not \(schedule.rawValue)")
        }
        if betas != nil, !schedule.isDiscrete {
            throw DiffusionODEError.invalidArgument("betas", "applies to the discrete schedules (discrete-linear, discrete-cosine), not \(schedule.rawValue)")
        }
        if betaMin != nil || betaMax != nil {
            guard schedule == .linear || schedule == .discreteLinear else {
                throw DiffusionODEError.invalidArgument(betaMin != nil ? "beta-min" : "beta-max", "applies to the linear and discrete-linear schedules, not \(schedule.rawValue)")
            }
            guard betas == nil else {
                throw DiffusionODEError.invalidArgument("beta-min", "cannot be combined with --betas, which gives the betas themselves")
            }
        }
        let minimum = betaMin ?? 0.1
        let maximum = betaMax ?? 20
        switch schedule {
        case .linear:
            return try LinearVPSchedule(betaMin: minimum, betaMax: maximum)
        case .cosine:
            return CosineVPSchedule()
        case .ve:
            return try VarianceExplodingSchedule(sigmaMin: sigmaMin ?? 0.01, sigmaMax: sigmaMax ?? 50)
        case .edm:
            return try EDMSchedule(sigmaMin: sigmaMin ?? 0.002, sigmaMax: sigmaMax ?? 80)
        case .flow:
            return FlowMatchingSchedule()
        case .discreteLinear, .discreteCosine:
            if let betas {
                let values = try MemoryBudget.readVector(betas, field: "betas")
                return try DiscreteVPSchedule(betas: values, name: schedule.rawValue)
            }
            if schedule == .discreteCosine { return try DiscreteVPSchedule.improvedDDPMCosine() }
            _ = try LinearVPSchedule(betaMin: minimum, betaMax: maximum)
            // discrete-linear takes beta_i = linspace(beta_min/N, beta_max/N, N), each in (0, 1).
            guard minimum > 0 else {
                throw DiffusionODEError.invalidArgument("beta-min", "must be > 0 for discrete-linear (its betas start at beta-min/1000), got \(minimum)")
            }
            guard maximum < 1000 else {
                throw DiffusionODEError.invalidArgument("beta-max", "must be below 1000 for discrete-linear (its betas end at beta-max/1000 < 1), got \(maximum)")
            }
            return try DiscreteVPSchedule.ddpmLinear(count: 1000, betaStart: minimum / 1000, betaEnd: maximum / 1000)
        }
    }
}
