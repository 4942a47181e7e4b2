import DiffusionODE
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a solve's time goes: in the model, and in the solver's own work per step, set
/// beside the time to stream the bytes that work moves (counted by ``MemoryTraffic``).
public struct SolverBenchmark: Sendable {
    /// One solver's figures (medians over the repetitions).
    public struct Entry: Sendable {
        /// The solver's name.
        public var solver: String
        /// Model evaluations of the solve.
        public var evaluations: Int
        /// Accepted steps of the solve.
        public var steps: Int
        /// Step attempts of the solve, accepted and rejected.
        public var attempts: Int
        /// Wall-clock seconds of the solve.
        public var seconds: Double
        /// Of those, the seconds spent inside the model.
        public var modelSeconds: Double

    }

    /// A model that costs nothing: it leaves its output buffer as it is (finite: zeros at
    /// first), so a solve with it runs exactly the solver's own passes.
    public struct FreeModel: NoisePredictor {
        /// A model that costs nothing.
        public init() {}
        /// Leaves `output` as it is.
        public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {}
        /// Writes zeros: the pointer entry is GSL's, whose output is its own derivative array,
        /// holding other values (left as they were, they fed back as eps and GSL's steps
        /// collapsed: `bench --samples 512` failed with a step-size underflow).
        public func predictNoise(
            _ x: UnsafeBufferPointer<Double>, rows: Int, columns: Int, at level: NoiseLevel, into output: UnsafeMutableBufferPointer<Double>
        ) throws {
            output.update(repeating: 0)
        }
    }

    /// The solver's own work per step attempt (model excluded) and the bytes its passes
    /// move, as marginal costs so the once-per-solve setup (buffers, grid) cancels:
    ///
    /// - fixed-step solvers: solves with a ``FreeModel`` at the given budget and at four times
    ///   it, (T(4K) - T(K)) / 3K;
    /// - adaptive solvers: the real solve's time outside the model minus a ``FreeModel``
    ///   solve's (whose zero output makes it take the fewest attempts), over the difference
    ///   in attempts.
    ///
    /// Each time is the minimum over `repetitions` solves (timing noise on a shared machine
    /// only ever adds).
    public static func ownWork(_ solver: any Solver, problem: SamplingProblem, discretization: Discretization, repetitions: Int = 9, options: SolveOptions = SolveOptions()) throws -> (secondsPerStep: Double, bytesPerStep: Int) {
        let free = try problem.replacing(model: FreeModel())
        func run(_ problem: SamplingProblem, _ discretization: Discretization) throws -> (seconds: Double, attempts: Int, bytes: Int) {
            var samples: [(Double, Int, Int)] = []
            for _ in 0..<repetitions {
                MemoryTraffic.reset()
                let statistics = try solver.solve(problem, discretization, options: options).statistics
                samples.append((statistics.seconds - statistics.modelSeconds, statistics.acceptedSteps + statistics.rejectedSteps, MemoryTraffic.bytes))
            }
            return samples.min { $0.0 < $1.0 }!
        }
        let (low, high): ((seconds: Double, attempts: Int, bytes: Int), (seconds: Double, attempts: Int, bytes: Int))
        switch discretization {
        case .evaluations(let budget, let spacing) where !solver.isAdaptive:
            low = try run(free, discretization)
            high = try run(free, .evaluations(4 * budget, spacing: spacing))
        case .steps(let count, let spacing) where !solver.isAdaptive:
            low = try run(free, discretization)
            high = try run(free, .steps(4 * count, spacing: spacing))
        default:
            low = try run(free, discretization)
            high = try run(problem, discretization)
        }
        let steps = max(high.attempts - low.attempts, 1)
        return ((high.seconds - low.seconds) / Double(steps), (high.bytes - low.bytes) / steps)
    }

    /// Runs `solver` `repetitions` times and keeps the median wall time.
    public static func measure(_ solver: any Solver, problem: SamplingProblem, discretization: Discretization, repetitions: Int = 5, options: SolveOptions = SolveOptions()) throws -> Entry {
        var entries: [Entry] = []
        for _ in 0..<repetitions {
            let solution = try solver.solve(problem, discretization, options: options)
            let statistics = solution.statistics
            entries.append(Entry(
                solver: solver.name, evaluations: statistics.evaluations, steps: statistics.steps,
                attempts: statistics.acceptedSteps + statistics.rejectedSteps, seconds: statistics.seconds,
                modelSeconds: statistics.modelSeconds
            ))
        }
        return entries.sorted { $0.seconds < $1.seconds }[entries.count / 2]
    }

    /// The median seconds of one model evaluation on the problem's batch (`options` only for
    /// its cancellation).
    public static func modelEvaluation(_ problem: SamplingProblem, repetitions: Int = 21, options: SolveOptions = SolveOptions()) throws -> Double {
        var output = Batch(rows: problem.initial.rows, columns: problem.initial.columns)
        let level = problem.schedule.level(at: 0.5)
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<repetitions {
            try options.checkCancellation(solver: "model")
            let started = clock.now
            try problem.model.predictNoise(problem.initial, at: level, into: &output)
            samples.append((clock.now - started).seconds)
        }
        return MemoryStream.median(samples)
    }

    /// The adaptive tolerance (atol = rtol, from a geometric ladder) whose NFE is closest to `target`.
    public static func tolerance(for solver: any Solver, problem: SamplingProblem, targetEvaluations target: Int, options: SolveOptions = SolveOptions()) throws -> Double {
        var best = (tolerance: 1e-2, distance: Int.max)
        var tolerance = 0.5
        while tolerance > 1e-9 {
            let evaluations: Int
            do {
                evaluations = try solver.solve(problem, .tolerances(absolute: tolerance, relative: tolerance), options: options).statistics.evaluations
            } catch let error as DiffusionODEError where error.kind == .solveFailed {
                // A tolerance the integrator cannot meet (a step-size underflow) ends the ladder.
                break
            }
            if abs(evaluations - target) < best.distance { best = (tolerance, abs(evaluations - target)) }
            if evaluations > 3 * target { break }
            tolerance /= 2
        }
        return best.tolerance
    }

    /// The process's peak resident memory in bytes (getrusage), or nil where unavailable.
    public static var peakResidentBytes: Int? {
        #if canImport(Glibc)
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) * 1024
        #else
        return nil
        #endif
    }

    /// The processor's model name (from /proc/cpuinfo) and the number of active cores.
    public static var machine: String {
        let cores = ProcessorCount.active
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let name = line.split(separator: ":", maxSplits: 1).last {
            return "\(name.trimmingCharacters(in: .whitespaces)), \(cores) cores"
        }
        return "\(cores) cores"
    }
}
