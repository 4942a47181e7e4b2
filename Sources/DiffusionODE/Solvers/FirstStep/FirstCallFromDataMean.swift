import Synchronization

/// The model of one ``AnalyticFirstStep`` solve: its first call returns
/// (x - alpha m) / sigma without calling the model; every later call is the model's.
final class FirstCallFromDataMean: NoisePredictor {
    private let model: any NoisePredictor
    private let mean: [Double]
    private let firstCallTaken = Atomic<Bool>(false)

    init(_ model: any NoisePredictor, dataMean: [Double]) {
        self.model = model
        self.mean = dataMean
    }

    var dimension: Int? { model.dimension }

    /// Whether the first call was answered from the mean (the solve's count is one too many).
    var answered: Bool { firstCallTaken.load(ordering: .acquiring) }

    /// True once, for the first caller.
    private func takesFirstCall() -> Bool {
        !firstCallTaken.exchange(true, ordering: .acquiringAndReleasing)
    }

    func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        guard takesFirstCall() else { return try model.predictNoise(x, at: level, into: &output) }
        let columns = x.columns
        x.withUnsafeValues { x in
            output.withUnsafeMutableValues { output in fill(output, from: x, columns: columns, at: level) }
        }
    }

    func predictNoise(
        _ x: UnsafeBufferPointer<Double>, rows: Int, columns: Int, at level: NoiseLevel, into output: UnsafeMutableBufferPointer<Double>
    ) throws {
        guard takesFirstCall() else { return try model.predictNoise(x, rows: rows, columns: columns, at: level, into: output) }
        fill(output, from: x, columns: columns, at: level)
    }

    private func fill(_ output: UnsafeMutableBufferPointer<Double>, from x: UnsafeBufferPointer<Double>, columns: Int, at level: NoiseLevel) {
        let alpha = level.alpha, inverseSigma = 1 / level.sigma
        for index in output.indices { output[index] = (x[index] - alpha * mean[index % columns]) * inverseSigma }
    }
}
