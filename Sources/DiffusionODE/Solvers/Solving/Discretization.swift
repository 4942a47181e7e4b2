/// How the time span is cut into steps.
public enum Discretization: Sendable, Equatable {
    /// `count` steps on a grid with the given spacing (nil: the solver's
    /// ``Solver/defaultSpacing``). For singlestep DPM-Solver-k these are outer steps of k
    /// evaluations each; for the others, one step per grid interval.
    case steps(Int, spacing: TimeSpacing? = nil)
    /// A budget of model evaluations: the steps are whatever spends it exactly (it must
    /// divide; a start-up's extra evaluations count), or, for DPM-Solver-fast, the
    /// reference's order plan.
    case evaluations(Int, spacing: TimeSpacing? = nil)
    /// An explicit, strictly decreasing time grid from the start time to the end time.
    case times([Double])
    /// An explicit grid of sigma-tilde = sigma/alpha values (k-diffusion's sigmas), strictly
    /// decreasing, each a level of the schedule; the last may be 0 (clean data).
    case sigmas([Double])
    /// An explicit grid of noise levels, noisiest first; the last may be ``NoiseLevel/clean``.
    case levels([NoiseLevel])
    /// Adaptive steps against tolerances.
    case tolerances(Tolerances)

    /// Adaptive steps against atol = `absolute` and rtol = `relative`.
    /// - Throws: ``DiffusionODEError`` unless they are valid ``Tolerances``.
    public static func tolerances(absolute: Double, relative: Double) throws -> Discretization {
        .tolerances(try Tolerances(absolute: absolute, relative: relative))
    }

    /// The grid spacing, when the discretization has one.
    public var spacing: TimeSpacing? {
        switch self {
        case .steps(_, let spacing), .evaluations(_, let spacing): return spacing
        default: return nil
        }
    }

    /// The same discretization with a missing spacing replaced by `spacing`.
    public func resolvingSpacing(_ spacing: TimeSpacing) -> Discretization {
        switch self {
        case .steps(let count, nil): return .steps(count, spacing: spacing)
        case .evaluations(let count, nil): return .evaluations(count, spacing: spacing)
        default: return self
        }
    }

    /// The argument that sets the number of steps, for messages: `steps`, `nfe`, `times` or `levels`.
    public var countField: String {
        switch self {
        case .steps: return "steps"
        case .evaluations: return "nfe"
        case .times: return "times"
        case .sigmas: return "sigmas"
        case .levels: return "levels"
        case .tolerances: return "atol"
        }
    }

    /// A short description for messages and tables.
    public var summary: String {
        switch self {
        case .steps(let count, let spacing): return "\(count) steps, \(spacing?.description ?? "the solver's default grid")"
        case .evaluations(let count, let spacing): return "\(count) evaluations, \(spacing?.description ?? "the solver's default grid")"
        case .times(let times): return "\(max(times.count - 1, 0)) steps on a given grid"
        case .sigmas(let sigmas): return "\(max(sigmas.count - 1, 0)) steps on a given sigma grid"
        case .levels(let levels): return "\(max(levels.count - 1, 0)) steps on a given level grid"
        case .tolerances(let tolerances): return tolerances.description
        }
    }
}
