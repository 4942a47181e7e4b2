import DiffusionODE
import DiffusionODEStudies

/// Convergence series on the one-component Gaussian problem, whose flow is known in closed
/// form: linear schedule, t from 1 to 1e-3, 64 samples of x_T. Shared by every order test.
public enum ConvergenceSeries {
    /// The problem and its mixture.
    public static func gaussianProblem(rows: Int = 64, seed: UInt64 = 1) throws -> (SamplingProblem, GaussianMixture) {
        let mixture = try Problems.gaussian()
        let problem = try SamplingProblem(
            schedule: try LinearVPSchedule(), model: mixture, initial: Problems.noise(rows: rows, columns: 4, seed: seed),
            startTime: 1, endTime: 1e-3
        )
        return (problem, mixture)
    }

    /// One run per discretization: the NFE the library counted and the max-norm error
    /// against the closed form, with the least-squares order over all of them (nil when
    /// fewer than two runs have distinct NFE).
    public static func fit(_ solver: any Solver, _ discretizations: [Discretization]) throws -> OrderFit? {
        let (problem, mixture) = try gaussianProblem()
        var evaluations: [Int] = []
        var errors: [Double] = []
        for discretization in discretizations {
            let solution = try solver.solve(problem, discretization)
            evaluations.append(solution.statistics.evaluations)
            errors.append(try Problems.exactError(solution, problem, mixture))
        }
        return OrderFit(evaluations: evaluations, errors: errors)
    }

    /// NFE budgets on a grid.
    public static func budgets(_ budgets: [Int], spacing: TimeSpacing) -> [Discretization] {
        budgets.map { .evaluations($0, spacing: spacing) }
    }

    /// NFE budgets on the logsnr grid.
    public static func logSNRBudgets(_ budgets: [Int]) -> [Discretization] {
        budgets.map { .evaluations($0, spacing: .logSNR) }
    }
}
