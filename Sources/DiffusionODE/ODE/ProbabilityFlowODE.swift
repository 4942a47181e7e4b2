import RealModule

/// The probability-flow ODE as a vector field F(u, y) in one of four formulations, and the
/// map between the sample x and the formulation's state y. Every formulation has the form
///
///     dy/du = a(u) y + b(u) eps(c(u) y, t(u))
///
/// with, for the schedule's f = d log alpha/dt and lambda' = d lambda/dt:
///
/// | formulation | u | y | a | b | c |
/// | --- | --- | --- | --- | --- | --- |
/// | `t` | t | x | f(t) | -sigma_t lambda'(t) | 1 |
/// | `lambda` | lambda | x | d log alpha/d lambda (sigma^2 for VP) | -sigma | 1 |
/// | `lambda-scaled` | lambda | x/alpha | 0 | -exp(-lambda) = -sigma/alpha | alpha |
/// | `sigma` | sigma-tilde = sigma/alpha | x/alpha | 0 | 1 | alpha |
///
/// (in t, g^2/(2 sigma) = -sigma lambda'(t): the drift of the reverse ODE). So one model
/// evaluation and one fused pass give F, written over the model's output buffer.
public struct ProbabilityFlowODE: Sendable {
    /// The noise schedule whose probability-flow ODE this is.
    public let schedule: any NoiseSchedule
    /// The formulation: the independent variable u and the state y the field is written in.
    public let formulation: ODEFormulation

    /// The probability-flow ODE of `schedule` in `formulation`.
    public init(schedule: any NoiseSchedule, formulation: ODEFormulation) {
        self.schedule = schedule
        self.formulation = formulation
    }

    /// The independent variable at a level: t, lambda, or sigma-tilde.
    public func variable(at level: NoiseLevel) -> Double {
        switch formulation {
        case .time: return level.time
        case .halfLogSNR, .scaledHalfLogSNR: return level.halfLogSNR
        case .sigma: return level.sigmaTilde
        }
    }

    /// The level at a value of the independent variable (sigma-tilde = 0 is the clean level).
    public func level(atVariable u: Double) -> NoiseLevel {
        switch formulation {
        case .time: return schedule.level(at: u)
        case .halfLogSNR, .scaledHalfLogSNR: return schedule.level(atHalfLogSNR: u)
        case .sigma: return u == 0 ? .clean : schedule.level(atHalfLogSNR: -Double.log(u))
        }
    }

    /// y = stateScale * x: 1, or 1/alpha for the scaled formulations.
    public func stateScale(at level: NoiseLevel) -> Double {
        switch formulation {
        case .time, .halfLogSNR: return 1
        case .scaledHalfLogSNR, .sigma: return 1 / level.alpha
        }
    }

    /// Whether the model sees c y with c != 1 (the scaled formulations), so an evaluation
    /// needs scratch room for its input.
    public var scalesModelInput: Bool {
        switch formulation {
        case .time, .halfLogSNR: return false
        case .scaledHalfLogSNR, .sigma: return true
        }
    }

    /// The scratch ``derivative(_:at:evaluator:scratch:into:)`` needs for a batch of
    /// `rows` x `columns` (empty when the model reads y itself).
    public func makeScratch(rows: Int, columns: Int) -> Batch {
        Batch(rows: scalesModelInput ? rows : 0, columns: columns)
    }

    /// The formulation's state y for the sample `x` at `level`.
    public func state(from x: Batch, at level: NoiseLevel) -> Batch {
        let scale = stateScale(at: level)
        guard scale != 1 else { return x }
        var y = x
        y.assign(scale, x)
        return y
    }

    /// The sample x for the formulation's state `y` at `level`.
    public func sample(from y: Batch, at level: NoiseLevel) -> Batch {
        let scale = stateScale(at: level)
        guard scale != 1 else { return y }
        var x = y
        x.assign(1 / scale, y)
        return x
    }

    /// The coefficients (a, b, c) of dy/du = a y + b eps(c y) at `level`.
    public func coefficients(at level: NoiseLevel) -> (state: Double, noise: Double, input: Double) {
        switch formulation {
        case .time:
            return (schedule.logAlphaDerivative(at: level.time), -level.sigma * schedule.halfLogSNRDerivative(at: level), 1)
        case .halfLogSNR:
            return (schedule.logAlphaDerivativeInHalfLogSNR(at: level), -level.sigma, 1)
        case .scaledHalfLogSNR:
            return (0, -level.sigma / level.alpha, level.alpha)
        case .sigma:
            return (0, 1, level.alpha)
        }
    }

    /// Writes F(u, y) into `derivative` (rows x columns, row-major): one model evaluation.
    ///
    /// - Parameters:
    ///   - y: the state, row-major.
    ///   - rows: the number of samples N.
    ///   - columns: the dimension D.
    ///   - u: the independent variable (t, lambda or sigma-tilde).
    ///   - evaluator: counts and checks the model evaluation.
    ///   - scratch: room for the model input c y (from ``makeScratch(rows:columns:)``).
    ///   - derivative: the destination, N x D; it also holds the model output on the way.
    public func derivative(
        _ y: UnsafeBufferPointer<Double>, rows: Int, columns: Int, at u: Double,
        evaluator: ModelEvaluator, scratch: UnsafeMutableBufferPointer<Double>, into derivative: UnsafeMutableBufferPointer<Double>
    ) throws {
        let level = level(atVariable: u)
        let (a, b, c) = coefficients(at: level)
        MemoryTraffic.record(values: y.count, passes: scalesModelInput ? 5 : 3)
        if scalesModelInput {
            for index in y.indices { scratch[index] = c * y[index] }
            try evaluator.noise(UnsafeBufferPointer(scratch), rows: rows, columns: columns, at: level, into: derivative)
        } else {
            try evaluator.noise(y, rows: rows, columns: columns, at: level, into: derivative)
        }
        for index in derivative.indices { derivative[index] = a * y[index] + b * derivative[index] }
    }

    /// Writes F(u, y) for a batch into `derivative` (same shape): one model evaluation.
    public func derivative(_ y: Batch, at u: Double, evaluator: ModelEvaluator, scratch: inout Batch, into derivative: inout Batch) throws {
        try y.withUnsafeValues { state in
            try scratch.withUnsafeMutableValues { scratch in
                try derivative.withUnsafeMutableValues { output in
                    try self.derivative(state, rows: y.rows, columns: y.columns, at: u, evaluator: evaluator, scratch: scratch, into: output)
                }
            }
        }
    }

    /// The step into clean data from the state `y` at `level`: x0_theta(x, t) with x = y / scale,
    /// one model evaluation, written into `output` (at the clean level the state is x itself).
    /// - Parameter scratch: room for x when the state is scaled (same shape as `y`).
    public func denoise(_ y: Batch, at level: NoiseLevel, evaluator: ModelEvaluator, scratch: inout Batch, into output: inout Batch) throws {
        let scale = stateScale(at: level)
        if scale == 1 {
            try evaluator.data(y, at: level, into: &output)
        } else {
            scratch.assign(1 / scale, y)
            try evaluator.data(scratch, at: level, into: &output)
        }
    }
}
