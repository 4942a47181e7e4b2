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
