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
