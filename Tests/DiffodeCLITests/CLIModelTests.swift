import DiffusionODE
import DiffusionODEStudies
import Foundation
import Testing
import TestSupport

/// Models beyond the problem file's mixture: a model server, a learned network, the exact
/// denoiser of the digits; and samples drawn as pictures.
@Suite("diffode models and pictures")
struct CLIModelTests {
    static let root = Fixtures.repositoryRoot
    static func example(_ name: String) -> String { root.appendingPathComponent("examples/\(name)").path }
    static var server: String { "python3 '\(example("model-server/gmm_server.py"))' '\(example("mixture-16d.json"))'" }

    static func solve(_ model: [String], solver: String, grid: [String], folder: URL, name: String) throws -> (DiffodeProcess.Result, Batch) {
        let out = folder.appendingPathComponent(name).path
        let result = try DiffodeProcess.run(
            ["sample"] + model + ["--schedule", "linear", "--solver", solver] + grid + ["--samples", "200", "--seed", "3", "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        return (result, try NumPyArray.read(contentsOfFile: out))
    }

    @Test("--model-command with the reference server reproduces --problem to 1e-12 with the same NFE", arguments: [
        ("ddim", ["--steps", "10"]), ("dpm-solver++-2m", ["--steps", "12", "--skip", "logsnr"]), ("dpm-solver-23", ["--atol", "1e-4", "--rtol", "1e-4"]),
    ])
    func serverMatchesProblem(solver: String, grid: [String]) throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (local, expected) = try Self.solve(["--problem", Self.example("mixture-16d.json")], solver: solver, grid: grid, folder: folder, name: "a.npy")
        let (served, result) = try Self.solve(["--model-command", Self.server], solver: solver, grid: grid, folder: folder, name: "b.npy")
        #expect(result.maxAbsoluteDifference(to: expected) <= 1e-12 * max(1, expected.maxMagnitude))
        #expect(served.value("nfe") == local.value("nfe") && served.value("nfe") != nil)
        #expect(served.value("model_command") == Self.server)
    }

    @Test("a failing server ends the solve with exit 1, one line naming the server and the call, and no output", arguments: [
        ("exit", "exited with status 3"), ("fail", "CUDA out of memory"), ("sleep", "did not answer within 3.0 s"), ("nan", "nan"),
    ])
    func failingServer(mode: String, mentions: String) throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Fixtures.modelServersDirectory.appendingPathComponent("faulty_server.py").path
        let out = folder.appendingPathComponent("out.npy").path
        try NumPyArray.write(Problems.noise(rows: 4, columns: 3, seed: 1), toFile: folder.appendingPathComponent("init.npy").path)
        let result = try DiffodeProcess.run([
            "sample", "--model-command", "python3 '\(script)' \(mode) 3", "--model-timeout", "3", "--schedule", "linear", "--solver", "ddim",
            "--steps", "5", "--init", folder.appendingPathComponent("init.npy").path, "--out", out,
        ])
        #expect(result.status == 1)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("faulty_server.py") && lines[0].contains("call 3") && lines[0].contains(mentions), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["init.npy"])
    }

    @Test("the model options are refused where they do not apply, naming the option", arguments: [
        (["--problem", "P", "--model", "M"], "model"), (["--model", "M", "--model-command", "C"], "model-command"),
        (["--problem", "P", "--model-timeout", "5"], "model-timeout"), (["--model", "M", "--class", "1"], "class"),
        ([], "problem"), (["--model-command", "C", "--model-timeout", "-1"], "model-timeout"),
    ])
    func refused(arguments: [String], field: String) throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let substituted = arguments.map { ["P": Self.example("mixture-16d.json"), "M": Self.example("digits-mlp.safetensors"), "C": "cat"][$0] ?? $0 }
        let result = try DiffodeProcess.run(
            ["sample"] + substituted + ["--schedule", "linear", "--solver", "ddim", "--steps", "5", "--samples", "3", "--out", folder.appendingPathComponent("o.npy").path])
        #expect(result.status == 64, "\(result.standardError)")
        // The field the error names comes first ("diffode: error: FIELD: ..."); the option names also
        // appear in the shared hint, so only the prefix tells which one was refused.
        #expect(result.standardError.split(separator: "\n").count == 1 && result.standardError.hasPrefix("diffode: error: \(field): "), "\(result.standardError)")
    }

    @Test("the digits: the exact empirical denoiser and the learned network sample, and render as a PNG of the right size and pixels")
    func digitsAndPictures() throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("d.npy").path, png = folder.appendingPathComponent("d.png").path
        let exact = try DiffodeProcess.run([
            "sample", "--problem", Self.example("digits.json"), "--schedule", "linear", "--solver", "ddim", "--steps", "20", "--samples", "12",
            "--seed", "1", "--out", out, "--png", png, "--shape", "8x8",
        ])
        #expect(exact.status == 0 && exact.value("points") == "1797" && exact.value("png") == png, "\(exact.standardError)")
        let samples = try NumPyArray.read(contentsOfFile: out)
        let picture = try PNGCodec.decode(Data(contentsOf: URL(fileURLWithPath: png)), channels: 1)
        // 10 columns, 2 rows of 8x8 tiles at scale 4, 1 pixel of padding.
        #expect(picture.width == 10 * 33 + 1 && picture.height == 2 * 33 + 1)
        let expectedPixel = UInt8(((min(max(samples[11, 8 * 2 + 5], -1), 1) + 1) * 127.5).rounded())
        #expect(picture.pixels[(1 + 33 + 2 * 4) * picture.width + 1 + 33 + 5 * 4] == expectedPixel)
        let rendered = folder.appendingPathComponent("r.png").path
        let render = try DiffodeProcess.run(["render", out, "--shape", "8x8", "--grid", "3x4", "--scale", "1", "--out", rendered])
        #expect(render.status == 0)
        let small = try PNGCodec.decode(Data(contentsOf: URL(fileURLWithPath: rendered)), channels: 1)
        #expect(small.width == 4 * 9 + 1 && small.height == 3 * 9 + 1)
        let learned = try DiffodeProcess.run([
            "sample", "--model", Self.example("digits-mlp.safetensors"), "--schedule", "linear", "--solver", "dpm-solver++-2m", "--steps", "10",
            "--samples", "12", "--out", folder.appendingPathComponent("m.npy").path,
        ])
        #expect(learned.status == 0 && learned.value("model") == Self.example("digits-mlp.safetensors"), "\(learned.standardError)")
        for (arguments, status, mentions) in [
            (["render", out, "--shape", "8x9", "--out", rendered], Int32(64), "dimension 64"),
            (["render", out, "--shape", "8x8", "--out", folder.appendingPathComponent("r.jpg").path], 64, ".png"),
            (["render", out, "--shape", "8x8", "--grid", "1000x1000", "--out", rendered], 64, "grid"),
            (["render", folder.appendingPathComponent("none.npy").path, "--shape", "8x8", "--out", rendered], 74, "none.npy"),
        ] {
            let result = try DiffodeProcess.run(arguments)
            #expect(result.status == status && result.standardError.contains(mentions), "\(arguments): \(result.standardError)")
        }
    }
}
