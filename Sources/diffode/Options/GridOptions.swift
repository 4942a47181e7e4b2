import ArgumentParser
import DiffusionODE

/// How a fixed-step solve is discretised: a step count or an NFE budget on a built-in
/// spacing, or an explicit grid from a file (`--sigmas`, `--times`), which then fixes the
/// start and end of the solve.
struct GridOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Fixed-step solvers: the number of steps (outer steps for singlestep DPM-Solver-k).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Fixed-step solvers: the number of model evaluations to spend (dpm-solver-fast needs it).")
    var nfe: Int?

    @Option(help: "The spacing of a fixed-step grid (default: the solver's, as `diffode solvers` lists).")
    var skip: TimeSpacing?

    @Option(parsing: .unconditional, help: "The exponent of the karras (default 7) and polyexponential (default 1) spacings.")
    var rho: Double?

    @Option(help: ArgumentHelp("An explicit grid of sigma-tilde = sigma/alpha levels, float64 (M,), strictly decreasing; the last may be 0 (clean data). Replaces --steps, --nfe, --skip, --t-start and --t-end.", valueName: "file.npy"))
    var sigmas: String?

    @Option(help: ArgumentHelp("An explicit grid of times, float64 (M,), strictly decreasing (the DPM-Solver convention). Replaces --steps, --nfe, --skip, --t-start and --t-end.", valueName: "file.npy"))
    var times: String?

    @Option(name: .customLong("interpolate-to"), parsing: .unconditional, help: "With --sigmas: stretch the file's levels to N steps by log-linear interpolation (as the Align-Your-Steps constants are used).")
    var interpolateTo: Int?

    @Flag(name: .customLong("denoise-to-zero"), help: "End with one more step, from t-end to clean data (x = x0), as the DPM-Solver reference's denoise_to_zero.")
    var denoiseToZero = false

    /// Whether the grid comes from a file.
    var isExplicit: Bool { sigmas != nil || times != nil }

    /// The explicit grid of a file, checked against `schedule` (errors name the file and the index).
    func explicitGrid(schedule: any NoiseSchedule) throws -> Discretization? {
        if let sigmas {
            var values = try MemoryBudget.readVector(sigmas, field: "sigmas", allowNonFinite: true)
            if let interpolateTo {
                guard interpolateTo >= 1, interpolateTo <= FixedStepGrid.maximumSteps else {
                    throw DiffusionODEError.invalidArgument("interpolate-to", "must be between 1 and \(FixedStepGrid.maximumSteps), got \(interpolateTo)")
                }
                try FixedStepGrid.validate(sigmas: values, schedule: schedule, source: sigmas)
                let endsClean = values.last == 0
                let positive = endsClean ? Array(values.dropLast()) : values
                guard positive.count >= 2, !(endsClean && interpolateTo < 2) else {
                    throw DiffusionODEError.invalidArgument("interpolate-to", "needs at least 2 positive levels in \(sigmas) and, for a grid ending at 0, at least 2 steps")
                }
                values = TimeGrid.logLinearInterpolation(positive, count: endsClean ? interpolateTo : interpolateTo + 1) + (endsClean ? [0] : [])
            }
            try FixedStepGrid.validate(sigmas: values, schedule: schedule, source: sigmas)
            return .sigmas(values)
        }
        if let times {
            let values = try MemoryBudget.readVector(times, field: "times", allowNonFinite: true)
            guard values.count >= 2 else {
                throw DiffusionODEError.invalidArgument(times, "needs at least 2 times, got \(values.count)")
            }
            for (index, time) in values.enumerated() {
                if index > 0, !(time < values[index - 1]) {
                    throw DiffusionODEError.invalidArgument("\(times)[\(index)]", "must be smaller than the time before it (\(values[index - 1])), got \(time)")
                }
                if index == values.count - 1, time == 0, schedule.level(at: 0).isClean { continue }
                try schedule.validate(time: time, field: "\(times)[\(index)]")
            }
            return .times(values)
        }
        return nil
    }

    /// Refuses combinations that contradict each other.
    func check(problemOptions: ProblemOptions) throws {
        if sigmas != nil, times != nil {
            throw DiffusionODEError.invalidArgument("sigmas", "give either --sigmas or --times, not both")
        }
        if interpolateTo != nil, sigmas == nil {
            throw DiffusionODEError.invalidArgument("interpolate-to", "applies to a --sigmas file")
        }
        if let file = sigmas ?? times {
            let option = sigmas != nil ? "sigmas" : "times"
            let conflicts: [(String, Bool)] = [
                ("steps", steps != nil), ("nfe", nfe != nil), ("skip", skip != nil), ("rho", rho != nil),
                ("t-start", problemOptions.tStart != nil), ("t-end", problemOptions.tEnd != nil), ("denoise-to-zero", denoiseToZero),
            ]
            if let (name, _) = conflicts.first(where: \.1) {
                throw DiffusionODEError.invalidArgument(name, "--\(option) \(file) gives the whole grid; drop --\(name)")
            }
        }
        if rho != nil, skip?.rho == nil {
            throw DiffusionODEError.invalidArgument("rho", "applies to --skip karras or polyexponential")
        }
    }

    /// The spacing named by `--skip` and `--rho`, if any.
    func spacing() throws -> TimeSpacing? {
        guard let skip else { return nil }
        return try TimeSpacing(name: skip.name, rho: rho)
    }
}
