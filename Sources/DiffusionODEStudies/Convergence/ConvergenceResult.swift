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

    /// Errors at or below this are not used to fit orders: ten times the reference's error
    /// estimate, and at least 1e-13 times the size of the solution (the rounding floor).
    public var errorFloor: Double {
        max(10 * reference.errorEstimate, 1e-13 * max(1, reference.final.maxMagnitude))
    }

    /// The runs of one solver, by increasing NFE.
    public func records(for solver: String) -> [ConvergenceRecord] {
        records.filter { $0.solver == solver }.sorted { $0.evaluations < $1.evaluations }
    }

    /// The empirical order of one solver: the least-squares slope of log error over log
    /// NFE on its largest three budgets whose errors lie above ``errorFloor`` (the asymptotic
    /// end; pre-asymptotic points at small NFE bend a fit over all of them).
    public func fit(for solver: String, metric: ErrorMetric = .max, points: Int = 3) -> OrderFit? {
        let runs = records(for: solver)
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
            let runs = records(for: name).filter { $0.tolerance == nil }
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
