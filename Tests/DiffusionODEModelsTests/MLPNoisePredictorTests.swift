import DiffusionODE
import DiffusionODEModels
import Foundation
import Testing
import TestSupport

@Suite("Learned model (safetensors, OpenBLAS)")
struct MLPNoisePredictorTests {
    static var weightsPath: String { Fixtures.repositoryRoot.appendingPathComponent("examples/digits-mlp.safetensors").path }

    @Test("the digits network equals its numpy evaluation (tools/mlp-reference.py) to 1e-12")
    func matchesNumpy() throws {
        let network = try MLPNoisePredictor(contentsOfFile: Self.weightsPath)
        #expect(network.widths == [96, 256, 256, 64])
        let folder = Fixtures.modelServersDirectory.deletingLastPathComponent().appendingPathComponent("digits-mlp")
        let x = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("x.npy").path)
        let levels = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("levels.npy").path)
        for k in 0..<levels.rows {
            let level = NoiseLevel(time: levels[k, 0], logAlpha: Foundation.log(levels[k, 1]), logSigma: Foundation.log(levels[k, 2]))
            let expected = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("eps-\(k).npy").path)
            let eps = try network.predictNoise(x, at: level)
            #expect(eps.maxAbsoluteDifference(to: expected) <= 1e-12 * max(1, expected.maxMagnitude), "level \(k)")
        }
    }

    @Test("one network serves every schedule: at equal lambda, VP and VE states give the same noise")
    func scheduleFree() throws {
        let network = try MLPNoisePredictor(contentsOfFile: Self.weightsPath)
        let vp = try LinearVPSchedule().level(at: 0.4)
        let ve = try VarianceExplodingSchedule().level(atSigmaTilde: vp.sigmaTilde)
        let x = Problems.noise(rows: 5, columns: 64, seed: 1)
        var scaled = x
        scaled.assign(1 / vp.alpha, x)
        let difference = try network.predictNoise(x, at: vp).maxAbsoluteDifference(to: try network.predictNoise(scaled, at: ve))
        #expect(difference <= 1e-12)
    }

    @Test("safetensors: F64 round trip; truncated, oversized, misdeclared and mis-shaped files are errors naming the cause")
    func safetensorsErrors() throws {
        let good = try SafeTensorsFile.encode(["a": (shape: [2, 3], values: [1, 2, 3, 4, 5, 6]), "b": (shape: [1], values: [-0.5])], metadata: ["format": "x"])
        let read = try SafeTensorsFile(data: good)
        #expect(read.tensors["a"]?.values == [1, 2, 3, 4, 5, 6] && read.tensors["a"]?.shape == [2, 3] && read.metadata == ["format": "x"])
        #expect(throws: DiffusionODEError.self) { try read.tensor("a", shape: [3, 2]) }
        func header(_ json: String, payload: Int = 8) -> Data {
            var data = Data()
            withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { data.append(contentsOf: $0) }
            return data + Data(json.utf8) + Data(repeating: 0, count: payload)
        }
        for (data, expected) in [
            (Data([1, 2, 3]), "shorter than"),
            (good.prefix(20), "declares a header"),
            (header(#"{"a": {"dtype": "F16", "shape": [4], "data_offsets": [0, 8]}}"#), "F16"),
            (header(#"{"a": {"dtype": "F64", "shape": [2], "data_offsets": [0, 8]}}"#), "data_offsets"),
            (header(#"{"a": {"dtype": "F64", "shape": [1], "data_offsets": [8, 16]}}"#), "data_offsets"),
            (header(#"{"a": {"dtype": "F64", "shape": [-1], "data_offsets": [0, 8]}}"#), "non-negative"),
            (header(#"{"a": {"dtype": "F64", "shape": [4611686018427387904, 4], "data_offsets": [0, 8]}}"#), "more values"),
            (header(#"[1, 2]"#), "not a JSON object"),
            (header(#"{"a": 1}"#), "must be a JSON object (a tensor entry)"),
            (header(#"{"a": {"dtype": "F64", "shape": [1]}}"#), "a: data_offsets: is missing"),
            (header(#"{"a": {"dtype": "F64", "shape": [1.5], "data_offsets": [0, 8]}}"#), "non-negative integer"),
            (header(#"{"a": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8], "extra": 1}}"#), "a: extra: is not a key"),
            (header(#"{"__metadata__": {"format": 3}}"#), "must be a string"),
            (header(#"{"a": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]}, "a": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]}}"#), "a: appears twice"),
        ] {
            #expect {
                _ = try SafeTensorsFile(data: data, source: "w.safetensors")
            } throws: { error in
                (error as? DiffusionODEError)?.description.contains(expected) == true
            }
        }
        // Another format is refused by its metadata; the right format without layers by the missing first layer.
        #expect { try MLPNoisePredictor(read) } throws: { ($0 as? DiffusionODEError)?.description.contains("format") == true }
        let noLayers = try SafeTensorsFile(data: SafeTensorsFile.encode(["embedding.frequencies": (shape: [2], values: [1, 2])], metadata: ["format": "diffode-mlp"]))
        #expect { try MLPNoisePredictor(noLayers) } throws: { ($0 as? DiffusionODEError)?.description.contains("layers.0.weight") == true }
    }
}
