/// A noise predictor whose data prediction is corrected by an ``X0Correction``: eps is replaced
/// by (x - alpha x0')/sigma, so a data-prediction solver (DPM-Solver++, UniPC, DDIM) sees x0' itself.
public struct CorrectedPredictor: NoisePredictor {
    /// The model.
    public let base: any NoisePredictor
    /// The correction.
    public let correction: X0Correction

    /// `base` with its x0 corrected by `correction`.
    /// - Throws: ``DiffusionODEError`` for a limit that is not finite and > 0, or a percentile outside (0, 1].
    public init(_ base: any NoisePredictor, correction: X0Correction) throws {
        switch correction {
        case .clip(let limit):
            guard limit.isFinite, limit > 0 else {
                throw DiffusionODEError.invalidArgument("clip-x0", "must be a finite number > 0, got \(limit)")
            }
        case .dynamic(let percentile, let maximum):
            guard percentile.isFinite, percentile > 0, percentile <= 1 else {
                throw DiffusionODEError.invalidArgument("dynamic-threshold", "must be a percentile in (0, 1], got \(percentile)")
            }
            guard maximum.isFinite, maximum > 0 else {
                throw DiffusionODEError.invalidArgument("dynamic-threshold", "needs a maximum value > 0, got \(maximum)")
            }
        }
        self.base = base
        self.correction = correction
    }

    /// The dimension the model accepts.
    public var dimension: Int? { base.dimension }

    /// eps of the corrected x0.
    public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        try base.predictNoise(x, at: level, into: &output)
        guard level.sigma > 0 else { return }
        let alpha = level.alpha, sigma = level.sigma, columns = x.columns
        var row = [Double](repeating: 0, count: columns)
        output.withUnsafeMutableValues { eps in
            x.withUnsafeValues { x in
                for r in 0..<x.count / max(columns, 1) {
                    let base = r * columns
                    for d in 0..<columns { row[d] = (x[base + d] - sigma * eps[base + d]) / alpha }
                    switch correction {
                    case .clip(let limit):
                        for d in 0..<columns { row[d] = min(max(row[d], -limit), limit) }
                    case .dynamic(let percentile, let maximum):
                        let magnitudes = row.map(abs).sorted()
                        let position = percentile * Double(columns - 1)
                        let low = Int(position), high = min(low + 1, columns - 1)
                        let quantile = magnitudes[low] + (position - Double(low)) * (magnitudes[high] - magnitudes[low])
                        let s = max(quantile, maximum)
                        for d in 0..<columns { row[d] = min(max(row[d], -s), s) / s }
                    }
                    for d in 0..<columns { eps[base + d] = (x[base + d] - alpha * row[d]) / sigma }
                }
            }
        }
    }
}
