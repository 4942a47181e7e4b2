import DiffusionODE
import Foundation

/// libFuzzer entry: the `.npy` reader must return a batch or throw a DiffusionODEError,
/// never trap, whatever the bytes.
public func fuzzNumPy(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    do {
        let batch = try NumPyArray.decode(data, source: "fuzz.npy")
        // What was read must survive a write and a read.
        let again = try NumPyArray.decode(NumPyArray.encode(batch), source: "round trip")
        if again != batch { fatalError("round trip changed the batch") }
    } catch is DiffusionODEError {
    } catch {
        fatalError("untyped error: \(error)")
    }
    _ = try? NumPyArray.decodeVector(data, source: "fuzz.npy")
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry as `NumPyFuzzer_main`; hand control to libFuzzer.
@_cdecl("NumPyFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in
        guard let data else { return fuzzNumPy(UnsafeRawPointer(bitPattern: 1)!, 0) }
        return fuzzNumPy(UnsafeRawPointer(data), size)
    }
}
