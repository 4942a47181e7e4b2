import ArgumentParser
import DiffusionODE

/// What every solving command needs: the problem file, the schedule, the time span and x_T.
struct ProblemOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The data distribution (gaussian-mixture JSON).", valueName: "file.json"))
    var problem: String

    @OptionGroup var scheduleOptions: ScheduleOptions

    @Option(name: .customLong("t-start"), parsing: .unconditional, help: "The start time (default T; 0.999 for flow).")
    var tStart: Double?

    @Option(name: .customLong("t-end"), parsing: .unconditional, help: "The end time (default 1e-3 continuous, 1/N discrete, sigma-min for ve and edm); 0 ends at clean data, the last step x = x0.")
    var tEnd: Double?

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var initialState: InitialStateOptions

    /// The seed for stochastic solvers' noise (the one `--seed` gives, 0 by default).
    var seed: UInt64 { initialState.seed ?? 0 }

    /// The mixture and the sampling problem these options describe.
    func makeProblem(denoiseToZero: Bool = false) throws -> (mixture: GaussianMixture, problem: SamplingProblem) {
        try makeProblem(schedule: try scheduleOptions.makeSchedule(), span: (tStart, tEnd, denoiseToZero))
    }

    /// The problem on `schedule` over `span` (start, end, and whether a last step to clean
    /// data follows), the defaults where nil.
    /// With `inverting`, the problem is an inversion whose initial batch (x at t-end) is read from that file.
    func makeProblem(
        schedule: any NoiseSchedule, span: (start: Double?, end: Double?, denoiseToZero: Bool), inverting input: String? = nil
    ) throws -> (mixture: GaussianMixture, problem: SamplingProblem) {
        let mixture = try GaussianMixture(contentsOfFile: problem)
        let initial: Batch
        if let input {
            initial = try InitialStateOptions.read(input, dimension: mixture.sampleDimension)
        } else {
            try initialState.check()
            initial = try initialState.makeInitial(dimension: mixture.sampleDimension)
        }
        let sampling = try SamplingProblem(
            schedule: schedule, model: try modelOptions.model(for: mixture), initial: initial, startTime: span.start, endTime: span.end,
            denoiseToZero: span.denoiseToZero, inverts: input != nil
        )
        return (mixture, sampling)
    }

    /// The span of an explicit grid: from its first level to its last; a grid ending at clean
    /// data ends at its last noisy level plus the step to clean data.
    static func span(of grid: Discretization, schedule: any NoiseSchedule) -> (start: Double?, end: Double?, denoiseToZero: Bool) {
        let levels: [NoiseLevel]
        switch grid {
        case .sigmas(let sigmas): levels = sigmas.map(schedule.level(atSigmaTilde:))
        case .times(let times): levels = times.map(schedule.level(at:))
        default: return (nil, nil, false)
        }
        guard let first = levels.first, let last = levels.last else { return (nil, nil, false) }
        if last.isClean, levels.count >= 2 {
            return (first.time, levels[levels.count - 2].time, true)
        }
        return (first.time, last.time, false)
    }
}
