/// DDIM's own grids over a discrete model's training indices (Song et al., 2021, the
/// `generalized_steps` sampler): S of the N indices, visited from the largest down, then a
/// last step to abar = 1 (the clean level).
///
/// - uniform: range(0, N, N/S) (integer division, so N/S not an integer gives more than S);
/// - quadratic: int(linspace(0, sqrt(0.8 N), S)^2), duplicates removed (they occur when S
///   approaches sqrt(0.8 N) squared's resolution, and would be steps of width zero).
public enum DDIMIndexGrid {
    /// How the S indices are chosen.
    public enum Skip: String, CaseIterable, Sendable {
        case uniform
        case quadratic
    }

    /// The indices DDIM visits, ascending.
    /// - Throws: ``DiffusionODEError`` unless 1 <= steps <= trainingSteps.
    public static func indices(_ skip: Skip, trainingSteps: Int, steps: Int) throws -> [Int] {
        guard steps >= 1, steps <= trainingSteps else {
            throw DiffusionODEError.invalidArgument("steps", "must be between 1 and the \(trainingSteps) training steps, got \(steps)")
        }
        switch skip {
        case .uniform:
            return Array(stride(from: 0, to: trainingSteps, by: trainingSteps / steps))
        case .quadratic:
            let top = (0.8 * Double(trainingSteps)).squareRoot()
            var indices: [Int] = []
            for value in linearlySpaced(from: 0, to: top, count: steps) {
                let index = Int(value * value)
                if indices.last != index { indices.append(index) }
            }
            return indices
        }
    }

    /// The noise levels of the grid, noisiest first, ending at ``NoiseLevel/clean``. Index i
    /// has abar_i from the schedule's unclipped entries and the schedule's time of knot i,
    /// (i + 1)/N' (beyond 1 for entries that clipping dropped).
    public static func levels(_ skip: Skip, schedule: DiscreteVPSchedule, steps: Int) throws -> [NoiseLevel] {
        let count = schedule.unclippedLogAlphas.count
        let visited = try indices(skip, trainingSteps: count, steps: steps)
        let levels = visited.reversed().map { index in
            NoiseLevel(time: Double(index + 1) / Double(schedule.knotCount), logAlpha: schedule.unclippedLogAlphas[index])
        }
        return levels + [.clean]
    }
}
