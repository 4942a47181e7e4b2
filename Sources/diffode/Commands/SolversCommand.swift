import ArgumentParser
import DiffusionODE

/// `diffode solvers`: every solver with its order and cost.
struct SolversCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solvers",
        abstract: "List the solvers with their order and model evaluations per step."
    )

    func run() throws {
        var rows: [[String]] = [["name", "order", "nfe/step", "description"]]
        for entry in solverCatalog.entries {
            guard let solver = entry.prototype else { continue }
            let name = entry.takesFormulation ? "\(entry.name)[@t|@lambda|@lambda-scaled]" : entry.name
            rows.append([name, "\(solver.order)", solver.stepControl.description, entry.summary])
        }
        print(TextColumns.format(rows))
    }
}
