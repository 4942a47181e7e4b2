import DiffusionODE
import FuzzDriver
import Foundation

/// libFuzzer entry: the `.npy` reader must return a batch or throw a DiffusionODEError,
/// never trap, whatever the bytes.
public func fuzzNumPy(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
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

/// SwiftPM's entry point for this executable: run libFuzzer on ``fuzzNumPy``.
@_cdecl("NumPyFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzNumPy)
}
