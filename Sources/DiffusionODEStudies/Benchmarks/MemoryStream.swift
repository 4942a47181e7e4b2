import DiffusionODE

/// The machine's streaming rate over batch-sized buffers, measured in the same run as the
/// solvers: a triad a = b + s c over three buffers of the batch's size (so the buffers sit
/// where the solver's do, in cache or in memory), median of repeated passes.
public struct MemoryStream: Sendable {
    /// Bytes per second.
    public let bytesPerSecond: Double

    /// Measures the rate: `repetitions` triads over buffers of `rows` x `columns` values, median time.
    public init(rows: Int, columns: Int, repetitions: Int = 31) {
        var a = Batch(rows: rows, columns: columns, repeating: 0)
        let b = Batch(rows: rows, columns: columns, repeating: 1)
        let c = Batch(rows: rows, columns: columns, repeating: 2)
        let clock = ContinuousClock()
        var samples: [Double] = []
        for repetition in 0..<repetitions {
            let started = clock.now
            a.assign(1, b, 1e-3 * Double(repetition), c)
            samples.append((clock.now - started).seconds)
        }
        let bytes = Double(3 * rows * columns * 8)
        bytesPerSecond = bytes / Self.median(samples)
    }

    /// Seconds to stream `bytes`.
    public func seconds(forBytes bytes: Int) -> Double {
        Double(bytes) / bytesPerSecond
    }

    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
