import CVectorKernels
import DiffusionODE
import Foundation
import Testing

/// The C kernels at every instruction-set level this CPU runs (the baseline always), each
/// against the C library's exp.
@Suite("Vector kernels")
struct VectorKernelsTests {
    static let levels = [Int32(VECTOR_KERNELS_BASELINE), Int32(VECTOR_KERNELS_AVX2), Int32(VECTOR_KERNELS_AVX512)].filter {
        vector_kernels_supports($0) != 0
    }

    /// The distance in units in the last place between two doubles of the same sign.
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        let x = a.bitPattern, y = b.bitPattern
        return x > y ? x - y : y - x
    }

    @Test("the chosen level is one the CPU runs")
    func chosenLevel() {
        #expect(vector_kernels_supports(vector_kernels_level()) != 0)
        #expect(Self.levels.contains(vector_kernels_level()))
        if ProcessInfo.processInfo.environment["DIFFUSIONODE_VECTOR_KERNELS"] == nil { #expect(Self.levels.max() == vector_kernels_level()) }
    }

    @Test("exp: within 2 ulp of the C library's on [-708, 709], 0 below, infinity above, NaN kept", arguments: levels)
    func exponential(level: Int32) {
        var values: [Double] = stride(from: -708.0, through: 709.0, by: 0.0137).map { $0 }
        values += [0, -0.0, 1e-300, -1e-20, 0.34657359027997264, -0.34657359027997264, 709, -708, 1, -1, 0.5 * Double.ulpOfOne]
        var results = values
        results.withUnsafeMutableBufferPointer { vector_kernels_exp_at(level, $0.baseAddress!, $0.count) }
        let worst = zip(values, results).map { Self.ulps($1, Foundation.exp($0)) }.max()!
        #expect(worst <= 2, "worst \(worst) ulp")
        var edges: [Double] = [-709, -1e4, -.infinity, 709.5, 1e4, .infinity, .nan, 3, -2]  // 9: a vector and a tail
        edges.withUnsafeMutableBufferPointer { vector_kernels_exp_at(level, $0.baseAddress!, $0.count) }
        #expect(edges[0] == 0 && edges[1] == 0 && edges[2] == 0)
        #expect(edges[3] == .infinity && edges[4] == .infinity && edges[5] == .infinity)
        #expect(edges[6].isNaN && Self.ulps(edges[7], Foundation.exp(3)) <= 2 && Self.ulps(edges[8], Foundation.exp(-2)) <= 2)
    }

    @Test("weighted row sums over the weights above a threshold equal the direct sums", arguments: levels)
    func weightedRowSum(level: Int32) {
        var generator = SeededGenerator(seed: 11)
        for (count, dimension) in [(1, 1), (9, 3), (40, 64), (1797, 64), (100, 5), (600, 70)] {
            let weights = (0..<count).map { _ in Bool.random(using: &generator) ? Double.random(in: 0...1, using: &generator) : 1e-30 }
            let points = (0..<(count * dimension)).map { _ in Double.random(in: -1...1, using: &generator) }
            var sums = [Double](repeating: .nan, count: dimension)
            vector_kernels_weighted_row_sum_at(level, weights, count, points, dimension, 1e-22, &sums)
            for d in 0..<dimension {
                let expected = (0..<count).filter { weights[$0] > 1e-22 }.reduce(0.0) { $0 + weights[$1] * points[$1 * dimension + d] }
                #expect(abs(sums[d] - expected) <= 1e-13 * max(1, abs(expected)), "count \(count), d \(d)")
            }
        }
    }

    @Test("SiLU: z / (1 + e^-z) within 4 ulp, saturating to z and to -0", arguments: levels)
    func silu(level: Int32) {
        let values: [Double] = stride(from: -40.0, through: 40.0, by: 0.00731).map { $0 } + [0, 1e-12, -1e-12, 800, -800]
        var results = values
        results.withUnsafeMutableBufferPointer { vector_kernels_silu_at(level, $0.baseAddress!, $0.count) }
        for (z, result) in zip(values, results) {
            let expected = z / (1 + Foundation.exp(-z))
            #expect(Self.ulps(result, expected) <= 4 || abs(result - expected) < 1e-300, "z = \(z): \(result) against \(expected)")
        }
        #expect(results.last! == 0 && results[results.count - 2] == 800)
    }

    @Test("a softmax row: shift, largest, weights, their sum and the weights above the floor", arguments: levels)
    func softmaxRow(level: Int32) {
        var generator = SeededGenerator(seed: 11)
        for count in [1, 7, 8, 9, 40, 1797] {
            // Half the rows spread over 120 (dense), half over 2000 (most groups below the floor).
            let spread = count % 2 == 0 ? 120.0 : 2000.0
            let scores = (0..<count).map { _ in Double.random(in: -spread...30, using: &generator) }
            let shift = (0..<count).map { _ in Double.random(in: 0...40, using: &generator) }
            for useShift in [false, true] {
                let scale = -0.75
                let shifted = zip(scores, shift).map { useShift ? $0 + scale * $1 : $0 }
                let largest = shifted.max()!
                let expected = shifted.map { Foundation.exp($0 - largest) }
                var row = scores
                var survivors = 0
                let total = row.withUnsafeMutableBufferPointer { row in
                    shift.withUnsafeBufferPointer { shift in
                        vector_kernels_softmax_row_at(level, row.baseAddress!, count, useShift ? shift.baseAddress! : nil, scale, -50, &survivors)
                    }
                }
                // The shift is rounded once with or without a fused multiply-add: z - largest is
                // within a few ulp of |z| + |largest|, and the weight within that relative error;
                // below e^-50 a weight may also be dropped (0) with its group of eight.
                for k in 0..<count {
                    let tolerance = 4 * Double.ulpOfOne * (abs(shifted[k]) + abs(largest) + 64)
                    let wanted = expected[k]
                    #expect(abs(row[k] - wanted) <= tolerance * wanted + 1e-300 || (row[k] == 0 && wanted < Foundation.exp(-49.99)), "k = \(k)")
                    if wanted < Foundation.exp(-50.01) { #expect(row[k] == 0, "below the floor a weight is 0") }
                }
                #expect(row.max()! == 1)
                #expect(abs(total - expected.reduce(0, +)) <= 1e-14 * total)
                #expect(survivors == shifted.filter { $0 - largest >= -50 }.count)
                if count == 1797 && spread > 1000 { #expect(row.filter { $0 == 0 }.count > count / 2, "groups below the floor are skipped") }
            }
        }
    }
}
