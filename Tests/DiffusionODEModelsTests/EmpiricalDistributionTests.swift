import CVectorKernels
import DiffusionODE
@testable import DiffusionODEModels
import Foundation
import Testing
import TestSupport

@Suite("Empirical distribution")
struct EmpiricalDistributionTests {
    static let points = try! Batch([[0.5, -1, 2], [1.5, 0.3, -0.7], [-2, 1, 0.1], [0.2, 0.2, 0.2], [-1, -1, 3]])

    /// eps by the definition, one point at a time in log-space: an independent implementation.
    static func direct(_ points: Batch, bandwidth: Double, x: [Double], level: NoiseLevel) -> [Double] {
        let variance = level.alpha * level.alpha * bandwidth * bandwidth + level.sigma * level.sigma
        let logWeights = (0..<points.rows).map { k in
            -0.5 * zip(x, points.row(k)).reduce(0) { $0 + ($1.0 - level.alpha * $1.1) * ($1.0 - level.alpha * $1.1) } / variance
        }
        let largest = logWeights.max()!
        let weights = logWeights.map { Foundation.exp($0 - largest) }
        let total = weights.reduce(0, +)
        return x.indices.map { d in
            let mean = (0..<points.rows).reduce(0) { $0 + weights[$1] * points[$1, d] } / total
            return level.sigma * (x[d] - level.alpha * mean) / variance
        }
    }

    @Test("with h > 0 it is the equal-weight mixture N(mu_k, h^2 I), to 1e-12; with h = 0 the direct formula, to 1e-12", arguments: [0.0, 0.3])
    func matchesMixtureAndDefinition(bandwidth: Double) throws {
        let distribution = try EmpiricalDistribution(points: Self.points, bandwidth: bandwidth)
        let x = Problems.noise(rows: 40, columns: 3, seed: 8)
        for time in [0.999, 0.5, 0.05, 0.002] {
            let level = try LinearVPSchedule().level(at: time)
            let eps = try distribution.predictNoise(x, at: level)
            let expected = try Batch((0..<x.rows).map { Self.direct(Self.points, bandwidth: bandwidth, x: x.row($0), level: level) })
            #expect(eps.maxAbsoluteDifference(to: expected) <= 1e-12 * max(1, expected.maxMagnitude), "t = \(time)")
            if bandwidth > 0 {
                let mixture = try GaussianMixture(
                    weights: Array(repeating: 0.2, count: 5), means: Self.points.rowArrays,
                    variances: Array(repeating: Array(repeating: bandwidth * bandwidth, count: 3), count: 5))
                #expect(eps.maxAbsoluteDifference(to: try mixture.predictNoise(x, at: level)) <= 1e-12 * max(1, expected.maxMagnitude))
            }
        }
    }

