import RealModule

/// The step noise of one stochastic solve: normalised increments z ~ N(0, I) of a seeded Brownian
/// path in lambda, or independent draws.
///
/// The Brownian path covers the schedule's default span in lambda (widened to the grid's if it
/// reaches beyond), not the grid's own, so solves of one problem on different grids share it.
final class StepNoise {
    private var generator: SeededGenerator
    private let tree: BrownianTree?

    init(_ kind: NoiseKind, seed: UInt64, problem: SamplingProblem, levels: [NoiseLevel]) throws {
        generator = SeededGenerator(seed: seed, stream: SeededGenerator.stepNoiseStream)
        guard kind == .brownian else {
            tree = nil
            return
        }
        let schedule = problem.schedule
        let noisy = levels.filter { !$0.isClean }.map(\.halfLogSNR)
        let low = min(schedule.halfLogSNR(at: schedule.defaultStartTime), noisy.min() ?? 0)
        let high = max(schedule.halfLogSNR(at: schedule.defaultFinalTime > 0 ? schedule.defaultFinalTime : schedule.maximumTime * 1e-3), noisy.max() ?? 0)
        tree = try BrownianTree(rows: problem.initial.rows, columns: problem.initial.columns, seed: seed, from: low, to: high + 1e-9 * max(1, abs(high)))
    }

    /// z for the step from `start` to `end` (end not clean).
    func fill(_ z: inout Batch, from start: NoiseLevel, to end: NoiseLevel) {
        if let tree {
            tree.normalizedIncrement(from: start.halfLogSNR, to: end.halfLogSNR, into: &z)
        } else {
            generator.fillStandardNormal(&z)
        }
    }
}
