import DiffusionODE
import Foundation
import Testing
import TestSupport

/// Bad input gets one line on standard error naming the field, a non-zero exit
/// (64 usage, 65 bad input file), no trap, and no output file.
@Suite("diffode errors")
struct CLIErrorTests {
    struct BadInput: Sendable, CustomStringConvertible {
        let label: String
        let arguments: [String]
        let status: Int32
        let mentions: String
        var description: String { label }
    }

    static let base = ["sample", "--problem", "problem.json", "--init", "init.npy", "--out", "out.npy"]

    static let badInputs: [BadInput] = [
        BadInput(label: "unknown schedule", arguments: ["--schedule", "quadratic", "--solver", "ddim", "--steps", "5"], status: 64, mentions: "schedule"),
        BadInput(label: "unknown solver", arguments: ["--schedule", "linear", "--solver", "dpm-solver-9", "--steps", "5"], status: 64, mentions: "solver"),
        BadInput(label: "steps zero", arguments: ["--schedule", "linear", "--solver", "ddim", "--steps", "0"], status: 64, mentions: "steps"),
        BadInput(label: "steps negative", arguments: ["--schedule", "linear", "--solver", "ddim", "--steps", "-3"], status: 64, mentions: "steps"),
        BadInput(label: "no steps", arguments: ["--schedule", "linear", "--solver", "ddim"], status: 64, mentions: "steps"),
        BadInput(label: "t-end zero", arguments: ["--schedule", "linear", "--solver", "ddim", "--steps", "5", "--t-end", "0"], status: 64, mentions: "t-end"),
        BadInput(label: "t-end negative", arguments: ["--schedule", "linear", "--solver", "ddim", "--steps", "5", "--t-end", "-0.5"], status: 64, mentions: "t-end"),
        BadInput(label: "t-end above t-start", arguments: ["--schedule", "linear", "--solver", "ddim", "--steps", "5", "--t-start", "0.5", "--t-end", "0.7"], status: 64, mentions: "t-end"),
        BadInput(label: "t-start above T", arguments: ["--schedule", "cosine", "--solver", "ddim", "--steps", "5", "--t-start", "1.0"], status: 64, mentions: "t-start"),
        BadInput(label: "nfe not a multiple", arguments: ["--schedule", "linear", "--solver", "dpm-solver-2", "--nfe", "7"], status: 64, mentions: "nfe"),
        BadInput(label: "unknown skip", arguments: ["--schedule", "linear", "--solver", "ddim", "--steps", "5", "--skip", "uniform"], status: 64, mentions: "skip"),
    ]

    static let badFileInputs: [(label: String, file: String, contents: String, mentions: String)] = [
        ("malformed JSON", "problem.json", "{\"type\": ", "problem.json"),
        ("unknown type", "problem.json", "{\"type\": \"gaussian\", \"weights\": [1], \"means\": [[0]], \"variances\": [[1]]}", "type"),
        ("negative variance", "problem.json", "{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[0, 0, 0, 0, 0, 0]], \"variances\": [[1, 1, -1, 1, 1, 1]]}", "variances[0][2]"),
        ("not an npy", "init.npy", "hello", "init.npy"),
    ]

    static func prepare() throws -> URL {
        let folder = try DiffodeProcess.scratchFolder()
        let source = Fixtures.referenceCasesDirectory.appendingPathComponent("ddim-linear-tu10")
        for file in ["problem.json", "init.npy"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        return folder
    }

    static func expectCleanFailure(_ result: DiffodeProcess.Result, status: Int32, mentions: String, folder: URL) {
        #expect(result.status == status, "exit \(result.status): \(result.standardError)")
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.standardError)")
        #expect(result.standardError.hasPrefix("diffode: error: "))
        #expect(result.standardError.contains(mentions), "stderr: \(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.npy").path))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.contains("partial") } ?? []
        #expect(leftovers.isEmpty)
    }

    @Test("bad arguments", arguments: badInputs)
    func badArguments(input: BadInput) throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try DiffodeProcess.run(Self.base + input.arguments, in: folder)
        Self.expectCleanFailure(result, status: input.status, mentions: input.mentions, folder: folder)
    }

    @Test("bad input files", arguments: badFileInputs.map(\.label))
    func badFile(label: String) throws {
        let entry = Self.badFileInputs.first { $0.label == label }!
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(entry.contents.utf8).write(to: folder.appendingPathComponent(entry.file))
        let result = try DiffodeProcess.run(Self.base + ["--schedule", "linear", "--solver", "ddim", "--steps", "5"], in: folder)
        Self.expectCleanFailure(result, status: 65, mentions: entry.mentions, folder: folder)
    }
}
