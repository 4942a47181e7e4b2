import DiffusionODE
import FuzzDriver
import Foundation

/// libFuzzer entry: the problem-file parser must return a mixture or throw a
/// DiffusionODEError, never trap; a mixture it returns must evaluate to finite noise.
public func fuzzProblemFile(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    do {
        let mixture = try GaussianMixture(json: data, source: "fuzz.json")
        guard mixture.componentCount * mixture.sampleDimension <= 4096 else { return 0 }
        let x = Batch(rows: 2, columns: mixture.sampleDimension, repeating: 0.5)
        let noise = try mixture.predictNoise(x, at: NoiseLevel(time: 0.5, logAlpha: -0.5))
        if noise.firstNonFiniteElement() != nil { fatalError("non-finite noise from a valid problem") }
    } catch is DiffusionODEError {
    } catch {
        fatalError("untyped error: \(error)")
    }
    return 0
}

/// SwiftPM's entry point for this executable: run libFuzzer on ``fuzzProblemFile``.
@_cdecl("ProblemFileFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzProblemFile)
}
