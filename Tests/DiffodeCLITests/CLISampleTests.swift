import DiffusionODE
import Foundation
import Testing
import TestSupport

@Suite("diffode sample and solvers")
struct CLISampleTests {
    static func gaussianProblem(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("gaussian.json").path
        try Problems.gaussian().jsonData().write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("one-component problems report max_error against the closed form; CSV output has a header")
    func closedFormErrorAndCSV() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try Self.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run([
            "sample", "--problem", problem, "--schedule", "linear", "--solver", "dpm-solver-3", "--steps", "20",
            "--skip", "logsnr", "--samples", "50", "--seed", "3", "--out", "x.csv",
        ], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.value("nfe") == "60")
        #expect(result.value("steps") == "20")
        #expect(result.value("solver") == "dpm-solver-3")
        #expect(result.value("seconds") != nil)
        let maxError = try #require(result.value("max_error").flatMap(Double.init))
        #expect(maxError > 0 && maxError < 1e-3)
        let lines = try String(contentsOf: folder.appendingPathComponent("x.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "x0,x1,x2,x3")
        #expect(lines.count == 51)
    }

    @Test("--first-step analytic: the budget buys one more step, the report names it, and on a point mass the result is the model's")
    func analyticFirstStep() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = folder.appendingPathComponent("point.json").path
        try GaussianMixture(weights: [1], means: [[0.5, -1, 2]], variances: [[1e-14, 1e-14, 1e-14]]).jsonData().write(to: URL(fileURLWithPath: problem))
        var finals: [[Double]] = []
        for (first, budget) in [("model", "6"), ("analytic", "5")] {
            let result = try DiffodeProcess.run([
                "sample", "--problem", problem, "--schedule", "discrete-linear", "--solver", "unipc-3", "--nfe", budget,
                "--first-step", first, "--samples", "20", "--seed", "3", "--out", "\(first).npy",
            ], in: folder)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.value("nfe") == budget)
            #expect(result.value("steps") == "6")
            #expect(result.value("solver") == (first == "model" ? "unipc-3" : "unipc-3/analytic-first-step"))
            finals.append(try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("\(first).npy").path).storage)
        }
        #expect(zip(finals[0], finals[1]).allSatisfy { abs($0 - $1) <= 1e-9 })
    }

    @Test("--first-step gaussian: N evaluations after a first step of none; refused for an adaptive solver")
    func gaussianFirstStep() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try Self.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run([
            "sample", "--problem", problem, "--schedule", "discrete-linear", "--solver", "unipc-3", "--nfe", "5",
            "--first-step", "gaussian", "--samples", "20", "--seed", "3", "--out", "x.npy",
        ], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.value("nfe") == "5")
        #expect(result.value("steps") == "6")
        #expect(result.value("solver") == "unipc-3/gaussian-first-step")
        // Only fixed-step solvers: an adaptive one chooses its own first step.
        let adaptive = try DiffodeProcess.run([
            "sample", "--problem", problem, "--schedule", "discrete-linear", "--solver", "dpm-solver-23", "--first-step", "gaussian",
            "--samples", "20", "--seed", "3", "--out", "y.npy",
        ], in: folder)
        #expect(adaptive.status == 64)
        #expect(adaptive.standardError.contains("first-step: gaussian takes the first step of a fixed grid"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("y.npy").path))
    }

    @Test("the same seed gives the same samples")
    func seededIsReproducible() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try Self.gaussianProblem(in: folder)
        for name in ["a.npy", "b.npy"] {
            let result = try DiffodeProcess.run([
                "sample", "--problem", problem, "--schedule", "cosine", "--solver", "ddim", "--eta", "0.5", "--steps", "10",
                "--samples", "20", "--seed", "9", "--out", name,
            ], in: folder)
            #expect(result.status == 0, "\(result.standardError)")
        }
        let a = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("a.npy").path)
        let b = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("b.npy").path)
        #expect(a == b)
    }

    @Test("diffode solvers lists every solver with its order")
    func solversListing() throws {
        let result = try DiffodeProcess.run(["solvers"])
        #expect(result.status == 0)
        for name in SolverCatalog.standard.entries.map(\.name) {
            #expect(result.standardOutput.contains(name), "\(name) missing")
        }
        #expect(result.standardOutput.contains("dpm-solver-3 "))
    }
}

