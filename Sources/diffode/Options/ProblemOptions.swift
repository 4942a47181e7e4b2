import ArgumentParser
import DiffusionODE
import DiffusionODEModels

/// What every solving command needs: the problem file, the schedule, the time span and x_T.
struct ProblemOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The data distribution: a problem file (gaussian-mixture or empirical JSON), whose exact model is solved; or give --model or --model-command.", valueName: "file.json"))
    var problem: String?

    @OptionGroup var scheduleOptions: ScheduleOptions

    @Option(name: .customLong("t-start"), parsing: .unconditional, help: "The start time (default T; 0.999 for flow).")
    var tStart: Double?

    @Option(name: .customLong("t-end"), parsing: .unconditional, help: "The end time (default 1e-3 continuous, 1/N discrete, sigma-min for ve and edm); 0 ends at clean data, the last step x = x0.")
    var tEnd: Double?

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var initialState: InitialStateOptions

    /// The seed for stochastic solvers' noise (the one `--seed` gives, 0 by default).
    var seed: UInt64 { initialState.seed ?? 0 }

    /// The problem file (nil when a network or a server is the model) and the sampling problem these options describe.
    func makeProblem(denoiseToZero: Bool = false) throws -> (file: ProblemFile?, problem: SamplingProblem) {
        try makeProblem(schedule: try scheduleOptions.makeSchedule(), span: (tStart, tEnd, denoiseToZero))
    }

    /// The problem on `schedule` over `span` (start, end, and whether a last step to clean
    /// data follows), the defaults where nil.
    /// With `inverting`, the problem is an inversion whose initial batch (x at t-end) is read from that file.
    func makeProblem(
        schedule: any NoiseSchedule, span: (start: Double?, end: Double?, denoiseToZero: Bool), inverting input: String? = nil
    ) throws -> (file: ProblemFile?, problem: SamplingProblem) {
        try modelOptions.checkSource(problem: problem)
        if input == nil { try initialState.check() }
        let file = try problem.map { path in
            // An empirical problem's points are held once as read, once as the model's batch, and
            // twice more for the fused tiles (the packed panels and an aligned copy, PackedPoints).
            try ProblemFile(contentsOfFile: path) { try MemoryBudget.check(arrayFile: $0, buffers: 4, field: "points") }
        }
        let model = try modelOptions.model(problem: file)
        // A server may accept any dimension; then x_T must come from a file.
        let initial: Batch
        if let path = input ?? initialState.initFile {
            initial = try InitialStateOptions.read(path, dimension: model.dimension, field: input == nil ? "init" : "in")
        } else if let dimension = model.dimension {
            initial = try initialState.makeInitial(dimension: dimension)
        } else {
            throw DiffusionODEError.invalidArgument("samples", "the model server accepts any dimension, so x_T must come from --init FILE.npy")
        }
        let sampling = try SamplingProblem(
            schedule: schedule, model: model, initial: initial, startTime: span.start, endTime: span.end,
            denoiseToZero: span.denoiseToZero, inverts: input != nil
        )
        return (file, sampling)
    }

    /// The files these options read, by option name (for refusing an output that names one).
    var inputFiles: [(field: String, path: String?)] {
        [("problem", problem), ("betas", scheduleOptions.betas), ("init", initialState.initFile), ("model", modelOptions.model)]
    }

    /// What the report calls the model: the problem file, the network or the server command.
    var modelDescription: (key: String, value: String) {
        if let problem { return ("problem", problem) }
        if let model = modelOptions.model { return ("model", model) }
        return ("model_command", modelOptions.modelCommand ?? "")
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
