import CVectorKernels
import DiffusionODE
import Foundation

/// A small multilayer perceptron read from `.safetensors`, evaluated in float64 through
/// OpenBLAS: the learned model of `tools/train-digits-mlp.py`.
///
/// The file holds `embedding.frequencies` (F), and `layers.i.weight` (out x in) and
/// `layers.i.bias` (out) for i = 0, 1, ..., with `__metadata__` `{"format": "diffode-mlp",
/// "prediction": "noise" | "data" | "velocity"}`. For a state x_t at level (alpha, sigma, lambda)
/// the network sees
///
///     [ x_t / sqrt(alpha^2 + sigma^2),  sin(lambda f_1), ..., sin(lambda f_F),  cos(lambda f_1), ..., cos(lambda f_F) ]
///
/// (so layer 0 takes D + 2F inputs), then SiLU(z) = z / (1 + e^-z) after every layer but the
/// last, whose D outputs are the prediction. Conditioning on the half-log-SNR lambda and on the
/// variance-normalised state makes one network serve every schedule: the marginal of x_t
/// scaled to unit-variance form depends on lambda alone.
public struct MLPNoisePredictor: NoisePredictor {
    /// One dense layer, weight (outputs x inputs) and bias.
    struct Layer: Sendable {
        let inputs: Int
        let outputs: Int
        let weight: [Double]
        let bias: [Double]
    }

    /// The frequencies f_j of the sinusoidal embedding of lambda.
    public let frequencies: [Double]
    /// What the last layer predicts (converted to noise after the last layer; a velocity is that of the unit-variance state the network sees).
    public let prediction: PredictionTarget
    let layers: [Layer]
    /// The widest layer output: the size of each scratch buffer of an evaluation.
    let widestOutput: Int

    /// The sample dimension D.
    public var sampleDimension: Int { layers[layers.count - 1].outputs }
    /// The dimension D.
    public var dimension: Int? { sampleDimension }
    /// The widths, input first: D + 2F, hidden..., D.
    public var widths: [Int] { [layers[0].inputs] + layers.map(\.outputs) }

    /// Builds the network from a parsed file.
    /// - Throws: ``DiffusionODEError`` naming the tensor when the file is not such a network.
    public init(_ file: SafeTensorsFile, source: String = "model") throws {
        if let format = file.metadata["format"], format != "diffode-mlp" {
            throw DiffusionODEError.invalidInput("\(source): __metadata__.format", "is \"\(format)\"; this reader takes \"diffode-mlp\"")
        }
        switch file.metadata["prediction"] ?? "noise" {
        case "noise": prediction = .noise
        case "data": prediction = .data
        case "velocity": prediction = .velocity
        case let other: throw DiffusionODEError.invalidInput("\(source): __metadata__.prediction", "is \"\(other)\"; noise, data or velocity")
        }
        guard let embedding = file.tensors["embedding.frequencies"], embedding.shape.count == 1 else {
            throw DiffusionODEError.invalidInput(source, "has no vector \"embedding.frequencies\"")
        }
        frequencies = embedding.values
        var layers: [Layer] = []
        while let weight = file.tensors["layers.\(layers.count).weight"] {
            let index = layers.count
            guard weight.shape.count == 2, weight.shape[0] >= 1, weight.shape[0] <= Int(Int32.max), weight.shape[1] <= Int(Int32.max) else {
                throw DiffusionODEError.invalidInput("\(source): layers.\(index).weight", "has shape \(weight.shape); (outputs, inputs) is needed")
            }
            let expectedInputs = layers.last?.outputs
            if let expectedInputs, weight.shape[1] != expectedInputs {
                throw DiffusionODEError.invalidInput("\(source): layers.\(index).weight", "takes \(weight.shape[1]) inputs; layer \(index - 1) gives \(expectedInputs)")
            }
            let bias = try file.tensor("layers.\(index).bias", shape: [weight.shape[0]], source: source)
            layers.append(Layer(inputs: weight.shape[1], outputs: weight.shape[0], weight: weight.values, bias: bias.values))
        }
        guard let first = layers.first, let last = layers.last else {
            throw DiffusionODEError.invalidInput(source, "has no tensor \"layers.0.weight\"")
        }
        guard first.inputs == last.outputs + 2 * frequencies.count else {
            throw DiffusionODEError.invalidInput("\(source): layers.0.weight", "takes \(first.inputs) inputs; D + 2F = \(last.outputs) + 2 x \(frequencies.count) = \(last.outputs + 2 * frequencies.count) are needed")
        }
        self.layers = layers
        self.widestOutput = layers.map(\.outputs).max()!
    }

