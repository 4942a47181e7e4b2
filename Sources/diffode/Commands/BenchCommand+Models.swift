import DiffusionODE
import DiffusionODEModels
import DiffusionODEStudies
import Foundation

extension BenchCommand {
    /// `diffode bench --models`: one evaluation of each OpenBLAS model on N samples of the
    /// digits' dimension, and a model server's time per call, each the median of the repetitions.
    func benchModels() throws {
        #if DEBUG
        print("warning: a debug build; figures are not representative (use swift build -c release)")
        #endif
        print("machine: \(SolverBenchmark.machine)")
        print("openblas: core \(MatrixProduct.coreName), \(MatrixProduct.threadCount) threads")
        print("vector kernels: \(VectorKernels.levelName)")
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")
        func example(_ name: String) -> String {
            let local = URL(fileURLWithPath: "examples").appendingPathComponent(name).path
            return FileManager.default.fileExists(atPath: local) ? local : examples.appendingPathComponent(name).path
        }
        var noise = SeededGenerator(seed: 7)
        let schedule = try LinearVPSchedule()
        var rows = [["model", "N", "D", "t", "per evaluation ms"]]
        /// The median time of one evaluation at each of `times` (linear schedule), and of the
        /// mean evaluation of a 20-step DDIM solve from t = 1 to 1e-3 on a logSNR grid.
        func time(_ name: String, _ model: any NoisePredictor, columns: Int, times: [Double] = [0.5], trajectory: Bool = false) throws {
            let x = noise.standardNormalBatch(rows: samples, columns: columns)
            var output = Batch(rows: samples, columns: columns)
            for t in times {
                var seconds: [Double] = []
                for _ in 0..<max(repetitions, 11) {
                    try Interrupt.check("bench")
                    let started = ContinuousClock.now
                    try model.predictNoise(x, at: schedule.level(at: t), into: &output)
                    seconds.append((ContinuousClock.now - started).seconds)
                }
                rows.append([name, "\(samples)", "\(columns)", "\(t)", String(format: "%.3f", MemoryStream.median(seconds) * 1e3)])
            }
            if trajectory {
                let problem = try SamplingProblem(schedule: schedule, model: model, initial: x)
                var seconds: [Double] = []
                for _ in 0..<repetitions {
                    let solution = try DDIM().solve(problem, .steps(20, spacing: .logSNR), options: Self.cancellable)
                    seconds.append(solution.statistics.modelSeconds / Double(solution.statistics.evaluations))
                }
                rows.append([name, "\(samples)", "\(columns)", "DDIM 20 steps, mean", String(format: "%.3f", MemoryStream.median(seconds) * 1e3)])
            }
        }
        let network = try MLPNoisePredictor(contentsOfFile: example("digits-mlp.safetensors"))
        try time("digits-mlp (\(network.widths.map(String.init).joined(separator: "-")), float64)", network, columns: network.sampleDimension)
        guard case .empirical(let digits) = try ProblemFile(contentsOfFile: example("digits.json")) else {
            throw DiffusionODEError.invalidInput("digits.json", "is not an empirical problem")
        }
        try time("digits empirical (K = \(digits.pointCount))", digits, columns: digits.sampleDimension, times: [0.9, 0.5, 0.1, 0.02], trajectory: true)
        if let modelCommand {
            let server = try ProcessNoisePredictor(command: modelCommand, timeout: 600, isCancelled: Interrupt.isRequested)
            defer { server.close() }
            try time("model server call", server, columns: server.dimension ?? dimension)
        }
        print(TextColumns.format(rows))
    }
}
