import DiffusionODE
import Foundation

/// libFuzzer entry: the problem-file parser must return a mixture or throw a
/// DiffusionODEError, never trap; a mixture it returns must evaluate to finite noise.
public func fuzzProblemFile(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
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

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry as `ProblemFileFuzzer_main`; hand control to libFuzzer.
@_cdecl("ProblemFileFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in
        guard let data else { return fuzzProblemFile(UnsafeRawPointer(bitPattern: 1)!, 0) }
        return fuzzProblemFile(UnsafeRawPointer(data), size)
    }
}
