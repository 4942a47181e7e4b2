import DiffusionODE
import DiffusionODEStudies
import Testing
import TestSupport

/// Every deterministic fixed-step solver of the catalog, in every formulation it takes,
/// converges with the order it declares (``Solver/order``), measured on the closed-form
/// Gaussian flow: a solver registered in the catalog is order-tested with no test of its own
/// (the pattern of diffrax's `test_ode_order`).
///
/// Each runs 48, 96, 192 and 384 steps (an NFE budget of 4 to 32 times that for DPM-Solver-fast)
/// on the logsnr grid; the fit is the least-squares slope over the largest three.
@Suite("Catalog orders")
struct CatalogOrderTests {
    /// Every catalog name of a deterministic fixed-step solver, formulations spelled out.
    static let names: [String] = SolverCatalog.standard.entries.flatMap { entry -> [String] in
        guard let solver = entry.prototype, !solver.isAdaptive, !solver.isStochastic else { return [] }
        return entry.takesFormulation ? ODEFormulation.allCases.map { "\(entry.name)@\($0.rawValue)" } : [entry.name]
    }

    @Test("the catalog holds the fixed-step solvers this suite is meant to cover")
    func coverage() {
        #expect(Self.names.contains("dpm-solver-3"))
        #expect(Self.names.contains("rk4@sigma"))
        #expect(!Self.names.contains("ddpm"), "stochastic samplers have no ODE order")
        #expect(Self.names.count >= 30)
    }

    @Test("each measures its declared order within 0.25", arguments: names)
    func declaredOrder(name: String) throws {
        let solver = try SolverCatalog.standard.solver(named: name)
        let discretizations: [Discretization]
        if case .budget(let maximum) = solver.stepControl {
            discretizations = ConvergenceSeries.logSNRBudgets([48, 96, 192, 384].map { $0 * maximum })
        } else {
            discretizations = [48, 96, 192, 384].map { .steps($0, spacing: .logSNR) }
        }
        let all = try #require(try ConvergenceSeries.fit(solver, discretizations))
        let fit = try #require(OrderFit(evaluations: Array(all.evaluations.suffix(3)), errors: Array(all.errors.suffix(3))))
        let expected = Self.superconvergent[name] ?? Self.preAsymptotic[name] ?? Double(solver.order)
        #expect(abs(fit.order - expected) <= 0.25, "\(name): measured \(fit.order), expected \(expected) (declared \(solver.order)), errors \(all.errors)")
    }

    /// Pairs that converge faster on this problem than their order: the Gaussian's field in
    /// sigma-tilde, dy/du = u (y - mu)/(v + u^2), is special enough that the midpoint rule's
    /// leading error term vanishes (3.00 on the logsnr and time-quadratic grids alike). On a
    /// mixture the same method is second order (next test).
    static let superconvergent: [String: Double] = ["rk2-midpoint@sigma": 3]

    /// Solvers whose asymptotic order is capped by one step of lower order whose error constant
    /// is small on this problem, so the range measured here shows the bulk order or a
    /// transition (their own tests, `MultistepFamilyOrderTests`, measure both ends):
    /// - unipc-2 (lower order final): the last step, uncorrected DDIM, carries
    ///   d x0/d lambda ~ sigma-tilde^2 ~ 1e-4 at t = 1e-3; on the logsnr grid it stays below the
    ///   bulk's third-order error up to 1536 steps (3.02 there; 1.45 at 768-1536 on time-quadratic).
    /// - unipc-3: the same cap, met from a fourth-order bulk: 2.33 here, 2.01 at 192-1536.
    /// - ipndm-v: on the logsnr grid successive step ratios in sigma-tilde are equal, where its
    ///   coded weights sum to 1 (2.7 here); on time-quadratic it measures 1.86.
    static let preAsymptotic: [String: Double] = ["unipc-2": 3.03, "unipc-3": 2.33, "ipndm-v": 2.74]

    @Test("the superconvergent pairs have their declared order on a three-component mixture", arguments: Array(superconvergent.keys))
    func superconvergentPairsOnAMixture(name: String) throws {
        let solver = try SolverCatalog.standard.solver(named: name)
        let problem = try SamplingProblem(schedule: try LinearVPSchedule(), model: try Problems.mixture(), initial: Problems.noise(rows: 32, columns: 2, seed: 4))
        let reference = try ReferenceSolution(problem)
        var evaluations: [Int] = []
        var errors: [Double] = []
        for steps in [96, 192, 384] {
            let solution = try solver.solve(problem, .steps(steps, spacing: .logSNR))
            evaluations.append(solution.statistics.evaluations)
            errors.append(solution.final.maxAbsoluteDifference(to: reference.final))
        }
        let fit = try #require(OrderFit(evaluations: evaluations, errors: errors))
        #expect(abs(fit.order - Double(solver.order)) <= 0.25, "\(name) on the mixture: \(fit.order), errors \(errors)")
    }
}
