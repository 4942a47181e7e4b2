import DiffusionODE
import Foundation
import Testing
import TestSupport

/// Inputs that crash naive parsers, and any crasher the fuzzers (Fuzz/) ever find: each
/// must give a result or a typed error, never a trap.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static func files(_ kind: String) -> [String] {
        let folder = Fixtures.fuzzRegressionsDirectory.appendingPathComponent(kind)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().map { folder.appendingPathComponent($0).path }
    }

    @Test("the corpus is present")
    func corpusPresent() {
        #expect(Self.files("npy").count >= 10)
        #expect(Self.files("problem").count >= 10)
    }

    @Test("npy inputs give a batch or a typed error", arguments: files("npy"))
    func numPy(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let batch = try NumPyArray.decode(data, source: path)
            #expect(try NumPyArray.decode(NumPyArray.encode(batch)) == batch)
        } catch is DiffusionODEError {
        }
        _ = try? NumPyArray.decodeVector(data, source: path)
    }

    @Test("problem files give a mixture with finite noise, or a typed error", arguments: files("problem"))
    func problemFile(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let mixture = try GaussianMixture(json: data, source: path)
            let x = Batch(rows: 2, columns: mixture.sampleDimension, repeating: 0.5)
            let noise = try mixture.predictNoise(x, at: NoiseLevel(time: 0.5, logAlpha: -0.5))
            #expect(noise.firstNonFiniteElement() == nil)
        } catch is DiffusionODEError {
        }
    }
}
