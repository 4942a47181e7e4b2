import ArgumentParser
import DiffusionODE

/// `diffode solvers`: every solver with its order and cost.
struct SolversCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solvers",
        abstract: "List the solvers with their order and model evaluations per step."
    )

    func run() throws {
        var rows: [[String]] = [["name", "order", "nfe/step", "default grid", "options", "description"]]
        for entry in solverCatalog.entries {
            guard let solver = entry.prototype else { continue }
            let grid = solver.isAdaptive ? "adaptive" : solver.defaultSpacing.rawValue
            let options = entry.settings.sorted().flatMap(\.optionNames).map { "--\($0)" }.joined(separator: " ")
            var name = entry.displayName
            if let formulation = entry.defaultFormulation { name += " (default @\(formulation.rawValue))" }
            rows.append([name, "\(solver.order)", solver.stepControl.description, grid, options.isEmpty ? "-" : options, entry.summary])
        }
        print(TextColumns.format(rows))
    }
}