@Suite("diffode sample with Runge-Kutta and GSL")
struct CLIIntegratorTests {
    @Test("formulation suffixes select the variable; GSL reports its own step counts", arguments: [
        ["--solver", "rk4@t", "--steps", "40", "--skip", "logsnr"],
        ["--solver", "rk3@lambda-scaled", "--steps", "200", "--skip", "logsnr"],
        ["--solver", "gsl-rk8pd@lambda-scaled", "--atol", "1e-10", "--rtol", "1e-10"],
        ["--solver", "gsl-rkf45@t", "--atol", "1e-8", "--rtol", "1e-8"],
        ["--solver", "gsl-msadams", "--atol", "1e-8", "--rtol", "1e-8"],
    ])
    func integrators(arguments: [String]) throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run(
            ["sample", "--problem", problem, "--schedule", "linear", "--samples", "20", "--seed", "1", "--out", "x.npy"] + arguments, in: folder
        )
        #expect(result.status == 0, "\(result.standardError)")
        let maxError = try #require(result.value("max_error").flatMap(Double.init))
        #expect(maxError < 1e-3, "\(arguments): \(maxError)")
        if arguments[1].hasPrefix("gsl") {
            let attempted = try #require(result.value("gsl_attempted_steps").flatMap(Int.init))
            #expect(attempted > 0)
        }
    }

    @Test("a suffix on a solver that takes none, or an unknown suffix, is a usage error", arguments: ["ddim@t", "rk4@x", "gsl-rk8pd@"])
    func badSuffix(name: String) throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run(
            ["sample", "--problem", problem, "--schedule", "linear", "--solver", name, "--steps", "5", "--samples", "2", "--out", "x.npy"], in: folder
        )
        #expect(result.status == 64)
        #expect(result.standardError.contains("solver"))
    }

    @Test("--nfe is the evaluations spent, whatever the warm-up; --steps counts steps", arguments: [
        (["--solver", "dpm-solver-3m", "--warm-up", "singlestep", "--nfe", "10"], 10, 6),
        (["--solver", "dpm-solver++-2m", "--warm-up", "singlestep", "--nfe", "10"], 10, 9),
        (["--solver", "dpm-solver-3m", "--warm-up", "singlestep", "--steps", "10"], 14, 10),
        (["--solver", "rk4", "--nfe", "12"], 12, 3),
    ])
    func budgetsCountEveryEvaluation(arguments: [String], nfe: Int, steps: Int) throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run(
            ["sample", "--problem", problem, "--schedule", "linear", "--samples", "3", "--out", "x.npy"] + arguments, in: folder
        )
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.value("nfe") == "\(nfe)")
        #expect(result.value("steps") == "\(steps)")
    }

    @Test("without --skip a fixed-step solver runs on its default grid, named in the report")
    func defaultGrid() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        for (solver, grid) in [("dpm-solver++-3m", "time-quadratic"), ("ddim", "time-uniform"), ("rk4", "time-quadratic")] {
            let result = try DiffodeProcess.run(
                ["sample", "--problem", problem, "--schedule", "linear", "--solver", solver, "--steps", "8", "--samples", "3", "--out", "x.npy"], in: folder
            )
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.value("discretization") == "8 steps, \(grid)", "\(solver)")
            #expect(solver != "rk4" || result.value("solver") == "rk4@t")
        }
    }

    @Test("the VE, EDM and flow schedules, sigma-space grids and clean ends run from the command line", arguments: [
        (["--schedule", "ve", "--solver", "dpm-solver-3m", "--steps", "40", "--skip", "logsnr"], 40, "40 steps, logsnr"),
        (["--schedule", "edm", "--solver", "rk2-heun@sigma", "--steps", "20", "--skip", "karras", "--t-end", "0"], 39, "20 steps, karras"),
        (["--schedule", "flow", "--solver", "dpm-solver++-2m", "--steps", "120", "--skip", "karras", "--rho", "5"], 120, "120 steps, karras(rho 5.0)"),
        (["--schedule", "linear", "--solver", "dpm-solver-3", "--steps", "10", "--skip", "edm", "--denoise-to-zero"], 31, "10 steps, edm"),
        (["--schedule", "linear", "--solver", "k-lms", "--steps", "30", "--skip", "polyexponential", "--t-end", "0"], 30, "30 steps, polyexponential"),
    ])
    func newSchedulesAndGrids(arguments: [String], nfe: Int, discretization: String) throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run(["sample", "--problem", problem, "--samples", "8", "--seed", "2", "--out", "x.npy"] + arguments, in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.value("nfe") == "\(nfe)")
        #expect(result.value("discretization") == discretization)
        let maxError = try #require(result.value("max_error").flatMap(Double.init))
        #expect(maxError < 0.05, "\(arguments): \(maxError)")
    }

    @Test("--sigmas replaces the grid; --interpolate-to stretches it log-linearly; x stays in the schedule's scale")
    func explicitSigmaGrid() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        // An AYS-style list of 6 levels ending at clean data, within the linear schedule's range.
        let sigmas = [80.0, 10.0, 2.0, 0.5, 0.05, 0]
        try NumPyArray.encodeVector(sigmas).write(to: folder.appendingPathComponent("sigmas.npy"))
        let plain = try DiffodeProcess.run(
            ["sample", "--problem", problem, "--schedule", "linear", "--solver", "dpm-solver++-2m", "--sigmas", "sigmas.npy", "--samples", "4", "--out", "a.npy"], in: folder
        )
        #expect(plain.status == 0, "\(plain.standardError)")
        #expect(plain.value("steps") == "5")
        #expect(plain.value("nfe") == "5")
        #expect(plain.value("t_end") == "0.0")
        let stretched = try DiffodeProcess.run(
            ["sample", "--problem", problem, "--schedule", "linear", "--solver", "dpm-solver++-2m", "--sigmas", "sigmas.npy", "--interpolate-to", "12", "--samples", "4", "--out", "b.npy"], in: folder
        )
        #expect(stretched.status == 0, "\(stretched.standardError)")
        #expect(stretched.value("steps") == "12")
        let coarse = try #require(plain.value("max_error").flatMap(Double.init))
        let fine = try #require(stretched.value("max_error").flatMap(Double.init))
        #expect(fine < coarse, "12 interpolated steps beat the 5 of the list: \(fine) against \(coarse)")
    }

    @Test("invert then sample with the same options is a round trip; the inversion reports its error against the exact inverse")
    func invertRoundTrip() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let options = ["--problem", problem, "--schedule", "linear", "--solver", "dpm-solver-3", "--steps", "30", "--skip", "logsnr"]
        let forward = try DiffodeProcess.run(["sample"] + options + ["--samples", "20", "--seed", "3", "--out", "x0.npy"], in: folder)
        #expect(forward.status == 0, "\(forward.standardError)")
        let inverted = try DiffodeProcess.run(["invert"] + options + ["--in", "x0.npy", "--out", "xT.npy"], in: folder)
        #expect(inverted.status == 0, "\(inverted.standardError)")
        #expect(inverted.value("t_start") == "0.001" && inverted.value("t_end") == "1.0")
        #expect(try #require(inverted.value("max_error").flatMap(Double.init)) < 1e-3)
        let back = try DiffodeProcess.run(["sample"] + options + ["--init", "xT.npy", "--out", "x0b.npy"], in: folder)
        #expect(back.status == 0)
        let a = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("x0.npy").path)
        let b = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("x0b.npy").path)
        #expect(a.maxAbsoluteDifference(to: b) < 1e-3)
    }

    @Test("guidance towards a class of a labelled problem, and the SDE samplers, run from the command line")
    func guidanceAndStochastic() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let labelled = folder.appendingPathComponent("labelled.json")
        try Data(#"{"type": "gaussian-mixture", "weights": [0.5, 0.5], "means": [[-2, 0], [2, 0]], "variances": [[0.1, 0.1], [0.1, 0.1]], "labels": [0, 1]}"#.utf8).write(to: labelled)
        let guided = try DiffodeProcess.run([
            "sample", "--problem", labelled.path, "--schedule", "linear", "--solver", "dpm-solver++-2m", "--steps", "30",
            "--class", "1", "--guidance", "3", "--samples", "200", "--seed", "1", "--out", "x.npy",
        ], in: folder)
        #expect(guided.status == 0, "\(guided.standardError)")
        let x = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("x.npy").path)
        #expect((0..<x.rows).allSatisfy { x[$0, 0] > 0 }, "guided to the class at +2")
        for solver in ["sde-dpm-solver++-2m", "k-dpmpp-2m-sde", "k-euler-ancestral", "k-dpmpp-3m-sde", "sde-dpm-solver-1"] {
            let result = try DiffodeProcess.run([
                "sample", "--problem", labelled.path, "--schedule", "linear", "--solver", solver, "--steps", "20", "--samples", "10", "--seed", "2", "--out", "y.npy",
            ], in: folder)
            #expect(result.status == 0, "\(solver): \(result.standardError)")
        }
    }
}
