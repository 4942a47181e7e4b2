/// Classifier-free guidance (Ho & Salimans, 2022): from an unconditional and a conditional
/// noise predictor,
///
///     eps_w(x, t) = eps(x, t) + w (eps(x, t | c) - eps(x, t)),
///
/// with guidance scale w (0: unconditional, 1: conditional, > 1: guided). One evaluation of the
/// guided model (two of the networks inside) counts as one model evaluation, as samplers count it.
/// With ``GaussianMixture/restricted(toClass:)`` both parts are exact, so the guided ODE has an
/// exact reference and solver errors under guidance are measured, not guessed.
public struct GuidedPredictor: NoisePredictor {
    /// eps(x, t).
    public let unconditional: any NoisePredictor
    /// eps(x, t | c).
    public let conditional: any NoisePredictor
    /// The guidance scale w.
    public let scale: Double

    /// The guided predictor of `conditional` against `unconditional` at scale `scale`.
    /// - Throws: ``DiffusionODEError`` unless the scale is finite.
    public init(unconditional: any NoisePredictor, conditional: any NoisePredictor, scale: Double) throws {
        guard scale.isFinite else {
            throw DiffusionODEError.invalidArgument("guidance", "must be a finite number, got \(scale)")
        }
        self.unconditional = unconditional
        self.conditional = conditional
        self.scale = scale
    }

    /// The guided predictor of class `label` of a labelled mixture.
    public init(mixture: GaussianMixture, label: Int, scale: Double) throws {
        try self.init(unconditional: mixture, conditional: try mixture.restricted(toClass: label), scale: scale)
    }

    /// The dimension both parts accept.
    public var dimension: Int? { unconditional.dimension ?? conditional.dimension }

    /// Writes eps + w (eps_c - eps) into `output`.
    public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        try unconditional.predictNoise(x, at: level, into: &output)
        guard scale != 0 else { return }
        var guided = Batch(rows: x.rows, columns: x.columns)
        try conditional.predictNoise(x, at: level, into: &guided)
        output.assign(1 - scale, output, scale, guided)
    }
}
