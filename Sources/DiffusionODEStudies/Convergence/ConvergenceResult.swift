import DiffusionODE
import Foundation

/// The runs of a study, the reference they were measured against, and the fitted orders.
public struct ConvergenceResult: Sendable {
    /// Every run, solver by solver.
    public let records: [ConvergenceRecord]
    /// The solvers in report order.
    public let solverNames: [String]
    /// The reference every run was measured against.
    public let reference: ReferenceSolution
    /// Runs a grid search skipped, with the reason (a solver that cannot take so few steps).
    public let skipped: [String]

    /// The result of the given runs.
    public init(records: [ConvergenceRecord], solverNames: [String], reference: ReferenceSolution, skipped: [String] = []) {
        self.records = records
        self.solverNames = solverNames
        self.reference = reference
        self.skipped = skipped
        var best: [ErrorMetric: [Int: Double]] = [:]
        for metric in ErrorMetric.allCases {
            for record in records where record.tolerance == nil {
                best[metric, default: [:]][record.evaluations] = min(best[metric]?[record.evaluations] ?? .infinity, metric.value(record))
            }
        }
        self.bestErrors = best
    }

    /// The smallest fixed-step error at each NFE, per metric (computed once: rankings ask often).
    private let bestErrors: [ErrorMetric: [Int: Double]]

    /// Errors at or below this are not used to fit orders: ten times the reference's error
    /// estimate, and at least 1e-13 times the size of the solution (the rounding floor).
    public var errorFloor: Double {
        max(10 * reference.errorEstimate, 1e-13 * max(1, reference.final.maxMagnitude))
    }

    /// The runs of one solver, by increasing NFE: on its best grid (``bestSpacing(for:metric:)``)
    /// when a study searched several.
    public func records(for solver: String, metric: ErrorMetric = .max) -> [ConvergenceRecord] {
        let runs = records.filter { $0.solver == solver && $0.tolerance == nil }
        let spacings = Set(runs.compactMap(\.spacing))
        let kept = spacings.count > 1 ? runs.filter { $0.spacing == bestSpacing(for: solver, metric: metric) } : records.filter { $0.solver == solver }
        return kept.sorted { $0.evaluations < $1.evaluations }
    }

    /// The spacing whose runs of `solver` have the smallest geometric-mean error relative to the
    /// best run at each NFE (over the budgets every spacing of it reached), or nil.
    public func bestSpacing(for solver: String, metric: ErrorMetric = .max) -> TimeSpacing? {
        let runs = records.filter { $0.solver == solver && $0.tolerance == nil && $0.spacing != nil }
        let spacings = Array(Set(runs.compactMap(\.spacing))).sorted { $0.description < $1.description }
        let scores = spacings.map { spacing in relativeScore(runs.filter { $0.spacing == spacing }, metric: metric) }
        return scores.indices.min { scores[$0] < scores[$1] }.map { spacings[$0] }
    }

    /// The geometric mean, over `runs`, of each error over the best error any run of the study
    /// reached at the same NFE (1 = best everywhere); infinity for no runs.
    public func relativeScore(_ runs: [ConvergenceRecord], metric: ErrorMetric = .max) -> Double {
        let ratios = runs.compactMap { run -> Double? in
            guard let best = bestError(at: run.evaluations, metric: metric), best > 0 else { return nil }
            return metric.value(run) / best
        }
        guard !ratios.isEmpty else { return .infinity }
        return Foundation.exp(ratios.map { Foundation.log($0) }.reduce(0, +) / Double(ratios.count))
    }

    /// The smallest error any fixed-step run reached at `evaluations`.
    public func bestError(at evaluations: Int, metric: ErrorMetric = .max) -> Double? {
        bestErrors[metric]?[evaluations]
    }

