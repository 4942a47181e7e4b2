import RealModule

/// The library's reproducible random source: xoshiro256** (Blackman & Vigna, 2018),
/// its 256-bit state seeded from a 64-bit seed by SplitMix64, with standard normal
/// variates by the Box–Muller transform (both variates of each pair are used, in order).
///
/// The same seed gives the same stream on every platform and thread count, so a run
/// (`--samples N --seed S`, or stochastic DDIM's noise) is reproducible bit for bit.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    /// A generator whose stream is determined by `seed`.
    public init(seed: UInt64) {
        self.init(seed: seed, stream: 0)
    }

    /// Stream `stream` of `seed`: an independent sequence for each stream, so two uses of one
    /// seed (x_T from stream 0, a sampler's step noise from stream 1) never share variates.
    public init(seed: UInt64, stream: UInt64) {
        var splitMix = seed ^ (stream &* 0xD6E8_FEB8_6659_FD93)
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        if stream != 0 { splitMix = next() }
        state = (next(), next(), next(), next())
        spareNormal = nil
    }

    @inline(__always)
    private static func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// The stream stochastic samplers draw their step noise from (x_T uses stream 0).
    public static let stepNoiseStream: UInt64 = 1

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = Self.rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = Self.rotate(state.3, 45)
        return result
    }

    /// A uniform variate in (0, 1]: the top 53 bits, plus one, times 2^-53.
    public mutating func nextUnitInterval() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A standard normal variate (Box–Muller).
    public mutating func nextStandardNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let radius = (-2 * Double.log(nextUnitInterval())).squareRoot()
        let angle = 2 * Double.pi * nextUnitInterval()
        spareNormal = radius * Double.sin(angle)
        return radius * Double.cos(angle)
    }

    /// Overwrites every value of `batch` with standard normal variates, row-major.
    public mutating func fillStandardNormal(_ batch: inout Batch) {
        MemoryTraffic.record(values: batch.count, passes: 1)
        batch.withUnsafeMutableValues { values in
            for index in values.indices { values[index] = nextStandardNormal() }
        }
    }

    /// An N x D batch of standard normal variates, row-major.
    public mutating func standardNormalBatch(rows: Int, columns: Int) -> Batch {
        var batch = Batch(rows: rows, columns: columns)
        fillStandardNormal(&batch)
        return batch
    }
}
