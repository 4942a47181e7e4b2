/// The probability-flow ODE as a vector field F(u, y) in one of three formulations, for
/// black-box integrators (Runge-Kutta, GSL). Every formulation has the form
///
///     dy/du = a(u) y + b(u) eps(c(u) y, t(u))
///
/// with, for the schedule's f = d log alpha/dt:
///
/// | formulation | u | y | a | b | c |
/// | --- | --- | --- | --- | --- | --- |
/// | `t` | t | x | f(t) | -f(t)/sigma_t | 1 |
/// | `lambda` | lambda | x | sigma^2 | -sigma | 1 |
/// | `lambda-scaled` | lambda | x/alpha | 0 | -exp(-lambda) = -sigma/alpha | alpha |
///
/// (in t, g^2/(2 sigma) = -sigma dlambda/dt = -f/sigma since dlambda/dt = f/sigma^2). So one
/// model evaluation and one fused pass give F, written over the model's output buffer.
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

    /// The independent variable at a level: t, or lambda.
    public func variable(at level: NoiseLevel) -> Double {
        formulation == .time ? level.time : level.halfLogSNR
    }

    /// The level at a value of the independent variable.
    public func level(atVariable u: Double) -> NoiseLevel {
        formulation == .time ? schedule.level(at: u) : schedule.level(atHalfLogSNR: u)
    }

    /// y = stateScale * x: 1, or 1/alpha for `lambda-scaled`.
    public func stateScale(at level: NoiseLevel) -> Double {
        formulation == .scaledHalfLogSNR ? 1 / level.alpha : 1
    }

    /// The coefficients (a, b, c) of dy/du = a y + b eps(c y) at `level`.
    public func coefficients(at level: NoiseLevel) -> (state: Double, noise: Double, input: Double) {
        switch formulation {
        case .time:
            let drift = schedule.logAlphaDerivative(at: level.time)
            return (drift, -drift / level.sigma, 1)
        case .halfLogSNR:
            return (level.sigma * level.sigma, -level.sigma, 1)
        case .scaledHalfLogSNR:
            return (0, -level.sigma / level.alpha, level.alpha)
        }
    }

    /// Writes F(u, y) into `derivative` (rows x columns, row-major): one model evaluation.
    ///
    /// - Parameters:
    ///   - y: the state, row-major.
    ///   - rows: the number of samples N.
    ///   - columns: the dimension D.
    ///   - u: the independent variable (t, or lambda).
    ///   - evaluator: counts and checks the model evaluation.
    ///   - scratch: room for the model input alpha y (used by `lambda-scaled` only; may be
    ///     empty for the other formulations).
    ///   - derivative: the destination, N x D; it also holds the model output on the way.
    public func derivative(
        _ y: UnsafeBufferPointer<Double>, rows: Int, columns: Int, at u: Double,
        evaluator: ModelEvaluator, scratch: UnsafeMutableBufferPointer<Double>, into derivative: UnsafeMutableBufferPointer<Double>
    ) throws {
        let level = level(atVariable: u)
        let (a, b, c) = coefficients(at: level)
        MemoryTraffic.record(values: y.count, passes: c == 1 ? 3 : 5)
        if c == 1 {
            try evaluator.noise(y, rows: rows, columns: columns, at: level, into: derivative)
        } else {
            for index in y.indices { scratch[index] = c * y[index] }
            try evaluator.noise(UnsafeBufferPointer(scratch), rows: rows, columns: columns, at: level, into: derivative)
        }
        for index in derivative.indices { derivative[index] = a * y[index] + b * derivative[index] }
    }
}
