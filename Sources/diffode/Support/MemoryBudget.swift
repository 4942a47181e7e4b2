import DiffusionODE
import Foundation

/// Refuses sample counts whose buffers would not fit in this machine's memory, before
/// allocating anything.
enum MemoryBudget {
    static func check(samples: Int, dimension: Int, buffers: Int) throws {
        guard samples >= 1 else {
            throw DiffusionODEError.invalidArgument("samples", "must be at least 1, got \(samples)")
        }
        let physical = ProcessInfo.processInfo.physicalMemory
        let (values, overflow) = samples.multipliedReportingOverflow(by: dimension)
        let (bytes, overflow2) = values.multipliedReportingOverflow(by: 8 * buffers)
        let limit = physical / 2
        guard !overflow, !overflow2, UInt64(bytes) <= limit else {
            let largest = Int(limit) / (8 * buffers * max(dimension, 1))
            throw DiffusionODEError.invalidArgument(
                "samples", "\(samples) samples of dimension \(dimension) need about \(overflow || overflow2 ? "more than Int.max" : "\(bytes / 1_000_000) MB") for the solver's buffers; this machine allows at most \(largest) (half of \(physical / 1_000_000) MB)"
            )
        }
    }
}
