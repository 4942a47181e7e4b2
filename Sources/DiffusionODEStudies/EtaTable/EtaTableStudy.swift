import DiffusionODE

/// The DDIM paper's Table 1 on an analytic mixture (Song et al., 2021): stochastic DDIM for
/// several eta, and DDPM with sigma-hat, each on DDIM's own index grid of S steps
/// (``DDIMIndexGrid``, last step to abar = 1), scored by the Fréchet distance between the
/// samples' mean and covariance and the mixture's exact ones.
///
/// Every run starts from the same x_T ~ N(0, I) (seed `seed`); the step noise of the run for
/// (eta row r, step count S) comes from the seed `seed + 1 + 1000 r + S` hashed by SplitMix64,
/// so rows are independent and reruns identical. The noise floor is the distance of `samples`
/// exact draws from the mixture (seed `seed + 999_983`).
public struct EtaTableStudy: Sendable {
    /// The data distribution: the model, and the source of the exact moments.
    public var mixture: GaussianMixture
    /// The discrete schedule whose unclipped entries DDIM's index grid indexes.
    public var schedule: DiscreteVPSchedule
    /// The step counts S, one column each.
    public var steps: [Int]
    /// The eta settings, one row each.
    public var etas: [EtaSetting]
    /// The number of samples N per run (and of exact draws for the noise floor).
    public var samples: Int
    /// The base seed of x_T, of every run's step noise and of the noise floor's draws.
    public var seed: UInt64
    /// How DDIM's index grid chooses its S indices.
    public var skip: DDIMIndexGrid.Skip

    /// A study of every pair of eta setting and step count.
    /// - Throws: `DiffusionODEError` when `steps` or `etas` is empty, `samples` < 2, or a step
    ///   count is not between 1 and the schedule's number of entries.
    public init(mixture: GaussianMixture, schedule: DiscreteVPSchedule, steps: [Int], etas: [EtaSetting], samples: Int, seed: UInt64, skip: DDIMIndexGrid.Skip = .uniform) throws {
        guard !steps.isEmpty, !etas.isEmpty else {
            throw DiffusionODEError.invalidArgument(steps.isEmpty ? "steps" : "eta", "is empty; give at least one value")
        }
        guard samples >= 2 else {
            throw DiffusionODEError.invalidArgument("samples", "must be at least 2 to estimate a covariance, got \(samples)")
        }
        for count in steps {
            _ = try DDIMIndexGrid.indices(skip, trainingSteps: schedule.unclippedLogAlphas.count, steps: count)
        }
        self.mixture = mixture
        self.schedule = schedule
        self.steps = steps
        self.etas = etas
        self.samples = samples
        self.seed = seed
        self.skip = skip
    }

    /// One cell of the table.
    public struct Entry: Sendable, Equatable {
        /// The eta setting (the row).
        public var eta: EtaSetting
        /// The step count S (the column).
        public var steps: Int
        /// Model evaluations of the run.
        public var evaluations: Int
        /// The squared Fréchet distance d^2 between the run's samples and the mixture.
        public var frechetDistance: Double
    }

    /// The result: every cell and the noise floor.
    public struct Result: Sendable {
        /// Every cell, row by row.
        public var entries: [Entry]
        /// d^2 between `samples` exact draws and the mixture: the score of a perfect sampler.
        public var noiseFloor: Double
        /// The step counts (columns).
        public var steps: [Int]
        /// The eta settings (rows).
        public var etas: [EtaSetting]

        /// `eta,steps,nfe,frechet_distance`, eta as given.
        public var csv: CSVTable {
            var table = CSVTable(header: ["eta", "steps", "nfe", "frechet_distance"])
            for entry in entries {
                table.append([entry.eta.description, "\(entry.steps)", "\(entry.evaluations)", CSVTable.format(entry.frechetDistance)])
            }
            return table
        }

        /// Rows eta, columns S, as the DDIM paper lays out its Table 1.
        public var markdown: String {
            var lines = ["| eta \\ S | " + steps.map(String.init).joined(separator: " | ") + " |"]
            lines.append("| --- |" + String(repeating: " --- |", count: steps.count))
            for eta in etas {
                let cells = steps.map { count in
                    entries.first { $0.eta == eta && $0.steps == count }.map { String(format: "%.4f", $0.frechetDistance) } ?? "-"
                }
                lines.append("| \(eta) | " + cells.joined(separator: " | ") + " |")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Runs every cell from the same x_T, then measures the noise floor.
    /// - Parameters:
    ///   - options: passed to every solve (cancellation, step budget).
    ///   - progress: called before each run with (runs done, runs in all, what runs next).
    /// The eigendecompositions of D x D covariances (two per Fréchet distance, one distance per
    /// cell and one for the noise floor) cost about D^3 each; a table asking for more than this
    /// many D^3 units in all is refused up front (D = 200 with 26 cells is about 2e8: a minute).
    public static let maximumEigenWork = 2.5e8

    /// The D^3 units of the table's Fréchet distances.
    public var eigenWork: Double {
        let dimension = Double(mixture.sampleDimension)
        return dimension * dimension * dimension * Double(steps.count * etas.count + 1)
    }

    public func run(options: SolveOptions = SolveOptions(), progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> Result {
        // The Fréchet distances are D^3 work of their own, checked for cancellation every D^2.
        let checkpoint = { try options.checkCancellation(solver: "eta-table") }
        var generator = SeededGenerator(seed: seed)
        let initial = generator.standardNormalBatch(rows: samples, columns: mixture.sampleDimension)
        var entries: [Entry] = []
        let total = steps.count * etas.count
        for (row, eta) in etas.enumerated() {
            for count in steps {
                progress(entries.count, total, "eta \(eta), S = \(count)")
                let levels = try DDIMIndexGrid.levels(skip, schedule: schedule, steps: count)
                // The solve follows `levels`; the problem's span only needs to be valid. DDIM's grid keeps
                // the entries that lambda clipping drops from the schedule (times beyond T = 1), so the
                // span is clamped to the schedule's; S = 1 has no level between the ends.
                let startTime = min(levels[0].time, schedule.maximumTime)
                let lastNoisy = levels.count > 2 ? levels[levels.count - 2].time : 0
                let endTime = lastNoisy > 0 && lastNoisy < startTime ? lastNoisy : startTime / 2
                let problem = try SamplingProblem(schedule: schedule, model: mixture, initial: initial, startTime: startTime, endTime: endTime)
                let noiseSeed = seed &+ 1 &+ UInt64(1000 * row + count)
                let solver: any Solver
                switch eta {
                case .eta(let value, _): solver = try DDIM(eta: value, seed: noiseSeed)
                case .hat: solver = DDPM(seed: noiseSeed)
                }
                let solution = try solver.solve(problem, .levels(levels), options: options)
                entries.append(Entry(
                    eta: eta, steps: count, evaluations: solution.statistics.evaluations,
                    frechetDistance: try FrechetDistance.squared(samples: solution.final, to: mixture, checkpoint: checkpoint)
                ))
            }
        }
        progress(total, total, "done")
        var floorGenerator = SeededGenerator(seed: seed &+ 999_983)
        let exact = mixture.sample(count: samples, using: &floorGenerator)
        return Result(entries: entries, noiseFloor: try FrechetDistance.squared(samples: exact, to: mixture, checkpoint: checkpoint), steps: steps, etas: etas)
    }
}