    /// A Markdown ranking of the solvers, each on its best grid: one column per NFE budget, and
    /// the geometric mean of error / best error at that NFE, by which the rows are sorted.
    public func ranking(budgets: [Int], metric: ErrorMetric = .rms) -> String {
        var lines = ["| rank | solver | grid | " + budgets.map { "NFE \($0)" }.joined(separator: " | ") + " | x best (geometric mean) |"]
        lines.append("| --- | --- | --- |" + String(repeating: " --- |", count: budgets.count + 1))
        let scored = solverNames.map { name -> (String, [ConvergenceRecord], Double) in
            let runs = records(for: name, metric: metric).filter { budgets.contains($0.evaluations) }
            return (name, runs, relativeScore(runs, metric: metric))
        }.filter { !$0.1.isEmpty }.sorted { $0.2 < $1.2 }
        for (rank, (name, runs, score)) in scored.enumerated() {
            let cells = budgets.map { budget -> String in
                guard let run = runs.first(where: { $0.evaluations == budget }) else { return "-" }
                let text = String(format: "%.3g", metric.value(run))
                return metric.value(run) == bestError(at: budget, metric: metric) ? "**\(text)**" : text
            }
            lines.append("| \(rank + 1) | \(name) | \(runs.first?.spacing?.description ?? "-") | " + cells.joined(separator: " | ") + String(format: " | %.2f |", score))
        }
        return lines.joined(separator: "\n")
    }

    /// The empirical order of one solver: the least-squares slope of log error over log
    /// NFE on its largest three budgets whose errors lie above ``errorFloor`` (the asymptotic
    /// end; pre-asymptotic points at small NFE bend a fit over all of them).
    public func fit(for solver: String, metric: ErrorMetric = .max, points: Int = 3) -> OrderFit? {
        let runs = records(for: solver, metric: metric)
        return OrderFit.asymptotic(evaluations: runs.map(\.evaluations), errors: runs.map(metric.value), floor: errorFloor, count: points)
    }

    /// One row per run: `solver,nfe,steps,rms_error,max_error,seconds,schedule,skip,formulation,tolerance,rejected_steps`.
    public var csv: CSVTable {
        var table = CSVTable(header: ["solver", "nfe", "steps", "rms_error", "max_error", "seconds", "schedule", "skip", "formulation", "tolerance", "rejected_steps"])
        for record in records {
            table.append([
                record.solver, "\(record.evaluations)", "\(record.steps)", CSVTable.format(record.rmsError), CSVTable.format(record.maxError),
                CSVTable.format(record.seconds), record.schedule, record.spacing?.rawValue ?? "", record.formulation?.rawValue ?? "",
                record.tolerance.map(CSVTable.format) ?? "", "\(record.rejectedSteps)",
            ])
        }
        return table
    }

    /// A Markdown table of fitted orders: solver, order, and the NFE the fit used.
    public func orderTable(metric: ErrorMetric = .max) -> String {
        var lines = ["| solver | fitted order | fit over NFE | \(metric.rawValue) error at largest NFE |", "| --- | --- | --- | --- |"]
        for name in solverNames {
            let runs = records(for: name)
            let largest = runs.last.map { String(format: "%.3e", metric.value($0)) } ?? "-"
            if let fit = fit(for: name, metric: metric) {
                lines.append("| \(name) | \(String(format: "%.2f", fit.order)) | \(fit.evaluations.map(String.init).joined(separator: ", ")) | \(largest) |")
            } else {
                lines.append("| \(name) | - | (fewer than 2 points above \(String(format: "%.1e", errorFloor))) | \(largest) |")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A Markdown table of errors: one row per solver, one column per NFE budget (the
    /// layout of the DPM-Solver paper's Table 1); `-` where a solver cannot spend a budget.
    /// With `markBest`, the smallest error of each column is bold.
    public func errorTable(budgets: [Int], metric: ErrorMetric = .max, markBest: Bool = false) -> String {
        var lines = ["| solver \\ NFE | " + budgets.map(String.init).joined(separator: " | ") + " |"]
        lines.append("| --- |" + String(repeating: " --- |", count: budgets.count))
        var best: [Int: Double] = [:]
        for budget in budgets {
            best[budget] = records.filter { $0.evaluations == budget && $0.tolerance == nil }.map(metric.value).min()
        }
        for name in solverNames {
            let runs = records(for: name, metric: metric).filter { $0.tolerance == nil }
            let cells = budgets.map { budget -> String in
                guard let run = runs.first(where: { $0.evaluations == budget }) else { return "-" }
                let text = String(format: "%.2e", metric.value(run))
                return markBest && metric.value(run) == best[budget] ? "**\(text)**" : text
            }
            guard cells.contains(where: { $0 != "-" }) else { continue }
            lines.append("| \(name) | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
