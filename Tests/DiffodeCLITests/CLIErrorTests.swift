import DiffusionODE
import Foundation
import Testing
import TestSupport

/// Bad input gets one line on standard error naming the field, a non-zero exit status by
/// kind (64 arguments, 65 input files, 74 unreadable files, 1 a solve that fails), no
/// trap, and no output file: none appears, and an existing one is left byte for byte.
@Suite("diffode errors")
struct CLIErrorTests {
    struct BadInput: Sendable, CustomStringConvertible {
        let label: String
        let arguments: [String]
        var files: [String: Data] = [:]
        let status: Int32
        let mentions: String
        var output = "out.npy"
        var description: String { label }
    }

    static let sampleDefaults: [(String, String)] = [
        ("problem", "problem.json"), ("schedule", "linear"), ("solver", "ddim"), ("steps", "5"), ("init", "init.npy"), ("out", "out.npy"),
    ]

    /// `diffode sample` with the defaults above, options replaced (or removed with nil) and extra ones appended.
    static func sample(_ changes: [String: String?] = [:], extra: [String] = []) -> [String] {
        var arguments = ["sample"]
        for (name, value) in sampleDefaults {
            if let change = changes[name] {
                if let change { arguments += ["--\(name)", change] }
            } else {
                arguments += ["--\(name)", value]
            }
        }
        for (name, value) in changes where !sampleDefaults.contains(where: { $0.0 == name }) {
            if let value { arguments += ["--\(name)", value] }
        }
        return arguments + extra
    }

