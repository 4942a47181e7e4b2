import DiffusionODE
import Foundation
import Testing
import TestSupport

@Suite("Gaussian mixture problems")
struct GaussianMixtureTests {
    /// log p_t(x) of the noised mixture, written independently of the library (direct
    /// product of densities, log-sum-exp over components).
    static func logDensity(_ mixture: GaussianMixture, _ x: [Double], _ level: NoiseLevel) -> Double {
        var terms: [Double] = []
        for k in 0..<mixture.componentCount {
            var term = log(mixture.weights[k])
            for d in 0..<x.count {
                let variance = level.alpha * level.alpha * mixture.variances[k][d] + level.sigma * level.sigma
                let z = x[d] - level.alpha * mixture.means[k][d]
                term += -0.5 * log(2 * .pi * variance) - 0.5 * z * z / variance
            }
            terms.append(term)
        }
        let largest = terms.max()!
        return largest + log(terms.reduce(0) { $0 + exp($1 - largest) })
    }

    @Test("the exact noise predictor equals -sigma times a finite-difference score", arguments: [0.05, 0.3, 0.7, 0.99])
    func noiseMatchesFiniteDifferenceScore(time: Double) throws {
        let mixture = try GaussianMixture(contentsOfFile: Fixtures.mixtureProblemPath)
        let schedule = try LinearVPSchedule()
        let level = schedule.level(at: time)
        let x = Problems.noise(rows: 8, columns: mixture.sampleDimension, seed: 7)
        let eps = try mixture.predictNoise(x, at: level)
        let step = 1e-5
        for row in 0..<x.rows {
            for d in 0..<x.columns {
                var plus = x.row(row), minus = x.row(row)
                plus[d] += step
                minus[d] -= step
                let score = (Self.logDensity(mixture, plus, level) - Self.logDensity(mixture, minus, level)) / (2 * step)
                #expect(abs(eps[row, d] - (-level.sigma * score)) <= 1e-7 * max(1, abs(eps[row, d])))
            }
        }
    }

    @Test("far from every component the noise predictor stays finite (log-sum-exp)")
    func stableFarAway() throws {
        let mixture = try Problems.mixture()
        let level = try LinearVPSchedule().level(at: 1e-3)
        let x = try Batch([[1e4, -1e4], [300, 250]])
        let eps = try mixture.predictNoise(x, at: level)
        #expect(eps.firstNonFiniteElement() == nil)
    }

    @Test("large batches split across threads give the same result as one thread would")
    func parallelIsDeterministic() throws {
        let mixture = try Problems.mixture()
        let level = CosineVPSchedule().level(at: 0.4)
        let x = Problems.noise(rows: 40_000, columns: 2, seed: 3)
        let whole = try mixture.predictNoise(x, at: level)
        let firstRows = try Batch(rows: 5, columns: 2, values: Array(x.storage[0..<10]))
        let small = try mixture.predictNoise(firstRows, at: level)
        #expect(Array(whole.storage[0..<10]) == small.storage)
        #expect(try mixture.predictNoise(x, at: level) == whole)
    }

    @Test("the closed-form Gaussian flow matches a tightly converged numerical solution")
    func closedFormFlowMatchesNumerics() throws {
        let mixture = try Problems.gaussian()
        let schedule = try LinearVPSchedule()
        let problem = try SamplingProblem(
            schedule: schedule, model: mixture, initial: Problems.noise(rows: 16, columns: 4, seed: 11), startTime: 1, endTime: 1e-3
        )
        let solver = try DPMSolverSinglestep(order: 3)
        // Third order: 400 steps leave 5e-8, 5000 steps about 3e-11.
        let solution = try solver.solve(problem, .steps(5000, spacing: .logSNR))
        #expect(try Problems.exactError(solution, problem, mixture) <= 1e-10)
    }

    @Test("data moments: mean and covariance of the mixture")
    func moments() throws {
        let mixture = try GaussianMixture(weights: [1, 3], means: [[0, 2], [4, -2]], variances: [[1, 1], [2, 0.5]])
        #expect(mixture.mean == [3, -1])
        let covariance = mixture.covariance
        // Var x0 = 0.25*1 + 0.75*2 + 0.25*9 + 0.75*1 = 4.75; Var x1 = 0.25 + 0.375 + 0.25*9 + 0.75*1 = 3.625
        #expect(abs(covariance[0][0] - 4.75) <= 1e-14)
        #expect(abs(covariance[1][1] - 3.625) <= 1e-14)
        #expect(abs(covariance[0][1] - (-3)) <= 1e-14)
    }

    @Test("malformed problem files are typed errors naming the field or the fault", arguments: [
        ("{", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ("{\"type\": \"gaussian\", \"weights\": [1], \"means\": [[0]], \"variances\": [[1]]}", "type"),
        ("{\"type\": \"gaussian-mixture\", \"means\": [[0]], \"variances\": [[1]]}", "weights"),
        ("{\"type\": \"gaussian-mixture\", \"weights\": [1, -1], \"means\": [[0], [1]], \"variances\": [[1], [1]]}", "weights[1]"),
        ("{\"type\": \"gaussian-mixture\", \"weights\": [1, 1], \"means\": [[0]], \"variances\": [[1]]}", "means"),
        ("{\"type\": \"gaussian-mixture\", \"weights\": [1, 1], \"means\": [[0, 1], [1]], \"variances\": [[1, 1], [1, 1]]}", "means[1]"),
        ("{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[0, 1]], \"variances\": [[1, 0]]}", "variances[0][1]"),
        ("{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[0, \"a\"]], \"variances\": [[1, 1]]}", "means[0][1]"),
    ])
    func malformedProblems(json: String, field: String) {
        do {
            _ = try GaussianMixture(json: Data(json.utf8), source: "p.json")
            Issue.record("accepted \(json)")
        } catch let error as DiffusionODEError {
            #expect(error.kind == .invalidInput)
            #expect(error.description.contains(field), "\(error)")
        } catch {
            Issue.record("untyped error \(error)")
        }
    }
}
