/// e^z eight lanes at a time, for the models' inner loops (softmax weights, SiLU), where the
/// scalar `exp` of the C library costs more than the matrix products around it.
///
/// Method: z = k ln 2 + r with k = round(z / ln 2) (by the 1.5 x 2^52 shifter, which also leaves
/// k in the low bits) and |r| <= ln 2 / 2, ln 2 split in two so k ln 2 is exact; e^r by its
/// Taylor series to r^13/13! (truncation below 5e-18 relative), by Horner; then 2^k built from
/// its exponent bits. Measured against `Foundation.exp`: within 2 ulp on [-708, 709]
/// (VectorExponentialTests). Arguments below -708 give exactly 0 (e^-708 = 3e-308 is below
/// anything a softmax weight or SiLU can use); arguments above 709 give +infinity; NaN
/// propagates.
package enum VectorExponential {
    private static let log2e = 1.4426950408889634
    private static let ln2High = 0.693145751953125
    private static let ln2Low = 1.4286068203094173e-06
    private static let shifter = 6755399441055744.0  // 1.5 x 2^52

    /// e^z in each lane.
    @inline(__always)
    package static func exp(_ z: SIMD8<Double>) -> SIMD8<Double> {
        // Clamped by masks: SIMD's clamped(lowerBound:upperBound:) is not inlined and costs a call per lane set.
        var clamped = z
        clamped.replace(with: -708, where: z .< -708)
        clamped.replace(with: 709, where: z .> 709)
        let shifted = clamped * log2e + shifter
        let k = shifted - shifter
        let r = (clamped - k * ln2High) - k * ln2Low
        var p = SIMD8<Double>(repeating: 1 / 6227020800.0)  // 1/13!
        p = p * r + 1 / 479001600.0
        p = p * r + 1 / 39916800.0
        p = p * r + 1 / 3628800.0
        p = p * r + 1 / 362880.0
        p = p * r + 1 / 40320.0
        p = p * r + 1 / 5040.0
        p = p * r + 1 / 720.0
        p = p * r + 1 / 120.0
        p = p * r + 1 / 24.0
        p = p * r + 1 / 6.0
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let bits = (unsafeBitCast(shifted, to: SIMD8<UInt64>.self) &+ 1023) &<< 52
        var result = p * unsafeBitCast(bits, to: SIMD8<Double>.self)
        result.replace(with: 0, where: z .< -708)
        result.replace(with: .infinity, where: z .> 709)
        result.replace(with: z, where: z .!= z)
        return result
    }

    /// Replaces each of `count` values at `values` by e^value.
    package static func exponentiate(_ values: UnsafeMutablePointer<Double>, count: Int) {
        var index = 0
        while index + 8 <= count {
            let lanes = UnsafeRawPointer(values + index).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(values + index).storeBytes(of: exp(lanes), as: SIMD8<Double>.self)
            index += 8
        }
        if index < count {
            var tail = SIMD8<Double>(repeating: -.infinity)
            for lane in 0..<(count - index) { tail[lane] = values[index + lane] }
            let result = exp(tail)
            for lane in 0..<(count - index) { values[index + lane] = result[lane] }
        }
    }
}