    static func npy(_ header: String, _ values: [Double] = [], itemSize: Int = 8) -> Data {
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        data.append(contentsOf: [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func json(_ text: String) -> Data { Data(text.utf8) }

    static func vector(_ values: [Double]) -> Data {
        npy("{'descr': '<f8', 'fortran_order': False, 'shape': (\(values.count),), }\n", values)
    }

    static let badInputs: [BadInput] = [
        // Arguments (64).
        BadInput(label: "unknown schedule", arguments: sample(["schedule": "quadratic"]), status: 64, mentions: "schedule"),
        BadInput(label: "unknown solver", arguments: sample(["solver": "dpm-solver-9"]), status: 64, mentions: "solver"),
        BadInput(label: "steps zero", arguments: sample(["steps": "0"]), status: 64, mentions: "steps"),
        BadInput(label: "steps negative", arguments: sample(["steps": "-3"]), status: 64, mentions: "steps"),
        BadInput(label: "no steps", arguments: sample(["steps": nil]), status: 64, mentions: "steps"),
        BadInput(label: "steps and nfe", arguments: sample(["nfe": "5"]), status: 64, mentions: "steps"),
        BadInput(label: "t-end zero on a schedule with no clean time", arguments: sample(["schedule": "ve", "t-end": "-1"]), status: 64, mentions: "t-end"),
        BadInput(label: "t-end negative", arguments: sample(["t-end": "-0.5"]), status: 64, mentions: "t-end"),
        BadInput(label: "t-end above t-start", arguments: sample(["t-start": "0.5", "t-end": "0.7"]), status: 64, mentions: "t-end"),
        BadInput(label: "t-start above T", arguments: sample(["schedule": "cosine", "t-start": "1.0"]), status: 64, mentions: "t-start"),
        BadInput(label: "t-end without noise left", arguments: sample(["schedule": "discrete-linear", "t-end": "1e-6"]), status: 64, mentions: "t-end"),
        BadInput(label: "nfe not a multiple", arguments: sample(["solver": "dpm-solver-2", "steps": nil, "nfe": "7"]), status: 64, mentions: "nfe"),
        BadInput(label: "unknown skip", arguments: sample(["skip": "uniform"]), status: 64, mentions: "skip"),
        BadInput(label: "adaptive with steps", arguments: sample(["solver": "dpm-solver-23"]), status: 64, mentions: "steps"),
        BadInput(label: "fixed-step with atol", arguments: sample(["atol": "1e-3"]), status: 64, mentions: "atol"),
        BadInput(label: "atol negative", arguments: sample(["solver": "dpm-solver-23", "steps": nil, "atol": "-1"]), status: 64, mentions: "atol"),
        BadInput(label: "rtol not a number", arguments: sample(["solver": "gsl-rkf45", "steps": nil, "rtol": "nan"]), status: 64, mentions: "rtol"),
        BadInput(label: "eta negative", arguments: sample(["eta": "-0.5"]), status: 64, mentions: "eta"),
        BadInput(label: "eta above 1", arguments: sample(["eta": "1.5"]), status: 64, mentions: "eta"),
        BadInput(label: "steps beyond any grid", arguments: sample(["steps": "9223372036854775807"]), status: 64, mentions: "steps"),
        BadInput(label: "nfe beyond any grid", arguments: sample(["solver": "dpm-solver-2", "steps": nil, "nfe": "9223372036854775807"]), status: 64, mentions: "nfe"),
        BadInput(label: "beta-min zero on discrete-linear", arguments: sample(["schedule": "discrete-linear", "beta-min": "0"]), status: 64, mentions: "beta-min"),
        BadInput(label: "eta on a DPM-Solver", arguments: sample(["solver": "dpm-solver-2", "eta": "0.5"]), status: 64, mentions: "eta"),
        BadInput(label: "output extension", arguments: sample(["out": "out.txt"]), status: 64, mentions: "out", output: "out.txt"),
        BadInput(label: "output folder missing", arguments: sample(["out": "missing/out.npy"]), status: 64, mentions: "out", output: "missing/out.npy"),
        BadInput(label: "init and samples", arguments: sample(["samples": "4"]), status: 64, mentions: "init"),
        BadInput(label: "neither init nor samples", arguments: sample(["init": nil]), status: 64, mentions: "init"),
        BadInput(label: "samples zero", arguments: sample(["init": nil, "samples": "0"]), status: 64, mentions: "samples"),
        BadInput(label: "samples beyond memory", arguments: sample(["init": nil, "samples": "10000000000000"]), status: 64, mentions: "samples"),
        BadInput(label: "beta-min above beta-max", arguments: sample(["beta-min": "30", "beta-max": "20"]), status: 64, mentions: "beta-max"),
        BadInput(label: "betas on a continuous schedule", arguments: sample(["betas": "betas.npy"]), status: 64, mentions: "betas"),
        BadInput(label: "unknown formulation", arguments: sample(["solver": "rk4@x"]), status: 64, mentions: "solver"),
        BadInput(label: "formulation on DDIM", arguments: sample(["solver": "ddim@t"]), status: 64, mentions: "solver"),
        BadInput(label: "fast with steps", arguments: sample(["solver": "dpm-solver-fast"]), status: 64, mentions: "steps"),
        BadInput(label: "3M with two steps", arguments: sample(["solver": "dpm-solver-3m", "steps": "2"]), status: 64, mentions: "steps"),
        BadInput(label: "step budget zero", arguments: sample(["solver": "dpm-solver-23", "steps": nil, "max-steps": "0"]), status: 64, mentions: "max-steps"),
        BadInput(label: "unknown option", arguments: sample(extra: ["--colour", "red"]), status: 64, mentions: "colour"),
        BadInput(label: "unknown solver type", arguments: sample(["solver": "dpm-solver-2", "solver-type": "euler"]), status: 64, mentions: "solver-type"),
        BadInput(label: "warm-up on DDIM", arguments: sample(["warm-up": "singlestep"]), status: 64, mentions: "warm-up"),
        BadInput(label: "solver type on DDIM", arguments: sample(["solver-type": "taylor"]), status: 64, mentions: "solver-type"),
        BadInput(label: "second difference on a second-order multistep solver", arguments: sample(["solver": "dpm-solver++-2m", "second-difference": "consistent"]), status: 64, mentions: "second-difference"),
        BadInput(label: "step budget on a fixed-step solver", arguments: sample(["max-steps": "10"]), status: 64, mentions: "atol"),
        BadInput(label: "skip on an adaptive solver", arguments: sample(["solver": "dpm-solver-12", "steps": nil, "skip": "logsnr"]), status: 64, mentions: "skip"),
        BadInput(label: "warm-up in a study where no solver takes it", arguments: ["converge", "--problem", "problem.json", "--schedule", "linear", "--solvers", "ddim,rk4", "--nfe", "8", "--warm-up", "singlestep", "--init", "init.npy", "--csv", "runs.csv"], status: 64, mentions: "warm-up", output: "runs.csv"),
        BadInput(label: "atol and rtol both zero", arguments: sample(["solver": "gsl-rkf45", "steps": nil, "atol": "0", "rtol": "0"]), status: 64, mentions: "atol"),
        // Explicit grids and the new schedules (64).
        BadInput(label: "sigmas not decreasing", arguments: sample(["steps": nil, "sigmas": "sigmas.npy"]), files: ["sigmas.npy": vector([10, 1, 5])], status: 64, mentions: "sigmas.npy[2]"),
        BadInput(label: "sigmas with NaN", arguments: sample(["steps": nil, "sigmas": "sigmas.npy"]), files: ["sigmas.npy": vector([10, .nan, 1])], status: 64, mentions: "sigmas.npy[1]"),
        BadInput(label: "sigmas negative", arguments: sample(["steps": nil, "sigmas": "sigmas.npy"]), files: ["sigmas.npy": vector([10, 1, -1])], status: 64, mentions: "sigmas.npy[2]"),
        BadInput(label: "sigmas above the schedule", arguments: sample(["steps": nil, "sigmas": "sigmas.npy"]), files: ["sigmas.npy": vector([500, 1])], status: 64, mentions: "sigmas.npy[0]"),
        BadInput(label: "sigmas with one level", arguments: sample(["steps": nil, "sigmas": "sigmas.npy"]), files: ["sigmas.npy": vector([10])], status: 64, mentions: "sigmas.npy"),
        BadInput(label: "zero before the last sigma", arguments: sample(["steps": nil, "sigmas": "sigmas.npy"]), files: ["sigmas.npy": vector([10, 0, 0])], status: 64, mentions: "sigmas.npy[1]"),
        BadInput(label: "sigmas with steps", arguments: sample(["sigmas": "sigmas.npy"]), files: ["sigmas.npy": vector([10, 1])], status: 64, mentions: "steps"),
        BadInput(label: "sigmas with t-end", arguments: sample(["steps": nil, "sigmas": "sigmas.npy", "t-end": "0.01"]), files: ["sigmas.npy": vector([10, 1])], status: 64, mentions: "t-end"),
        BadInput(label: "sigmas and times", arguments: sample(["steps": nil, "sigmas": "sigmas.npy", "times": "sigmas.npy"]), files: ["sigmas.npy": vector([10, 1])], status: 64, mentions: "sigmas"),
        BadInput(label: "sigmas on an adaptive solver", arguments: sample(["solver": "dpm-solver-23", "steps": nil, "sigmas": "sigmas.npy"]), files: ["sigmas.npy": vector([10, 1])], status: 64, mentions: "sigmas"),
        BadInput(label: "times not decreasing", arguments: sample(["steps": nil, "times": "times.npy"]), files: ["times.npy": vector([0.9, 0.95])], status: 64, mentions: "times.npy[1]"),
        BadInput(label: "interpolate-to without sigmas", arguments: sample(["interpolate-to": "8"]), status: 64, mentions: "interpolate-to"),
        BadInput(label: "interpolate-to zero", arguments: sample(["steps": nil, "sigmas": "sigmas.npy", "interpolate-to": "0"]), files: ["sigmas.npy": vector([10, 1, 0.1])], status: 64, mentions: "interpolate-to"),
        BadInput(label: "rho on a time spacing", arguments: sample(["skip": "time-uniform", "rho": "3"]), status: 64, mentions: "rho"),
        BadInput(label: "rho not positive", arguments: sample(["skip": "karras", "rho": "-1"]), status: 64, mentions: "rho"),
        BadInput(label: "sigma-min on a VP schedule", arguments: sample(["sigma-min": "0.1"]), status: 64, mentions: "sigma-min"),
        BadInput(label: "sigma-max below sigma-min", arguments: sample(["schedule": "ve", "sigma-min": "1", "sigma-max": "0.5"]), status: 64, mentions: "sigma-max"),
        BadInput(label: "denoise-to-zero after a clean end", arguments: sample(["t-end": "0"], extra: ["--denoise-to-zero"]), status: 64, mentions: "denoise-to-zero"),
        BadInput(label: "flow from t = 1, where no signal is left", arguments: sample(["schedule": "flow", "t-start": "1"]), status: 64, mentions: "t-start"),
        // Stochastic samplers, guidance, inversion (64).
        BadInput(label: "s-noise on DDIM", arguments: sample(["s-noise": "0.5"]), status: 64, mentions: "s-noise"),
        BadInput(label: "noise on an ODE solver", arguments: sample(["solver": "dpm-solver++-2m", "noise": "brownian"]), status: 64, mentions: "noise"),
        BadInput(label: "negative eta on an ancestral sampler", arguments: sample(["solver": "k-euler-ancestral", "eta": "-1"]), status: 64, mentions: "eta"),
        BadInput(label: "class without labels", arguments: sample(["class": "1"]), status: 64, mentions: "class"),
        BadInput(label: "guidance without a class", arguments: sample(["guidance": "3"]), status: 64, mentions: "guidance"),
        BadInput(label: "clip-x0 zero", arguments: sample(["clip-x0": "0"]), status: 64, mentions: "clip-x0"),
        BadInput(label: "analytic first step on a model with no data mean", arguments: sample(["clip-x0": "1", "first-step": "analytic"]), status: 64, mentions: "first-step: analytic needs the data mean"),
        BadInput(label: "gaussian first step on a model with no data covariance", arguments: sample(["clip-x0": "1", "first-step": "gaussian"]), status: 64, mentions: "first-step: gaussian needs the data mean and covariance"),
        BadInput(label: "gaussian first step with an adaptive solver", arguments: sample(["solver": "dpm-solver-23", "steps": nil, "atol": "1e-3", "rtol": "1e-3", "first-step": "gaussian"]), status: 64, mentions: "first-step: gaussian takes the first step of a fixed grid"),
        BadInput(label: "unknown first step", arguments: sample(["first-step": "exact"]), status: 64, mentions: "first-step"),
        BadInput(label: "invert with the analytic first step", arguments: ["invert", "--problem", "problem.json", "--schedule", "linear", "--solver", "ddim", "--steps", "5", "--first-step", "analytic", "--in", "init.npy", "--out", "out.npy"], status: 64, mentions: "first-step: an inversion"),
        BadInput(label: "dynamic threshold above 1", arguments: sample(["dynamic-threshold": "1.5"]), status: 64, mentions: "dynamic-threshold"),
        BadInput(label: "invert with an adaptive solver", arguments: ["invert", "--problem", "problem.json", "--schedule", "linear", "--solver", "dpm-solver-23", "--in", "init.npy", "--out", "out.npy"], status: 64, mentions: "solver"),
        BadInput(label: "invert with a stochastic solver", arguments: ["invert", "--problem", "problem.json", "--schedule", "linear", "--solver", "ddpm", "--steps", "5", "--in", "init.npy", "--out", "out.npy"], status: 64, mentions: "solver"),
        BadInput(label: "invert with --samples", arguments: ["invert", "--problem", "problem.json", "--schedule", "linear", "--solver", "ddim", "--steps", "5", "--in", "init.npy", "--samples", "3", "--out", "out.npy"], status: 64, mentions: "init"),
        // Input files (65).
        BadInput(label: "malformed JSON", arguments: sample(), files: ["problem.json": json("{\"type\": ")], status: 65, mentions: "problem.json"),
        BadInput(label: "unknown problem type", arguments: sample(), files: ["problem.json": json("{\"type\": \"gaussian\", \"weights\": [1], \"means\": [[0]], \"variances\": [[1]]}")], status: 65, mentions: "type"),
        BadInput(label: "negative variance", arguments: sample(), files: ["problem.json": json("{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[0, 0, 0, 0, 0, 0]], \"variances\": [[1, 1, -1, 1, 1, 1]]}")], status: 65, mentions: "variances[0][2]"),
        BadInput(label: "weights of the wrong length", arguments: sample(), files: ["problem.json": json("{\"type\": \"gaussian-mixture\", \"weights\": [1, 1], \"means\": [[0, 0, 0, 0, 0, 0]], \"variances\": [[1, 1, 1, 1, 1, 1]]}")], status: 65, mentions: "means"),
        BadInput(label: "problem file not an object", arguments: sample(), files: ["problem.json": json("[1, 2, 3]")], status: 65, mentions: "JSON object"),
        BadInput(label: "non-finite number", arguments: sample(), files: ["problem.json": json("{\"type\": \"gaussian-mixture\", \"weights\": [1e999], \"means\": [[0, 0, 0, 0, 0, 0]], \"variances\": [[1, 1, 1, 1, 1, 1]]}")], status: 65, mentions: "problem.json"),
        BadInput(label: "init not a npy", arguments: sample(), files: ["init.npy": json("hello")], status: 65, mentions: "init.npy"),
        BadInput(label: "init of the wrong dimension", arguments: sample(), files: ["init.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3), }\n", [1, 2, 3])], status: 65, mentions: "dimension"),
        BadInput(label: "init with NaN", arguments: sample(), files: ["init.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 6), }\n", [1, 2, 3, .nan, 5, 6])], status: 65, mentions: "nan"),
        BadInput(label: "init truncated", arguments: sample(), files: ["init.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 6), }\n", [1, 2, 3])], status: 65, mentions: "truncated"),
        BadInput(label: "init of integer dtype", arguments: sample(), files: ["init.npy": npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 6), }\n", [1, 2, 3, 4, 5, 6])], status: 65, mentions: "dtype"),
        BadInput(label: "init of rank 3", arguments: sample(), files: ["init.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 6), }\n", [1, 2, 3, 4, 5, 6])], status: 65, mentions: "rank"),
        BadInput(label: "betas outside (0, 1)", arguments: sample(["schedule": "discrete-linear", "betas": "betas.npy"]), files: ["betas.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n", [0.1, 1.5, 0.2])], status: 65, mentions: "betas[1]"),
        // Unreadable file (74) and a solve that fails (1).
        BadInput(label: "problem file missing", arguments: sample(["problem": "absent.json"]), status: 74, mentions: "absent.json"),
        BadInput(label: "adaptive step budget exhausted", arguments: sample(["solver": "dpm-solver-23", "steps": nil, "atol": "1e-9", "rtol": "1e-9", "max-steps": "3"]), status: 1, mentions: "step attempts"),
        // Studies.
        BadInput(label: "converge with non-integer budgets", arguments: ["converge", "--problem", "problem.json", "--schedule", "linear", "--solvers", "ddim", "--nfe", "a,b", "--init", "init.npy", "--csv", "runs.csv"], status: 64, mentions: "nfe", output: "runs.csv"),
        BadInput(label: "converge with an unknown preset", arguments: ["converge", "--problem", "problem.json", "--schedule", "linear", "--preset", "table9", "--init", "init.npy", "--csv", "runs.csv"], status: 64, mentions: "preset", output: "runs.csv"),
        BadInput(label: "converge with a png plot", arguments: ["converge", "--problem", "problem.json", "--schedule", "linear", "--solvers", "ddim", "--nfe", "4", "--init", "init.npy", "--csv", "runs.csv", "--svg", "plot.png"], status: 64, mentions: "svg", output: "runs.csv"),
        BadInput(label: "converge with no budget a solver can spend", arguments: ["converge", "--problem", "problem.json", "--schedule", "linear", "--solvers", "dpm-solver-3", "--nfe", "4,8", "--init", "init.npy", "--csv", "runs.csv"], status: 64, mentions: "nfe", output: "runs.csv"),
        BadInput(label: "eta-table with a negative eta", arguments: ["eta-table", "--problem", "problem.json", "--schedule", "discrete-linear", "--eta", "0,-1", "--samples", "10", "--csv", "eta.csv"], status: 64, mentions: "eta", output: "eta.csv"),
        BadInput(label: "eta-table with negative samples", arguments: ["eta-table", "--problem", "problem.json", "--schedule", "discrete-linear", "--samples", "-3", "--csv", "eta.csv"], status: 64, mentions: "samples", output: "eta.csv"),
        BadInput(label: "converge with a folder as the plot", arguments: ["converge", "--problem", "problem.json", "--schedule", "linear", "--solvers", "ddim", "--nfe", "4", "--init", "init.npy", "--csv", "runs.csv", "--svg", "plot.svg"], files: ["plot.svg/keep": Data()], status: 74, mentions: "plot.svg", output: "runs.csv"),
        BadInput(label: "eta-table with zero steps", arguments: ["eta-table", "--problem", "problem.json", "--schedule", "discrete-linear", "--steps", "0", "--samples", "10", "--csv", "eta.csv"], status: 64, mentions: "steps", output: "eta.csv"),
        // Second reliability round (issue 17), one case per defect found.
        // Ambiguous input (65, 64).
        BadInput(label: "problem file with a repeated key", arguments: sample(), files: ["problem.json": json("{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[0, 0, 0, 0, 0, 0]], \"variances\": [[1, 1, 1, 1, 1, 1]], \"variances\": [[2, 2, 2, 2, 2, 2]]}")], status: 65, mentions: "variances"),
        BadInput(label: "problem file with an unknown key", arguments: sample(), files: ["problem.json": json("{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[0, 0, 0, 0, 0, 0]], \"variances\": [[1, 1, 1, 1, 1, 1]], \"covariance\": \"full\"}")], status: 65, mentions: "covariance"),
        BadInput(label: "npy header with text after the dict", arguments: sample(), files: ["init.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 6), } junk\n", [1, 2, 3, 4, 5, 6])], status: 65, mentions: "closing"),
        BadInput(label: "npy header longer than NumPy reads", arguments: sample(), files: ["init.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 6), }" + String(repeating: " ", count: 10050) + "\n", [1, 2, 3, 4, 5, 6])], status: 65, mentions: "10000"),
        BadInput(label: "npy header with a repeated key", arguments: sample(), files: ["init.npy": npy("{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (1, 6), }\n", [1, 2, 3, 4, 5, 6])], status: 65, mentions: "twice"),
        BadInput(label: "optimize-grid with negative random starts", arguments: ["optimize-grid", "--problem", "problem.json", "--schedule", "discrete-linear", "--solver", "ddim", "--nfe", "5", "--init", "init.npy", "--random-starts", "-2", "--out", "grid.npy"], status: 64, mentions: "random-starts", output: "grid.npy"),
        BadInput(label: "converge with a repeated budget", arguments: ["converge", "--problem", "problem.json", "--schedule", "linear", "--solvers", "ddim", "--nfe", "4,8,4", "--init", "init.npy", "--csv", "runs.csv"], status: 64, mentions: "nfe", output: "runs.csv"),
        BadInput(label: "converge with a repeated solver", arguments: ["converge", "--problem", "problem.json", "--schedule", "linear", "--solvers", "ddim,rk4,ddim", "--nfe", "4,8", "--init", "init.npy", "--csv", "runs.csv"], status: 64, mentions: "solvers", output: "runs.csv"),
        BadInput(label: "eta-table with a repeated step count", arguments: ["eta-table", "--problem", "problem.json", "--schedule", "discrete-linear", "--steps", "10,10", "--samples", "10", "--csv", "eta.csv"], status: 64, mentions: "steps", output: "eta.csv"),
        BadInput(label: "eta-table with a repeated eta", arguments: ["eta-table", "--problem", "problem.json", "--schedule", "discrete-linear", "--eta", "0,0.5,0", "--samples", "10", "--csv", "eta.csv"], status: 64, mentions: "eta", output: "eta.csv"),
        BadInput(label: "converge with a preset and explicit solvers", arguments: ["converge", "--problem", "problem.json", "--schedule", "linear", "--preset", "fastest", "--solvers", "ddim", "--init", "init.npy", "--csv", "runs.csv"], status: 64, mentions: "preset", output: "runs.csv"),
        // Third reliability round: outputs that a later failure left behind, and unbounded searches.
        BadInput(label: "sample with the png in a missing folder", arguments: sample(extra: ["--png", "nowhere/samples.png", "--shape", "2x3"]), status: 64, mentions: "png"),
        BadInput(label: "sample with a folder as the png", arguments: sample(extra: ["--png", "picture.png", "--shape", "2x3"]), files: ["picture.png/keep": Data()], status: 74, mentions: "picture.png"),
        BadInput(label: "optimize-grid with no held-out samples", arguments: ["optimize-grid", "--problem", "problem.json", "--schedule", "discrete-linear", "--solver", "ddim", "--init", "init.npy", "--out", "grid.npy"] + ["--nfe", "5", "--holdout-samples", "0"], status: 64, mentions: "holdout-samples", output: "grid.npy"),
        BadInput(label: "optimize-grid with random starts beyond any run time", arguments: ["optimize-grid", "--problem", "problem.json", "--schedule", "discrete-linear", "--solver", "ddim", "--init", "init.npy", "--out", "grid.npy"] + ["--nfe", "5", "--random-starts", "1000000000000000"], status: 64, mentions: "random-starts", output: "grid.npy"),
        BadInput(label: "optimize-grid with a budget beyond a grid search", arguments: ["optimize-grid", "--problem", "problem.json", "--schedule", "discrete-linear", "--solver", "ddim", "--init", "init.npy", "--out", "grid.npy"] + ["--nfe", "100000"], status: 64, mentions: "nfe", output: "grid.npy"),
        BadInput(label: "bench with no NFE", arguments: ["bench", "--nfe", "0"], status: 64, mentions: "nfe: must be at least 1"),
        BadInput(label: "bench with repetitions beyond any run time", arguments: ["bench", "--repetitions", "100000000000"], status: 64, mentions: "repetitions"),
        BadInput(label: "render of a file with no samples", arguments: ["render", "empty.npy", "--shape", "1x2", "--out", "out.png"], files: ["empty.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 2), }\n")], status: 65, mentions: "no samples", output: "out.png"),
        BadInput(label: "invert from a state too large", arguments: ["invert", "--problem", "problem.json", "--schedule", "linear", "--solver", "ddim", "--steps", "5", "--in", "huge.npy", "--out", "out.npy"], files: ["huge.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 6), }\n", [1e300, 0, 0, 0, 0, 0])], status: 65, mentions: "in[0, 0]"),
        // Misleading messages.
        BadInput(label: "a device as the problem file", arguments: sample(["problem": "/dev/null"]), status: 74, mentions: "device"),
        BadInput(label: "a folder as the problem file", arguments: sample(["problem": "."]), status: 74, mentions: "folder"),
        BadInput(label: "a tiny number that is valid JSON", arguments: sample(), files: ["problem.json": json("{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[0, 0, 0, 0, 0, 0]], \"variances\": [[1e-99999999999999999999999, 1, 1, 1, 1, 1]]}")], status: 65, mentions: "variances[0][0]"),
        BadInput(label: "nfe too small for a three-evaluation method", arguments: sample(["solver": "dpm-solver-3", "steps": nil, "nfe": "2"]), status: 64, mentions: "nfe"),
        BadInput(label: "x_T too large for the model", arguments: sample(), files: ["init.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 6), }\n", [1e160, 2, 3, 4, 5, 6])], status: 65, mentions: "init[0, 0]"),
        // Silent wrong answers: refused up front, naming the argument.
        BadInput(label: "t-end within one ulp of t-start", arguments: sample(["solver": "dpm-solver-3", "steps": "3", "t-start": "0.5", "t-end": "0.49999999999999994"]), status: 64, mentions: "t-end"),
        BadInput(label: "beta-max leaving no signal at T", arguments: sample(["beta-max": "1e6"]), status: 64, mentions: "beta-max"),
        BadInput(label: "betas making alpha_T subnormal", arguments: sample(["beta-min": "1480", "beta-max": "1481"]), status: 64, mentions: "beta-"),
        BadInput(label: "sigma-max beyond float64", arguments: sample(["schedule": "ve", "sigma-max": "1e200"]), status: 64, mentions: "sigma-max"),
        BadInput(label: "adaptive tolerances below rounding", arguments: sample(["solver": "dpm-solver-23", "steps": nil, "atol": "1e-16", "rtol": "1e-16"]), status: 64, mentions: "rtol"),
        BadInput(label: "t-end where lambda leaves float64", arguments: sample(["t-end": "1e-300"]), status: 64, mentions: "t-end"),
        // Unbounded resources.
        BadInput(label: "bench with a mixture too large for memory", arguments: ["bench", "--components", "1000000000000", "--nfe", "2"], status: 64, mentions: "components"),
        BadInput(label: "bench with a dimension too large for memory", arguments: ["bench", "--dimension", "100000000000", "--nfe", "2"], status: 64, mentions: "dimension"),
        BadInput(label: "a sigmas grid whose header declares more than memory holds", arguments: sample(["steps": nil, "sigmas": "sigmas.npy"]), files: ["sigmas.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }\n", [10, 1])], status: 64, mentions: "sigmas"),
        BadInput(label: "render input whose header declares more than memory holds", arguments: ["render", "big.npy", "--shape", "2x3", "--out", "out.png"], files: ["big.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000, 6), }\n", [1, 2, 3, 4, 5, 6])], status: 64, mentions: "samples", output: "out.png"),
        BadInput(label: "empirical points whose header declares more than memory holds", arguments: sample(), files: ["problem.json": json(#"{"type": "empirical", "points": "big.npy"}"#), "big.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000, 6), }\n", [1, 2, 3, 4, 5, 6])], status: 64, mentions: "points"),
        BadInput(label: "init whose header declares more than memory holds", arguments: sample(), files: ["init.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000, 6), }\n", [1, 2, 3, 4, 5, 6])], status: 64, mentions: "init"),
        BadInput(label: "eta-table on a mixture too large for the eigen-solver", arguments: ["eta-table", "--problem", "big.json", "--schedule", "discrete-linear", "--samples", "10", "--steps", "10", "--eta", "0", "--csv", "eta.csv"], files: ["big.json": json("{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[" + Array(repeating: "0", count: 1000).joined(separator: ",") + "]], \"variances\": [[" + Array(repeating: "1", count: 1000).joined(separator: ",") + "]]}")], status: 65, mentions: "dimension", output: "eta.csv"),
    ]

    static func prepare() throws -> URL {
        try Fixtures.scratchFolderWithReferenceProblem()
    }

    @Test("the suite covers at least 25 distinct bad inputs")
    func coverage() {
        #expect(Set(Self.badInputs.map(\.label)).count == Self.badInputs.count)
        #expect(Self.badInputs.count >= 25)
    }

    @Test("bad input: one line, the field named, the right status, no output", arguments: badInputs.indices)
    func badInput(index: Int) throws {
        let input = Self.badInputs[index]
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, contents) in input.files {
            let file = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: file)
        }
        // Every other case starts with an existing output file, which must survive untouched.
        let output = folder.appendingPathComponent(input.output)
        let sentinel = Data("an earlier result\n".utf8)
        let existing = index % 2 == 0 && FileManager.default.fileExists(atPath: output.deletingLastPathComponent().path)
        if existing { try sentinel.write(to: output) }

        let result = try DiffodeProcess.run(input.arguments, in: folder)
        #expect(result.status == input.status, "\(input.label): exit \(result.status): \(result.standardError)")
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "\(input.label): stderr: \(result.standardError)")
        #expect(result.standardError.hasPrefix("diffode: error: "), "\(input.label)")
        #expect(result.standardError.contains(input.mentions), "\(input.label): stderr: \(result.standardError)")
        #expect(!result.standardError.contains("Fatal error") && !result.standardError.contains("Backtrac"))
        if existing {
            #expect(try Data(contentsOf: output) == sentinel, "\(input.label): the existing output changed")
        } else {
            #expect(!FileManager.default.fileExists(atPath: output.path), "\(input.label): an output appeared")
        }
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.contains("partial") } ?? []
        #expect(leftovers.isEmpty, "\(input.label): \(leftovers)")
    }
}