    @Test("its covariance is the points' (over K) plus h^2 I: by hand, and the equal-weight mixture's")
    func covariance() throws {
        let square = try Batch(rows: 4, columns: 2, values: [0, 0, 2, 0, 0, 2, 2, 2])
        #expect(try EmpiricalDistribution(points: square, bandwidth: 0.5).dataCovariance == [[1.25, 0], [0, 1.25]])
        #expect(try EmpiricalDistribution(points: Batch(rows: 2, columns: 2, values: [0, 0, 2, 2])).dataCovariance == [[1, 1], [1, 1]])
        let rows = (0..<Self.points.rows).map { row in (0..<3).map { Self.points[row, $0] } }
        let mixture = try GaussianMixture(weights: [Double](repeating: 1, count: rows.count), means: rows, variances: [[Double]](repeating: [0.09, 0.09, 0.09], count: rows.count))
        let expected = try #require(mixture.dataCovariance)
        let covariance = try #require(try EmpiricalDistribution(points: Self.points, bandwidth: 0.3).dataCovariance)
        for i in 0..<3 { for j in 0..<3 { #expect(abs(covariance[i][j] - expected[i][j]) <= 1e-13) } }
    }

    @Test("the sparse weighted sums equal the dense product on the same weights")
    func sparseEqualsDense() {
        let points = Problems.noise(rows: 40, columns: 3, seed: 4)
        // Weights e^z with z <= 0 (each row's largest 1), 0 below e^-50 as the softmax kernel writes them.
        var generator = SeededGenerator(seed: 5)
        var logWeights = (0..<(4 * 40)).map { _ in -120 * generator.nextUnitInterval() }
        for row in 0..<4 { logWeights[row * 40 + row] = 0 }
        let weights = logWeights.map { $0 < EmpiricalDistribution.negligibleLogWeight ? 0 : Foundation.exp($0) }
        var denseSums = [Double](repeating: 0, count: 12), sparseSums = [Double](repeating: 0, count: 12)
        points.withUnsafeValues { mu in
            weights.withUnsafeBufferPointer { weights in
                denseSums.withUnsafeMutableBufferPointer { MatrixProduct.multiply(rows: 4, columns: 3, inner: 40, weights.baseAddress!, mu.baseAddress!, into: $0.baseAddress!) }
                sparseSums.withUnsafeMutableBufferPointer {
                    EmpiricalDistribution.sparseWeightedSums(weights.baseAddress!, rows: 4, columns: 40, points: mu.baseAddress!, dimension: 3, into: $0.baseAddress!)
                }
            }
        }
        for i in 0..<12 { #expect(abs(denseSums[i] - sparseSums[i]) <= 1e-14 * max(1, abs(denseSums[i]))) }
        #expect(logWeights.filter { $0 < EmpiricalDistribution.negligibleLogWeight }.count > 40, "the sparse path must skip weights")
    }

    @Test("many row blocks, dense and sparse weights: the direct formula to 1e-12")
    func blocking() throws {
        let many = Problems.noise(rows: 3000, columns: 3, seed: 2)
        let distribution = try EmpiricalDistribution(points: many, bandwidth: 0)
        let x = Problems.noise(rows: 3000, columns: 3, seed: 9)
        // 3000 x 3000 scores fill many row blocks; at t = 0.3 every weight counts (the dense
        // path), at t = 0.005 a few points carry the weight (the sparse path).
        #expect(3000 * 3000 > 4 * EmpiricalDistribution.scoreBlockElements)
        for time in [0.3, 0.005] {
            let level = try LinearVPSchedule().level(at: time)
            let eps = try distribution.predictNoise(x, at: level)
            for row in [0, 1500, 2999] {
                let expected = Self.direct(many, bandwidth: 0, x: x.row(row), level: level)
                for d in 0..<3 { #expect(abs(eps[row, d] - expected[d]) <= 1e-12 * max(1, abs(expected[d])), "t = \(time)") }
            }
        }
    }

    /// The shapes the fused tiles must handle: points not a whole number of panels (24), rows
    /// not whole register tiles (8 for the scores, 6 for the sums) nor whole tiles, column groups
    /// of 8, 24 (three zmm), 40 (32 + 8) and 64 (the digits); 3000 points make tiles of 40 rows.
    static let fusedShapes: [(points: Int, dimension: Int, rows: Int)] = [
        (1, 8, 1), (5, 8, 7), (30, 24, 70), (50, 40, 13), (97, 64, 200), (3000, 16, 90),
    ]

    @Test(
        "fused tiles (AVX-512) equal the direct formula and OpenBLAS's products, dense and sparse, at every tile shape",
        .enabled(if: vector_kernels_empirical_supports(vector_kernels_level(), 8) != 0, "no AVX-512 at the kernels' level"),
        arguments: fusedShapes.indices)
    func fusedTiles(shape: Int) throws {
        let (count, dimension, rows) = Self.fusedShapes[shape]
        let points = Problems.noise(rows: count, columns: dimension, seed: 11)
        let distribution = try EmpiricalDistribution(points: points, bandwidth: 0.1)
        #expect(distribution.defaultEvaluation == .fusedTiles)
        var x = Problems.noise(rows: rows, columns: dimension, seed: 12)
        // t = 0.999 and 0.3: every weight counts (the tile's products); 0.005: a few points carry
        // the weight (the tile's sparse sums).
        for time in [0.999, 0.3, 0.005] {
            let level = try LinearVPSchedule().level(at: time)
            var fused = x, products = x
            try distribution.predictNoise(x, at: level, into: &fused, evaluation: .fusedTiles)
            try distribution.predictNoise(x, at: level, into: &products, evaluation: .matrixProducts)
            #expect(fused.maxAbsoluteDifference(to: products) <= 1e-12 * max(1, products.maxMagnitude), "t = \(time), shape \(shape)")
            for row in Set([0, rows / 2, rows - 1]) {
                let expected = Self.direct(points, bandwidth: 0.1, x: x.row(row), level: level)
                for d in 0..<dimension { #expect(abs(fused[row, d] - expected[d]) <= 1e-12 * max(1, abs(expected[d])), "t = \(time), row \(row)") }
            }
        }
        // No rows: nothing to evaluate, by either path.
        for evaluation in [EmpiricalDistribution.Evaluation.fusedTiles, .matrixProducts] {
            var empty = Batch(rows: 0, columns: dimension)
            try distribution.predictNoise(Batch(rows: 0, columns: dimension), at: try LinearVPSchedule().level(at: 0.5), into: &empty, evaluation: evaluation)
        }
        // A NaN in one row reaches that row's output, and no other.
        x[rows - 1, 0] = .nan
        let eps = try distribution.predictNoise(x, at: try LinearVPSchedule().level(at: 0.3))
        #expect(eps.row(rows - 1).allSatisfy { $0.isNaN })
        #expect((0..<(rows - 1)).allSatisfy { eps.row($0).allSatisfy(\.isFinite) })
    }

    @Test("with h = 0 the exact flow memorises: DDIM from noise ends at training points")
    func memorisation() throws {
        let distribution = try EmpiricalDistribution(points: Self.points)
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: distribution, initial: Problems.noise(rows: 50, columns: 3, seed: 4), endTime: 1e-4)
        let final = try DDIM().solve(problem, .steps(200, spacing: .logSNR)).final
        for row in 0..<final.rows {
            let nearest = (0..<Self.points.rows).map { k in zip(final.row(row), Self.points.row(k)).map { abs($0 - $1) }.max()! }.min()!
            #expect(nearest < 0.02, "row \(row) is \(nearest) from every training point")
        }
    }

    @Test("problem files: the digits, relative paths, and errors naming the field")
    func problemFiles() throws {
        let digits = try ProblemFile(contentsOfFile: Fixtures.repositoryRoot.appendingPathComponent("examples/digits.json").path)
        #expect(digits.sampleDimension == 64 && digits.componentCount == 1797 && digits.mixture == nil)
        let mixture = try ProblemFile(contentsOfFile: Fixtures.repositoryRoot.appendingPathComponent("examples/gaussian-4d.json").path)
        #expect(mixture.mixture?.componentCount == 1)
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try NumPyArray.write(Self.points, toFile: folder.appendingPathComponent("p.npy").path)
        for (json, expected) in [
            (#"{"type": "empirical", "points": "p.npy", "bandwidth": -1}"#, "bandwidth"),
            (#"{"type": "empirical", "bandwidth": 0}"#, "points: is missing"),
            (#"{"type": "empirical", "points": "missing.npy"}"#, "missing.npy"),
            (#"{"type": "emprical", "points": "p.npy"}"#, #"must be "gaussian-mixture" or "empirical""#),
        ] {
            let file = folder.appendingPathComponent("problem.json")
            try Data(json.utf8).write(to: file)
            #expect {
                _ = try ProblemFile(contentsOfFile: file.path)
            } throws: { error in
                (error as? DiffusionODEError)?.description.contains(expected) == true
            }
        }
        try Data(#"{"type": "empirical", "points": "p.npy", "bandwidth": 0.5}"#.utf8).write(to: folder.appendingPathComponent("ok.json"))
        guard case .empirical(let read) = try ProblemFile(contentsOfFile: folder.appendingPathComponent("ok.json").path) else {
            Issue.record("not read as empirical")
            return
        }
        #expect(read.bandwidth == 0.5 && read.points == Self.points)
    }
}
