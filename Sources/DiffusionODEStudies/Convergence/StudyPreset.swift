import DiffusionODE
import DiffusionODEGSL

/// Built-in studies on the exact problems.
public enum StudyPreset: String, CaseIterable, Sendable {
    /// The layout of the DPM-Solver paper's Table 1 (Lu et al., 2022): RK2 and RK3 in t and
    /// in lambda against DPM-Solver-2 and -3, at NFE 12, 18, ..., 48. The RK2 is the explicit
    /// midpoint method, the classical counterpart of DPM-Solver-2 with r1 = 1/2; RK3 is
    /// Kutta's third-order method.
    case table1
    /// Every fixed-step solver (and DPM-Solver-fast) at NFE 10, 15 and 20: which is most
    /// accurate for a small budget. A solver appears at the budgets its evaluations per
    /// step divide.
    case fastest

    /// The solver names of the preset.
    public var solverNames: [String] {
        switch self {
        case .table1:
            return ["rk2-midpoint@t", "rk2-midpoint@lambda", "dpm-solver-2", "rk3@t", "rk3@lambda", "dpm-solver-3"]
        case .fastest:
            return SolverCatalog.standard.entries.compactMap { entry in
                guard let solver = entry.prototype, !solver.isAdaptive, entry.name != "ddpm" else { return nil }
                return entry.defaultFormulation.map { "\(entry.name)@\($0.rawValue)" } ?? entry.name
            }
        }
    }

    /// The NFE budgets of the preset.
    public var budgets: [Int] {
        switch self {
        case .table1: return [12, 18, 24, 30, 36, 42, 48]
        case .fastest: return [10, 15, 20]
        }
    }

    /// The solvers of the preset.
    public func solvers(configuration: SolverConfiguration = SolverConfiguration()) throws -> [any Solver] {
        try solverNames.map { try SolverCatalog.all.solver(named: $0, configuration: configuration) }
    }
}
