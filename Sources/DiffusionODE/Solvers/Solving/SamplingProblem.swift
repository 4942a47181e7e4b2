/// What to solve: the probability-flow ODE of `schedule` with noise predictor `model`,
/// from `initial` at `startTime` down to `endTime`, or on to clean data.
///
/// A solve ends at clean data (sigma = 0) when `endTime` is a time whose level is clean
/// (t = 0 for the VP, EDM and flow-matching schedules) or when `denoiseToZero` is set. Grids
/// from a spacing rule then run to the noisy end ``spacedEndTime`` and take one last step into
/// the clean level: the first-order data-prediction step x = x0_theta(x_s, s), DDIM's final
/// denoising step (k-diffusion's samplers and diffusers' schedulers end the same way).
public struct SamplingProblem: Sendable {
    /// The noise schedule.
    public let schedule: any NoiseSchedule
    /// The noise predictor eps_theta.
    public let model: any NoisePredictor
    /// x at the start time, one sample per row.
    public let initial: Batch
    /// The start time (the schedule's default start, T, by default).
    public let startTime: Double
    /// The end time as given (the schedule's default: 1e-3 continuous, 1/N discrete); a time
    /// whose level is clean ends the solve at clean data.
    public let endTime: Double
    /// Whether a last step from `endTime` to clean data follows (the DPM-Solver reference's
    /// `denoise_to_zero`): one step and one model evaluation more.
    public let denoiseToZero: Bool
    /// Whether the solve runs backwards, from `endTime` to `startTime` (inversion: data towards
    /// noise, DDIM inversion and its higher-order analogues): `initial` is x at `endTime`, and a
    /// fixed-step solver walks the grid of the forward solve in reverse, so inverting and then
    /// sampling with the same options is a round trip.
    public let inverts: Bool

    /// The problem of `schedule` and `model` from `initial` at `startTime` to `endTime`
    /// (the schedule's defaults if nil), then to clean data if `denoiseToZero`.
    /// - Throws: ``DiffusionODEError`` unless the start time is noisy and in range, the end
    ///   time is earlier and either noisy or clean, the batch has at least one row, its
    ///   dimension matches the model's, and every value is finite.
    public init(
        schedule: any NoiseSchedule,
        model: any NoisePredictor,
        initial: Batch,
        startTime: Double? = nil,
        endTime: Double? = nil,
        denoiseToZero: Bool = false,
        inverts: Bool = false
    ) throws {
        let start = startTime ?? schedule.defaultStartTime
        let end = endTime ?? schedule.defaultFinalTime
        try schedule.validate(time: start, field: "t-start")
        guard end.isFinite, end >= 0, end < start else {
            throw DiffusionODEError.invalidArgument("t-end", "must be in [0, t-start = \(start)), got \(end)")
        }
        let endIsClean = schedule.level(at: end).isClean
        if inverts, endIsClean || denoiseToZero {
            throw DiffusionODEError.invalidArgument("t-end", "an inversion starts at t-end, which must be noisy (the model is not evaluated at clean data)")
        }
        if endIsClean {
            guard !denoiseToZero else {
                throw DiffusionODEError.invalidArgument("denoise-to-zero", "t-end = \(end) is already clean data; give a noisy t-end or drop the final denoising step")
            }
            guard schedule.defaultFinalTime < start else {
                throw DiffusionODEError.invalidArgument("t-end", "ending at clean data takes its last step from \(schedule.defaultFinalTime), which is not below t-start = \(start)")
            }
        } else {
            try schedule.validate(time: end, field: "t-end")
            // A span lost in rounding gives steps of h = 0 and NaN weights (blamed on the model).
            let startLambda = schedule.level(at: start).halfLogSNR, endLambda = schedule.level(at: end).halfLogSNR
            guard endLambda - startLambda > Self.shortestHalfLogSNRSpan * max(1, abs(startLambda), abs(endLambda)) else {
                throw DiffusionODEError.invalidArgument(
                    "t-end", "\(end) is too close to t-start = \(start): lambda changes by \(endLambda - startLambda) across the span, which rounding would swamp; give a t-end further from t-start"
                )
            }
        }
        // The command line reads an inversion's start (x at t-end) from --in.
        let initialField = inverts ? "in" : "init"
        guard initial.rows >= 1, initial.columns >= 1 else {
            throw DiffusionODEError.invalidInput(initialField, "has shape (\(initial.rows), \(initial.columns)); needs at least one row and one column")
        }
        if let dimension = model.dimension, dimension != initial.columns {
            throw DiffusionODEError.invalidInput(initialField, "has \(initial.columns) columns; the problem has dimension \(dimension)")
        }
        if let (row, column) = initial.firstNonFiniteElement() {
            throw DiffusionODEError.invalidInput("\(initialField)[\(row), \(column)]", "is \(initial[row, column]); every value must be finite")
        }
        if let index = initial.storage.firstIndex(where: { abs($0) > Self.largestStateMagnitude }) {
            let row = index / initial.columns, column = index % initial.columns
            throw DiffusionODEError.invalidInput(
                "\(initialField)[\(row), \(column)]", "is \(initial[row, column]); |x| must be at most \(Self.largestStateMagnitude) (a state that large overflows the model's squares and products)"
            )
        }
        self.schedule = schedule
        self.model = model
        self.initial = initial
        self.startTime = start
        self.endTime = end
        self.denoiseToZero = denoiseToZero
        self.inverts = inverts
    }

    /// The same problem with another model or initial batch (validated again), every other
    /// setting kept: a wrapped model (``AnalyticFirstStep``), a part of the samples.
    public func replacing(model: (any NoisePredictor)? = nil, initial: Batch? = nil) throws -> SamplingProblem {
        try SamplingProblem(
            schedule: schedule, model: model ?? self.model, initial: initial ?? self.initial, startTime: startTime, endTime: endTime,
            denoiseToZero: denoiseToZero, inverts: inverts)
    }

    /// The shortest span in lambda, relative to max(1, |lambda|), a problem may cover (1e-9):
    /// shorter spans are rounding noise at float64 precision.
    public static let shortestHalfLogSNRSpan = 1e-9

    /// The largest |x| an initial state may hold (1e100): a mixture's density squares x, so
    /// larger values overflow inside the model and the cause would be lost.
    public static let largestStateMagnitude = 1e100

    /// Whether the solve ends at clean data (sigma = 0).
    public var endsAtCleanData: Bool { denoiseToZero || schedule.level(at: endTime).isClean }

    /// The noisy end of the part of the solve a spacing rule (or an adaptive solver) covers:
    /// `endTime`, or the schedule's default end when `endTime` itself is clean.
    public var spacedEndTime: Double {
        schedule.level(at: endTime).isClean ? schedule.defaultFinalTime : endTime
    }

    /// The noise level at the start time.
    public var startLevel: NoiseLevel { schedule.level(at: startTime) }
    /// The level of `initial`: the start level, or the end level of an inversion.
    public var initialLevel: NoiseLevel { inverts ? endLevel : startLevel }
    /// The level the solve ends at: the end level, or the start level of an inversion.
    public var finalLevel: NoiseLevel { inverts ? startLevel : endLevel }
    /// The noise level the solve ends at: clean when ``endsAtCleanData``.
    public var endLevel: NoiseLevel { endsAtCleanData ? .clean : schedule.level(at: endTime) }
    /// The noise level at ``spacedEndTime``.
    public var spacedEndLevel: NoiseLevel { schedule.level(at: spacedEndTime) }
}
