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
    /// Every deterministic fixed-step solver of the library, and the notable settings of
    /// UniPC, UniC, iPNDM-v and DEIS, at NFE 4, 5, 6, 8, 10, 15, 20, each on the best of the
    /// built-in grids for it (all seven are run): the low-NFE ranking.
    case lowNFE = "low-nfe"

    /// The solver names of the preset.
    public var solverNames: [String] {
        switch self {
        case .table1:
            return ["rk2-midpoint@t", "rk2-midpoint@lambda", "dpm-solver-2", "rk3@t", "rk3@lambda", "dpm-solver-3"]
        case .fastest, .lowNFE:
            return SolverCatalog.standard.entries.compactMap { entry in
                guard let solver = entry.prototype, !solver.isAdaptive, !solver.isStochastic else { return nil }
                return entry.defaultFormulation.map { "\(entry.name)@\($0.rawValue)" } ?? entry.name
            }
        }
    }

    /// The grids every solver runs on: nil for the command's `--skip`.
    public var spacings: [TimeSpacing]? {
        self == .lowNFE ? TimeSpacing.allCases : nil
    }

    /// The NFE budgets of the preset.
    public var budgets: [Int] {
        switch self {
        case .table1: return [12, 18, 24, 30, 36, 42, 48]
        case .fastest: return [10, 15, 20]
        case .lowNFE: return [4, 5, 6, 8, 10, 15, 20]
        }
    }

    /// The solvers of the preset.
    public func solvers(configuration: SolverConfiguration = SolverConfiguration()) throws -> [any Solver] {
        try solverNames.map { try SolverCatalog.all.solver(named: $0, configuration: configuration) } + extraSolvers()
    }

    /// Configurations beyond the catalog's defaults that a low-NFE ranking must include.
    public func extraSolvers() throws -> [any Solver] {
        guard self == .lowNFE else { return [] }
        var solvers: [any Solver] = []
        for order in 1...3 {
            solvers.append(try UniPC(order: order, algorithm: .noisePrediction))
            solvers.append(try UniPC(order: order, variant: .bh2))
        }
        solvers.append(try DPMSolverMultistep(order: 2, algorithm: .dpmSolverPlusPlus, corrector: .unic))
        solvers.append(try DPMSolverMultistep(order: 3, algorithm: .dpmSolverPlusPlus, corrector: .unic))
        solvers.append(try IPNDM(variableStep: true, weights: .exact))
        solvers.append(try DEIS(order: 3, weights: .exact))
        return solvers
    }
}
