@testable import DiffusionODE
import Foundation
import Testing

@Suite("Vectorised exponential")
struct VectorExponentialTests {
    /// The distance in units in the last place between two positive doubles.
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        let x = a.bitPattern, y = b.bitPattern
        return x > y ? x - y : y - x
    }

    @Test("within 2 ulp of the C library's exp on [-708, 709], 0 below, infinity above, NaN kept")
    func accuracy() {
        var worst: UInt64 = 0
        var values: [Double] = stride(from: -708.0, through: 709.0, by: 0.0137).map { $0 }
        values += [0, -0.0, 1e-300, -1e-20, 0.34657359027997264, -0.34657359027997264, 709, -708, 1, -1, 0.5 * Double.ulpOfOne]
        values.withUnsafeMutableBufferPointer { buffer in
            var copy = Array(buffer)
            copy.withUnsafeMutableBufferPointer { VectorExponential.exponentiate($0.baseAddress!, count: $0.count) }
            for (value, result) in zip(buffer, copy) { worst = max(worst, Self.ulps(result, Foundation.exp(value))) }
        }
        #expect(worst <= 2, "worst \(worst) ulp")
        var edges: [Double] = [-709, -1e4, -.infinity, 709.5, 1e4, .infinity, .nan, 3, -2]  // 9: a vector and a tail
        edges.withUnsafeMutableBufferPointer { VectorExponential.exponentiate($0.baseAddress!, count: $0.count) }
        #expect(edges[0] == 0 && edges[1] == 0 && edges[2] == 0)
        #expect(edges[3] == .infinity && edges[4] == .infinity && edges[5] == .infinity)
        #expect(edges[6].isNaN && Self.ulps(edges[7], Foundation.exp(3)) <= 2 && Self.ulps(edges[8], Foundation.exp(-2)) <= 2)
    }
}
