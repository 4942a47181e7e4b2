/// How the time span is cut into steps.
public enum Discretization: Sendable, Equatable {
    /// `count` steps on a grid with the given spacing. For singlestep DPM-Solver-k these are
    /// outer steps of k evaluations each; for the others, one step per grid interval.
    case steps(Int, spacing: TimeSpacing = .timeUniform)
    /// A budget of model evaluations: steps = budget / evaluations per step (it must divide),
    /// or, for DPM-Solver-fast, the reference's order plan that spends it exactly.
    case evaluations(Int, spacing: TimeSpacing = .timeUniform)
    /// An explicit, strictly decreasing time grid from the start time to the end time.
    case times([Double])
    /// An explicit grid of noise levels (DDIM's own index grid, whose last level may be
    /// ``NoiseLevel/clean``); only DDIM and DDPM step to the clean level.
    case levels([NoiseLevel])
    /// Adaptive steps against an absolute and a relative tolerance.
    case tolerances(absolute: Double, relative: Double)

    /// A short description for messages and tables.
    public var summary: String {
        switch self {
        case .steps(let count, let spacing): return "\(count) steps, \(spacing.rawValue)"
        case .evaluations(let count, let spacing): return "\(count) evaluations, \(spacing.rawValue)"
        case .times(let times): return "\(max(times.count - 1, 0)) steps on a given grid"
        case .levels(let levels): return "\(max(levels.count - 1, 0)) steps on a given level grid"
        case .tolerances(let absolute, let relative): return "atol \(absolute), rtol \(relative)"
        }
    }
}
