/// A noise-prediction model eps_theta(x_t, t): the one thing a solver asks of a model.
///
/// Models are evaluated on a whole batch per call (N x D, row-major); the number of calls
/// is the solve's NFE, counted by the library (see ``ModelEvaluator``), never by the model.
/// A model that predicts something other than the noise is adapted with
/// ``ConvertedPredictor``.
public protocol NoisePredictor: Sendable {
    /// The sample dimension D the model accepts, or nil when it accepts any.
    var dimension: Int? { get }

    /// The mean of the data distribution the model denoises towards, when the model knows it
    /// (the analytic models: a mixture, a dataset's exact denoiser), else nil. An
    /// ``AnalyticFirstStep`` answers the first evaluation of a solve from it.
    var dataMean: [Double]? { get }

    /// The covariance of the data distribution (D x D), when the model knows it, else nil. A
    /// ``GaussianFirstStep`` moves x_T along the exact flow of the Gaussian with this
    /// covariance and the data mean.
    var dataCovariance: [[Double]]? { get }

    /// Writes eps_theta(x, t) for every row of `x` into `output` (same shape as `x`).
    ///
    /// - Parameters:
    ///   - x: the noisy samples x_t.
    ///   - level: t and alpha_t, sigma_t, lambda_t from the schedule being solved.
    ///   - output: the destination; its values on entry are unspecified.
    /// - Throws: any error; a solve stops and reports it with the step and time.
    func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws

    /// The same on raw row-major memory, for integrators that own their state arrays (GSL
    /// hands its callback bare pointers). The default copies through ``Batch``; a model that
    /// can read pointers directly (``GaussianMixture``) overrides it and no copy is made.
    func predictNoise(
        _ x: UnsafeBufferPointer<Double>, rows: Int, columns: Int, at level: NoiseLevel, into output: UnsafeMutableBufferPointer<Double>
    ) throws
}

extension NoisePredictor {
    /// By default a model accepts any dimension (nil).
    public var dimension: Int? { nil }

    /// By default the data mean is unknown (nil).
    public var dataMean: [Double]? { nil }

    /// By default the data covariance is unknown (nil).
    public var dataCovariance: [[Double]]? { nil }

    /// By default, copies `x` into a ``Batch``, calls the batch form and copies the result into `output`.
    public func predictNoise(
        _ x: UnsafeBufferPointer<Double>, rows: Int, columns: Int, at level: NoiseLevel, into output: UnsafeMutableBufferPointer<Double>
    ) throws {
        let input = try Batch(rows: rows, columns: columns, values: Array(x))
        var result = Batch(rows: rows, columns: columns)
        try predictNoise(input, at: level, into: &result)
        result.withUnsafeValues { values in
            _ = output.update(fromContentsOf: values)
        }
    }

    /// eps_theta(x, t) as a new batch.
    public func predictNoise(_ x: Batch, at level: NoiseLevel) throws -> Batch {
        var output = Batch(rows: x.rows, columns: x.columns)
        try predictNoise(x, at: level, into: &output)
        return output
    }
}