    /// Reads the network from a `.safetensors` file.
    public init(contentsOfFile path: String) throws {
        try self.init(SafeTensorsFile(contentsOfFile: path), source: path)
    }

    /// Writes eps_theta(x, t) for every row of `x`.
    public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        guard output.hasSameShape(as: x) else {
            throw DiffusionODEError.invalidArgument("output", "has shape (\(output.rows), \(output.columns)); needs (\(x.rows), \(x.columns))")
        }
        guard x.columns == sampleDimension else {
            throw DiffusionODEError.invalidInput("x", "has \(x.columns) columns; the network has dimension \(sampleDimension)")
        }
        let rows = x.rows, dimension = sampleDimension
        let scale = 1 / (level.alpha * level.alpha + level.sigma * level.sigma).squareRoot()
        // The embedding is the same for every row, so its part of the first layer is a constant
        // folded into that layer's bias; the product then runs over x alone (64 of 96 inputs),
        // straight from the caller's rows, with the state's scale as the product's alpha.
        let first = layers[0]
        let embedding = frequencies.map { Double.sin(level.halfLogSNR * $0) } + frequencies.map { Double.cos(level.halfLogSNR * $0) }
        let firstBias = (0..<first.outputs).map { j in
            embedding.indices.reduce(first.bias[j]) { $0 + first.weight[j * first.inputs + dimension + $1] * embedding[$1] }
        }
        let widest = widestOutput
        let blocks = (rows + Self.blockRows - 1) / Self.blockRows
        x.withUnsafeValues { x in
            output.withUnsafeMutableValues { out in
                let input = UnsafeSendablePointer(x.baseAddress!), result = UnsafeSendableMutablePointer(out.baseAddress!)
                // Row blocks across the cores, each through every layer with two buffers of its own.
                DispatchQueue.concurrentPerform(iterations: blocks) { block in
                    let start = block * Self.blockRows, count = min(Self.blockRows, rows - start)
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * count * widest) { scratch in
                        var current = scratch.baseAddress!, next = current + count * widest
                        for (index, layer) in layers.enumerated() {
                            // The bias rows first, so the product adds onto them (beta = 1) in the same pass.
                            (index == 0 ? firstBias : layer.bias).withUnsafeBufferPointer { bias in
                                for row in 0..<count { (next + row * layer.outputs).update(from: bias.baseAddress!, count: layer.outputs) }
                            }
                            layer.weight.withUnsafeBufferPointer { weight in
                                if index == 0 {
                                    MatrixProduct.multiplyTransposed(
                                        rows: count, columns: layer.outputs, inner: dimension, alpha: scale, input.pointer + start * dimension,
                                        weight.baseAddress!, strideB: layer.inputs, beta: 1, into: next
                                    )
                                } else {
                                    MatrixProduct.multiplyTransposed(rows: count, columns: layer.outputs, inner: layer.inputs, current, weight.baseAddress!, beta: 1, into: next)
                                }
                            }
                            if index < layers.count - 1 { Self.silu(next, count: count * layer.outputs) }
                            swap(&current, &next)
                        }
                        (result.pointer + start * dimension).update(from: current, count: count * dimension)
                    }
                }
            }
        }
        try output.withUnsafeMutableValues { out in
            if let index = UnsafeBufferPointer(out).firstNonFiniteIndex() {
                throw DiffusionODEError.solveFailed("model", "the network returned \(out[index]) at row \(index / dimension) (t = \(level.time))")
            }
            x.withUnsafeValues { x in
                if prediction == .velocity {
                    // v is defined for the unit-variance state the network sees, u = x/s with
                    // alpha' = alpha/s, sigma' = sigma/s: eps = alpha' v + sigma' u.
                    let alphaScale = level.alpha * scale, stateScale = level.sigma * scale * scale
                    for i in out.indices { out[i] = alphaScale * out[i] + stateScale * x[i] }
                } else {
                    prediction.convertToNoise(out, from: x, at: level)
                }
            }
        }
    }

    /// Rows per block of the parallel evaluation.
    static let blockRows = 128

    /// SiLU(z) = z / (1 + e^-z) in place, at the CPU's widest vector level.
    static func silu(_ values: UnsafeMutablePointer<Double>, count: Int) {
        vector_kernels_silu(values, count)
    }
}
