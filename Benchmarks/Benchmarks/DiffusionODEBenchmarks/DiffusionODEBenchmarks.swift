import Benchmark
import DiffusionODE
import DiffusionODEGSL
import DiffusionODEStudies

/// The standard problem of the performance targets: N = 4096, D = 64, K = 16, linear schedule.
nonisolated(unsafe) let standard = try! StandardBenchmarkProblem()
nonisolated(unsafe) let freeProblem = try! SamplingProblem(
    schedule: standard.problem.schedule, model: SolverBenchmark.FreeModel(), initial: standard.problem.initial, startTime: 1, endTime: 1e-3
)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 2,
        maxDuration: .seconds(5),
        maxIterations: 200
    )

    // One evaluation of the exact mixture model on the whole batch (4.2 million elements).
    Benchmark("model evaluation (N 4096, D 64, K 16)") { benchmark in
        var output = Batch(rows: 4096, columns: 64)
        let level = standard.problem.schedule.level(at: 0.5)
        for _ in benchmark.scaledIterations {
            try standard.mixture.predictNoise(standard.problem.initial, at: level, into: &output)
            blackHole(output)
        }
    }

    // Full 20-NFE solves (adaptive solvers: the tolerance giving about 20 NFE).
    let benchmarkTolerances = Discretization.tolerances(try! Tolerances(both: 0.05))
    let fixed: [(String, Discretization)] = [
        ("ddim", .evaluations(20, spacing: .logSNR)),
        ("dpm-solver-3m", .evaluations(20, spacing: .logSNR)),
        ("dpm-solver++-2m", .evaluations(20, spacing: .logSNR)),
        ("dpm-solver-23", benchmarkTolerances),
        ("gsl-rkf45@lambda", benchmarkTolerances),
        ("rk4@lambda", .evaluations(20, spacing: .logSNR)),
    ]
    for (name, discretization) in fixed {
        let solver = try! SolverCatalog.all.solver(named: name)
        Benchmark("solve \(name), about 20 NFE") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try solver.solve(standard.problem, discretization))
            }
        }
        // The solver's own work: the same solve with a model that costs nothing.
        Benchmark("own work \(name), model excluded") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try solver.solve(freeProblem, discretization))
            }
        }
    }

    // The same vector field in lambda through the pure-Swift path (RK4) and through GSL's
    // callback (rkf45), per right-hand-side evaluation; and outside the model (the free
    // model), which is each path's own overhead, GSL's stage sums and step control included.
    let perEvaluation = BenchmarkMetric.custom("time per RHS evaluation (us)", polarity: .prefersSmaller, useScalingFactor: false)
    let ownPerEvaluation = BenchmarkMetric.custom("own work per RHS evaluation (us)", polarity: .prefersSmaller, useScalingFactor: false)
    let paths: [(String, any Solver, Discretization)] = [
        ("swift rk4@lambda", ExplicitRungeKutta(tableau: .classic4, formulation: .halfLogSNR), .evaluations(20, spacing: .logSNR)),
        ("gsl-rkf45@lambda", try! GSLIntegrator(method: .rkf45, formulation: .halfLogSNR), benchmarkTolerances),
    ]
    for (label, solver, discretization) in paths {
        Benchmark("right-hand side, \(label)", configuration: .init(metrics: [perEvaluation, ownPerEvaluation], maxIterations: 30)) { benchmark in
            for _ in benchmark.scaledIterations {
                let real = try solver.solve(standard.problem, discretization).statistics
                let free = try solver.solve(freeProblem, discretization).statistics
                benchmark.measurement(perEvaluation, Int(real.seconds * 1e6 / Double(real.evaluations)))
                benchmark.measurement(ownPerEvaluation, Int(free.seconds * 1e6 / Double(free.evaluations)))
            }
        }
    }

    // The step loop allocates nothing: four times the steps, the same number of mallocs.
    for name in ["ddim", "dpm-solver-3m", "dpm-solver++-2m", "rk4@lambda"] {
        let solver = try! SolverCatalog.all.solver(named: name)
        for steps in [20, 80, 320] {
            Benchmark("own work \(name), \(steps) steps") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try solver.solve(freeProblem, .steps(steps, spacing: .logSNR)))
                }
            }
        }
    }
}
