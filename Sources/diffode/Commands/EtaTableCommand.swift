import ArgumentParser
import DiffusionODE
import DiffusionODEStudies
import Foundation

/// `diffode eta-table`: the DDIM paper's Table 1 on an analytic mixture.
struct EtaTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eta-table",
        abstract: "Stochastic DDIM for several eta (and DDPM's sigma-hat) on DDIM's index grid, scored by the Fréchet distance to the exact data moments.",
        discussion: "Writes eta,steps,nfe,frechet_distance as CSV and prints the table (rows eta, columns S) with the noise floor of an exact sample set of the same size."
    )

    @Option(help: ArgumentHelp("The data distribution (gaussian-mixture JSON).", valueName: "file.json"))
    var problem: String

    @OptionGroup var scheduleOptions: ScheduleOptions

    @Option(help: ArgumentHelp("Comma-separated step counts S.", valueName: "s1,s2,..."))
    var steps: String = "10,20,50,100,1000"

    @Option(help: ArgumentHelp("Comma-separated eta values; `hat` for DDPM's larger variance.", valueName: "e1,e2,..."))
    var eta: String = "0,0.2,0.5,1,hat"

    @Option(help: "DDIM's index grid: uniform (range(0, N, N/S)) or quadratic.")
    var grid: DDIMGridName = .uniform

    @Option(parsing: .unconditional, help: "The number of samples per run.")
    var samples: Int

    @Option(parsing: .unconditional, help: "The seed of x_T and of the step noise.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Where to write the table as CSV.", valueName: "file.csv"))
    var csv: String

    enum DDIMGridName: String, CaseIterable, ExpressibleByArgument {
        case uniform, quadratic
    }

    func run() throws {
        try OutputPath.check(csv, field: "csv", extensions: ["csv"])
        try OutputPath.refuseOverwriting([("csv", csv)], inputs: [("problem", problem), ("betas", scheduleOptions.betas)])
        let schedule = try scheduleOptions.makeSchedule()
        guard let discrete = schedule as? DiscreteVPSchedule else {
            throw DiffusionODEError.invalidArgument("schedule", "the eta table runs on DDIM's discrete index grid; use discrete-linear or discrete-cosine, not \(schedule.name)")
        }
        let etas = try ListParsing.items(eta, field: "eta").map { item -> EtaSetting in
            guard let setting = EtaSetting(item) else {
                throw DiffusionODEError.invalidArgument("eta", "'\(item)' is neither a number >= 0 nor 'hat'")
            }
            return setting
        }
        let stepCounts = try ListParsing.integers(steps, field: "steps")
        let mixture = try GaussianMixture(contentsOfFile: problem)
        guard samples >= 2 else {
            throw DiffusionODEError.invalidArgument("samples", "must be at least 2 to estimate a covariance, got \(samples)")
        }
        try MemoryBudget.check(samples: samples, dimension: mixture.sampleDimension, buffers: 6)
        let study = try EtaTableStudy(
            mixture: mixture, schedule: discrete, steps: stepCounts, etas: etas, samples: samples, seed: seed,
            skip: grid == .uniform ? .uniform : .quadratic
        )
        guard study.eigenWork <= EtaTableStudy.maximumEigenWork else {
            let cells = stepCounts.count * etas.count + 1
            let largest = Int(Foundation.cbrt(EtaTableStudy.maximumEigenWork / Double(cells)))
            throw DiffusionODEError.invalidInput(
                "\(problem): dimension", "is \(mixture.sampleDimension); the eta table's \(cells) Fréchet distances cost D^3 each and allow D up to \(largest) for this many runs")
        }
        let progress = ProgressLine(label: "eta-table")
        let result = try study.run(options: SolveOptions(isCancelled: Interrupt.isRequested)) { done, total, current in
            progress.update(done: done, total: total, current: current)
        }
        progress.finish()
        try Interrupt.holding { try result.csv.write(toFile: csv) }
        print("Fréchet distance to the exact mean and covariance (\(samples) samples, \(schedule.name), \(grid.rawValue) DDIM grid):")
        print("")
        print(result.markdown)
        print("")
        print(String(format: "noise floor (exact samples of the same size): %.4f", result.noiseFloor))
        print("csv: \(csv)")
    }
}
