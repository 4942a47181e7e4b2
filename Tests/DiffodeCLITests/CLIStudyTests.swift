import DiffusionODE
import Foundation
import Testing
import TestSupport

@Suite("diffode converge and eta-table")
struct CLIStudyTests {
    @Test("converge writes the CSV and SVG and prints fitted orders")
    func converge() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run([
            "converge", "--problem", problem, "--schedule", "linear", "--solvers", "ddim,dpm-solver-2,rk4@t,dpm-solver-12",
            "--nfe", "24,48,96", "--tolerances", "1e-2,1e-4", "--samples", "16", "--seed", "2", "--csv", "runs.csv", "--svg", "plot.svg",
        ], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("| dpm-solver-2 |"))
        let csv = try String(contentsOf: folder.appendingPathComponent("runs.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv[0].hasPrefix("solver,nfe,steps,rms_error,max_error,seconds"))
        #expect(csv.count == 1 + 3 + 3 + 3 + 2)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("plot.svg").path))
    }

    @Test("converge --preset low-nfe runs every solver on every built-in grid and ranks them on their best")
    func lowNFEPreset() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run([
            "converge", "--preset", "low-nfe", "--problem", problem, "--schedule", "linear", "--samples", "8", "--seed", "3",
            "--metric", "rms", "--csv", "runs.csv", "--svg", "plot.svg",
        ], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("| rank | solver | grid | NFE 4 | NFE 5 | NFE 6 | NFE 8 | NFE 10 | NFE 15 | NFE 20 |"))
        for solver in ["unipc-3", "ipndm", "deis-3", "plms", "dpm-solver++-2m+unic", "unipc-3/noise-prediction", "k-lms"] {
            #expect(result.standardOutput.contains("| \(solver) |"), "\(solver) is ranked")
        }
        let csv = try String(contentsOf: folder.appendingPathComponent("runs.csv"), encoding: .utf8).split(separator: "\n")
        let grids = Set(csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[7] })
        #expect(grids == Set(TimeSpacing.allCases.map { Substring($0.name) }), "every built-in grid was run")
    }

    @Test("optimize-grid writes a grid that sample --sigmas and converge --grids take, at the NFE asked for")
    func optimizeGrid() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let optimized = try DiffodeProcess.run([
            "optimize-grid", "--problem", problem, "--schedule", "discrete-linear", "--solver", "unipc-2", "--nfe", "6",
            "--samples", "64", "--seed", "1", "--holdout-samples", "64", "--out", "grid.npy",
        ], in: folder)
        #expect(optimized.status == 0, "\(optimized.standardError)")
        #expect(optimized.standardOutput.contains("optimised"))
        #expect(optimized.standardOutput.contains("held-out rms"))
        let grid = try NumPyArray.readVector(contentsOfFile: folder.appendingPathComponent("grid.npy").path)
        #expect(grid.count == 7)
        let sampled = try DiffodeProcess.run([
            "sample", "--problem", problem, "--schedule", "discrete-linear", "--solver", "unipc-2", "--sigmas", "grid.npy",
            "--samples", "8", "--out", "x.npy",
        ], in: folder)
        #expect(sampled.status == 0, "\(sampled.standardError)")
        #expect(sampled.value("nfe") == "6")
        let compared = try DiffodeProcess.run([
            "converge", "--problem", problem, "--schedule", "discrete-linear", "--solvers", "unipc-2", "--nfe", "6",
            "--grids", "default,karras,optimised:grid.npy", "--samples", "16", "--seed", "2", "--metric", "rms", "--csv", "runs.csv",
        ], in: folder)
        #expect(compared.status == 0, "\(compared.standardError)")
        for row in ["unipc-2 on default", "unipc-2 on karras", "unipc-2 on optimised"] {
            #expect(compared.standardOutput.contains("| \(row) |"), "\(row)")
        }
    }

    @Test("eta-table writes eta,steps,nfe,frechet_distance with eta as given")
    func etaTable() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run([
            "eta-table", "--problem", problem, "--schedule", "discrete-linear", "--steps", "5,10", "--eta", "0,0.50,hat",
            "--samples", "200", "--seed", "1", "--csv", "eta.csv",
        ], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("noise floor"))
        let csv = try String(contentsOf: folder.appendingPathComponent("eta.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv[0] == "eta,steps,nfe,frechet_distance")
        #expect(csv.contains { $0.hasPrefix("0.50,10,10,") })
        #expect(csv.count == 7)
    }

    @Test("the eta table refuses a continuous schedule", arguments: ["linear", "cosine"])
    func etaTableNeedsDiscrete(schedule: String) throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let problem = try CLISampleTests.gaussianProblem(in: folder)
        let result = try DiffodeProcess.run(["eta-table", "--problem", problem, "--schedule", schedule, "--samples", "10", "--csv", "eta.csv"], in: folder)
        #expect(result.status == 64)
        #expect(result.standardError.contains("schedule"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("eta.csv").path))
    }
}
