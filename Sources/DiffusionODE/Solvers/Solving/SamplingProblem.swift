/// What to solve: the probability-flow ODE of `schedule` with noise predictor `model`,
/// from `initial` at `startTime` down to `endTime`.
public struct SamplingProblem: Sendable {
    /// The noise schedule.
    public let schedule: any NoiseSchedule
    /// The noise predictor eps_theta.
    public let model: any NoisePredictor
    /// x at the start time, one sample per row.
    public let initial: Batch
    /// The start time (T by default).
    public let startTime: Double
    /// The end time (the schedule's default: 1e-3 continuous, 1/N discrete).
    public let endTime: Double

    /// The problem of `schedule` and `model` from `initial` at `startTime` (T if nil) to `endTime` (the schedule's default if nil).
    /// - Throws: ``DiffusionODEError`` unless 0 < endTime < startTime <= T, the batch has at
    ///   least one row, its dimension matches the model's, and every value is finite.
    public init(
        schedule: any NoiseSchedule,
        model: any NoisePredictor,
        initial: Batch,
        startTime: Double? = nil,
        endTime: Double? = nil
    ) throws {
        let start = startTime ?? schedule.maximumTime
        let end = endTime ?? schedule.defaultFinalTime
        try schedule.validate(time: start, field: "t-start")
        guard end.isFinite, end > 0, end < start else {
            throw DiffusionODEError.invalidArgument("t-end", "must be in (0, t-start = \(start)), got \(end)")
        }
        try schedule.validate(time: end, field: "t-end")
        guard initial.rows >= 1, initial.columns >= 1 else {
            throw DiffusionODEError.invalidInput("init", "has shape (\(initial.rows), \(initial.columns)); needs at least one row and one column")
        }
        if let dimension = model.dimension, dimension != initial.columns {
            throw DiffusionODEError.invalidInput("init", "has \(initial.columns) columns; the problem has dimension \(dimension)")
        }
        if let (row, column) = initial.firstNonFiniteElement() {
            throw DiffusionODEError.invalidInput("init[\(row), \(column)]", "is \(initial[row, column]); every value must be finite")
        }
        self.schedule = schedule
        self.model = model
        self.initial = initial
        self.startTime = start
        self.endTime = end
    }

    /// The noise level at the start time.
    public var startLevel: NoiseLevel { schedule.level(at: startTime) }
    /// The noise level at the end time.
    public var endLevel: NoiseLevel { schedule.level(at: endTime) }
}
