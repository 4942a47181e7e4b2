import DiffusionODE
import Foundation

/// GITS's time schedule (Chen, Zhou, Wang, Shen & Lyu, "On the Trajectory Regularity of
/// ODE-based Diffusion Sampling", ICML 2024; the authors' `gits_utils.py`), on a candidate grid
/// of M levels uniform in lambda:
///
/// 1. one cheap teacher trajectory per training sample: iPNDM on the candidate grid (M - 1
///    evaluations), keeping each state X_k = x/alpha and derivative d_k = (X_k - D)/s_k;
/// 2. the cost of a coarse Euler jump from candidate i to j, the mean over samples of
///    |X_i + (s_j - s_i) d_i - X_j| (GITS's `l2` metric; its default measures the distance from the
///    line between a trajectory's ends, a choice made for images);
/// 3. the K-step path from the first candidate to the last minimising
///    cost(0, i_1) + c cost(i_1, i_2) + c^2 cost(i_2, i_3) + ..., c = 1.15, by dynamic programming.
public struct GITSGrid: Sendable {
    /// The number of candidate levels M (61, the authors' setting).
    public var candidates: Int
    /// The growth c of the weights along the path (1.15, the authors' default).
    public var coefficient: Double

    /// GITS with `candidates` levels and weight growth `coefficient`.
    public init(candidates: Int = 61, coefficient: Double = 1.15) {
        self.candidates = candidates
        self.coefficient = coefficient
    }

    /// The K + 1 sigma-tilde levels GITS picks for `problem` (its start to its noisy end).
    /// - Throws: ``DiffusionODEError`` when the teacher solve fails or is cancelled.
    public func sigmas(for problem: SamplingProblem, steps: Int, options: SolveOptions = SolveOptions()) throws -> [Double] {
        let spacedProblem = try SamplingProblem(
            schedule: problem.schedule, model: problem.model, initial: problem.initial,
            startTime: problem.startTime, endTime: problem.spacedEndTime
        )
        let fine = TimeGrid.levels(.logSNR, schedule: problem.schedule, from: problem.startTime, to: problem.spacedEndTime, steps: candidates - 1)
        let sigmas = fine.map(\.sigmaTilde)
        // The teacher: iPNDM on the candidate grid, recording the states (x -> x/alpha on the way).
        var teacherOptions = options
        teacherOptions.recordTrajectory = true
        let teacher = try IPNDM(variableStep: false).solve(spacedProblem, .levels(fine), options: teacherOptions)
        let states = (teacher.trajectory ?? []).map { point in
            var state = point.state
            state.assign(1 / point.level.alpha, point.state)
            return state
        }
        guard states.count == candidates else {
            throw DiffusionODEError.solveFailed("gits", "the teacher trajectory has \(states.count) states, expected \(candidates)")
        }
        // The derivative d_k at each candidate, from two neighbouring teacher states is not the
        // model's; evaluate the model once per candidate (M evaluations, as the teacher did).
        let ode = ProbabilityFlowODE(schedule: problem.schedule, formulation: .sigma)
        let evaluator = ModelEvaluator(model: problem.model, solverName: "gits")
        var scratch = ode.makeScratch(rows: problem.initial.rows, columns: problem.initial.columns)
        var derivatives: [Batch] = []
        for (index, state) in states.enumerated().dropLast() {
            var derivative = Batch(rows: state.rows, columns: state.columns)
            try ode.derivative(state, at: sigmas[index], evaluator: evaluator, scratch: &scratch, into: &derivative)
            derivatives.append(derivative)
        }
        var cost = Array(repeating: Array(repeating: Double.infinity, count: candidates), count: candidates)
        var jump = Batch(rows: problem.initial.rows, columns: problem.initial.columns)
        for i in 0..<(candidates - 1) {
            for j in (i + 1)..<candidates {
                jump.assign(1, states[i], sigmas[j] - sigmas[i], derivatives[i])
                cost[i][j] = Self.meanRowDistance(jump, states[j])
            }
        }
        let path = Self.cheapestPath(cost: cost, steps: steps, coefficient: coefficient)
        return path.map { sigmas[$0] }
    }

    /// The mean over rows of the Euclidean distance between two batches.
    static func meanRowDistance(_ a: Batch, _ b: Batch) -> Double {
        var total = 0.0
        for row in 0..<a.rows {
            var sum = 0.0
            for column in 0..<a.columns {
                let difference = a[row, column] - b[row, column]
                sum += difference * difference
            }
            total += sum.squareRoot()
        }
        return total / Double(max(a.rows, 1))
    }

    /// The K-step path 0 -> ... -> M-1 minimising cost(0, i1) + c cost(i1, i2) + c^2 ...: the
    /// authors' recursion V[j][k] = min_i cost[j][i] + c V[i][k - 1], V[i][1] = cost[i][M - 1].
    static func cheapestPath(cost: [[Double]], steps: Int, coefficient: Double) -> [Int] {
        let count = cost.count
        let last = count - 1
        guard steps >= 1, steps < count else { return Array(0...last) }
        var value = Array(repeating: Array(repeating: Double.infinity, count: steps + 1), count: count)
        var next = Array(repeating: Array(repeating: last, count: steps + 1), count: count)
        for i in 0..<last { value[i][1] = cost[i][last] }
        if steps >= 2 {
            for k in 2...steps {
                for j in 0..<last {
                    for i in (j + 1)..<last where value[i][k - 1].isFinite {
                        let candidate = cost[j][i] + coefficient * value[i][k - 1]
                        if candidate < value[j][k] {
                            value[j][k] = candidate
                            next[j][k] = i
                        }
                    }
                }
            }
        }
        var path = [0]
        var node = 0
        for k in stride(from: steps, through: 1, by: -1) {
            node = next[node][k]
            path.append(node)
        }
        return path
    }
}
