import ArgumentParser
import DiffusionODE
import DiffusionODEStudies
import Foundation

/// `diffode converge`: errors of many solvers at many budgets, as CSV, a plot and tables.
struct ConvergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "converge",
        abstract: "Measure solvers' errors against an exact or high-accuracy reference over NFE budgets (and tolerances), and fit their orders.",
        discussion: "Writes one CSV row per run (solver,nfe,steps,rms_error,max_error,seconds,schedule,skip,formulation,tolerance,rejected_steps), prints the fitted orders and an error table, and optionally a log-log SVG plot."
    )

    @OptionGroup var problemOptions: ProblemOptions

    @Option(help: ArgumentHelp("Comma-separated solver names (see `diffode solvers`).", valueName: "a,b,c"))
    var solvers: String?

    @Option(help: ArgumentHelp("Comma-separated NFE budgets for the fixed-step solvers.", valueName: "n1,n2,..."))
    var nfe: String?

    @Option(help: ArgumentHelp("Comma-separated tolerances (atol = rtol) for the adaptive solvers.", valueName: "t1,t2,..."))
    var tolerances: String?

    @Option(help: "A built-in study: table1 (the DPM-Solver paper's Table 1 layout), fastest (every solver at NFE 10, 15, 20), or low-nfe (every solver at NFE 4-20, each on its best of the built-in grids).")
    var preset: PresetName?

    @Option(help: "The spacing of the fixed-step grids (default logsnr).")
    var skip: TimeSpacing?

    @Option(help: ArgumentHelp("Grids to compare, each solver on each: default (the solver's), a spacing name, or label:file.npy (a --sigmas grid, run at the NFE it takes).", valueName: "g1,g2,..."))
    var grids: String?

    @OptionGroup var tuning: SolverTuningOptions

    @Option(help: "The error the fits, tables and plot use: max (worst sample) or rms.")
    var metric: ErrorMetric = .max

    @Option(help: ArgumentHelp("Where to write the runs as CSV.", valueName: "file.csv"))
    var csv: String

    @Option(help: ArgumentHelp("Where to write a log-log plot of max error against NFE.", valueName: "file.svg"))
    var svg: String?

    enum PresetName: String, CaseIterable, ExpressibleByArgument {
        case table1, fastest
        case lowNFE = "low-nfe"
    }

    func run() throws {
        try OutputPath.check(csv, field: "csv", extensions: ["csv"])
        if let svg { try OutputPath.check(svg, field: "svg", extensions: ["svg"]) }
        try OutputPath.refuseOverwriting([("csv", csv), ("svg", svg)], inputs: problemOptions.inputFiles)
        try problemOptions.initialState.check()
        let preset = self.preset.flatMap { StudyPreset(rawValue: $0.rawValue) }
        let configuration = tuning.configuration(seed: problemOptions.seed)
        if let preset = self.preset {
            for (given, name) in [(solvers != nil, "solvers"), (nfe != nil, "nfe"), (self.tolerances != nil, "tolerances")] where given {
                throw DiffusionODEError.invalidArgument(name, "--preset \(preset.rawValue) sets its own solvers, budgets and grids; drop --\(name) or --preset")
            }
        }
        let solverNames = try solvers.map { try ListParsing.items($0, field: "solvers") } ?? preset?.solverNames ?? []
        guard !solverNames.isEmpty else {
            throw DiffusionODEError.invalidArgument("solvers", "missing; give --solvers a,b,c or --preset \(PresetName.allCases.map(\.rawValue).joined(separator: "|"))")
        }
        try checkSettings(tuning.givenSettings(), solverNames: solverNames)
        let modelSolvers = try solverNames.map { try solverCatalog.solver(named: $0, configuration: configuration) } + (solvers == nil ? (preset?.extraSolvers() ?? []) : [])
        let budgets = try nfe.map { try ListParsing.integers($0, field: "nfe") } ?? preset?.budgets ?? []
        let tolerances = try self.tolerances.map { try ListParsing.numbers($0, field: "tolerances") } ?? []
        let (_, sampling) = try problemOptions.makeProblem()
        let firstStep = try tuning.firstStep(for: sampling.model)
        let solverList = try modelSolvers.map { try firstStep.applied(to: $0) }
        let schedule = sampling.schedule
        let initial = sampling.initial
        var spacings: [TimeSpacing?] = preset?.spacings ?? [skip ?? .logSNR]
        var explicitGrids: [(label: String, sigmas: [Double])] = []
        if let grids {
            guard skip == nil, preset?.spacings == nil else {
                throw DiffusionODEError.invalidArgument("grids", "gives the grids itself; drop --skip (and a preset that searches grids)")
            }
            spacings = []
            for item in try ListParsing.items(grids, field: "grids") {
                if item == "default" {
                    spacings.append(nil)
                } else if let colon = item.firstIndex(of: ":") {
                    let label = String(item[..<colon]), path = String(item[item.index(after: colon)...])
                    try OutputPath.refuseOverwriting([("csv", csv), ("svg", svg)], inputs: [("grids", path)])
                    let values = try MemoryBudget.readVector(path, field: "grids", allowNonFinite: true)
                    try FixedStepGrid.validate(sigmas: values, schedule: schedule, source: path)
                    explicitGrids.append((label, values))
                } else {
                    spacings.append(try TimeSpacing(name: item))
                }
            }
        }
        var study = try ConvergenceStudy(
            problem: sampling, solvers: solverList, budgets: budgets, tolerances: tolerances, spacings: spacings, explicitGrids: explicitGrids
        )
        study.labelsSpacings = grids != nil
        for solver in solverList where study.discretizations(for: solver).isEmpty && explicitGrids.isEmpty {
            throw DiffusionODEError.invalidArgument("nfe", "\(solver.name) takes \(solver.stepControl) evaluations per step, which divides none of the budgets \(budgets.map(String.init).joined(separator: ","))")
        }

        let progress = ProgressLine(label: "converge")
        let result = try study.run(options: SolveOptions(isCancelled: Interrupt.isRequested)) { done, total, current in
            progress.update(done: done, total: total, current: current)
        }
        progress.finish()
        if Interrupt.isRequested() {
            throw DiffusionODEError(.cancelled, field: "converge", "the study was cancelled")
        }
        var outputs = [(data: Data(result.csv.text.utf8), path: csv)]
        if let svg {
            let grid = grids != nil ? "grids compared" : (spacings.count > 1 ? "each solver's best grid" : "\((skip ?? .logSNR).description) grid")
            let title = "\(schedule.name) schedule, \(grid), \(initial.rows) samples"
            outputs.append((Data(result.plot(title: title, metric: metric).svg.utf8), svg))
        }
        try Interrupt.holding { try AtomicFile.write(outputs) }

        print("reference: \(result.reference.method.rawValue)" + (result.reference.errorEstimate > 0 ? String(format: " (estimated error %.1e)", result.reference.errorEstimate) : ""))
        print("")
        print("Fitted orders (least-squares slope of log \(metric.rawValue) error over log NFE, largest 3 budgets above \(String(format: "%.1e", result.errorFloor))):")
        print("")
        print(result.orderTable(metric: metric))
        let fixedBudgets = Array(Set(study.budgets + result.records.filter { $0.tolerance == nil }.map(\.evaluations))).sorted()
        if !fixedBudgets.isEmpty {
            print("")
            if spacings.count > 1, grids == nil {
                print("Ranking by \(metric.rawValue) error, each solver on its best grid (best at each NFE in bold):")
                print("")
                print(result.ranking(budgets: fixedBudgets, metric: metric))
            } else {
                print("\(metric == .max ? "Max" : "RMS") error by NFE\(preset == .fastest ? " (best in bold)" : ""):")
                print("")
                print(result.errorTable(budgets: fixedBudgets, metric: metric, markBest: preset == .fastest))
            }
            if !result.skipped.isEmpty {
                print("")
                print("Skipped \(result.skipped.count) runs a solver cannot take (e.g. \(result.skipped[0]))")
            }
        }
        print("")
        print("csv: \(csv)")
        if let svg { print("svg: \(svg)") }
    }
}

/// Refuses a setting that none of `solverNames` takes (a study may mix solvers, so a
/// setting only some of them read is allowed).
func checkSettings(_ given: Set<SolverSetting>, solverNames: [String]) throws {
    for setting in given.sorted() {
        let takers = try solverNames.filter { try solverCatalog.entry(named: $0).entry.settings.contains(setting) }
        if takers.isEmpty, let first = solverNames.first {
            try solverCatalog.checkSettings([setting], forSolverNamed: first)
        }
    }
}
