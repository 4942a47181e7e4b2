import DiffusionODE
import Foundation
import Testing
import TestSupport

/// The second reliability round, through the CLI as a user meets it: resource limits
/// (`ulimit -v`, `ulimit -f`), signals, standard streams that are full or closed, outputs that
/// already exist (mode, symlink) or name an input, and solves that used to end silently wrong.
/// Every failure is one line on standard error naming the cause, the right exit status, no
/// temporary file left, and an existing output untouched.
@Suite("diffode reliability")
struct CLIReliabilityTests {
    static func prepare() throws -> URL {
        try Fixtures.scratchFolderWithReferenceProblem()
    }

    static let sample = "\"$DIFFODE\" sample --problem problem.json --schedule linear --solver ddim --steps 5"

    static func leftovers(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }
    }

    static func expectOneLine(_ result: DiffodeProcess.Result, status: Int32, mentions: String, _ label: String) {
        #expect(result.status == status, "\(label): exit \(result.status): \(result.standardError)")
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1 && result.standardError.hasPrefix("diffode: error: "), "\(label): \(result.standardError)")
        #expect(result.standardError.contains(mentions), "\(label): \(result.standardError)")
    }

    static func permissions(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("under ulimit -v, work too large for the limit is refused before it starts, naming the limit")
    func addressSpaceLimit() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try DiffodeProcess.runShell("ulimit -v \(Self.addressSpace(kilobytes: 1_000_000)); \(Self.sample) --samples 20000000 --seed 1 --out out.npy", in: folder)
        Self.expectOneLine(result, status: 64, mentions: "samples", "samples under ulimit -v")
        #expect(result.standardError.contains("ulimit -v"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.npy").path))
    }

    /// `kilobytes` for `ulimit -v`, plus the address space glibc reserves per thread on a larger
    /// machine (a 64 MiB malloc arena and an 8 MiB stack for each worker Dispatch may start), so
    /// a limit sized on two cores means the same on more.
    static func addressSpace(kilobytes: Int) -> Int {
        kilobytes + max(ProcessInfo.processInfo.activeProcessorCount - 2, 0) * (64 + 8) * 1024
    }

    @Test("a large CSV is streamed: 300000 samples written as CSV under ulimit -v 600 MB (two cores)")
    func csvUnderAddressSpaceLimit() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try DiffodeProcess.runShell("ulimit -v \(Self.addressSpace(kilobytes: 600_000)); \(Self.sample) --samples 300000 --seed 1 --out out.csv", in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        let text = try String(contentsOf: folder.appendingPathComponent("out.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 300_001)
        #expect(lines.first == "x0,x1,x2,x3,x4,x5")
        #expect(lines.last?.split(separator: ",").count == 6)
    }

    @Test("under ulimit -f, an output too large ends with exit 74, no temporary file, the old file untouched")
    func fileSizeLimit() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.csv")
        let earlier = Data("an earlier result\n".utf8)
        try earlier.write(to: output)
        let result = try DiffodeProcess.runShell("ulimit -f 100; \(Self.sample) --samples 20000 --seed 1 --out out.csv", in: folder)
        Self.expectOneLine(result, status: 74, mentions: "out.csv", "file-size limit")
        #expect(try Data(contentsOf: output) == earlier)
        #expect(try Self.leftovers(in: folder).isEmpty)
    }

    @Test("SIGTERM, SIGHUP and SIGINT each stop a study: exit 130, no CSV, no temporary file", arguments: [SIGTERM, SIGHUP, SIGINT])
    func signals(_ number: Int32) throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stopped = try Self.interrupt(
            [
                "converge", "--problem", "problem.json", "--schedule", "linear", "--solvers", "dpm-solver-3,rk4@t",
                "--nfe", "600,1200,2400,4800", "--samples", "3000", "--seed", "1", "--csv", "runs.csv",
            ],
            in: folder, after: 1.5, signal: number
        )
        #expect(stopped.status == 130, "signal \(number): \(stopped.message)")
        #expect(stopped.message.contains("cancelled"), "\(stopped.message)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("runs.csv").path))
        #expect(try Self.leftovers(in: folder).isEmpty)
    }

    /// Starts `arguments`, sends `signal` after `delay` seconds, and returns the exit status,
    /// the seconds it took to stop and what it wrote on standard error.
    static func interrupt(_ arguments: [String], in folder: URL, after delay: Double, signal: Int32 = SIGINT) throws -> (status: Int32, seconds: Double, message: String) {
        let process = Process()
        process.executableURL = DiffodeProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = Pipe()
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        #expect(process.isRunning, "\(arguments[0]) finished before it could be interrupted")
        let sent = Date()
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, Date().timeIntervalSince(sent), message)
    }

    @Test("one Ctrl-C stops eta-table inside a Frechet distance (D = 300), and writes nothing")
    func etaTableInterruptedInFrechetDistance() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let zeros = Array(repeating: "0", count: 300).joined(separator: ","), ones = Array(repeating: "1", count: 300).joined(separator: ",")
        try Data("{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[\(zeros)]], \"variances\": [[\(ones)]]}".utf8)
            .write(to: folder.appendingPathComponent("wide.json"))
        let stopped = try Self.interrupt(
            ["eta-table", "--problem", "wide.json", "--schedule", "discrete-linear", "--samples", "400", "--steps", "10", "--eta", "0", "--csv", "eta.csv"],
            in: folder, after: 3
        )
        #expect(stopped.status == 130, "\(stopped.message)")
        // The whole table takes minutes in a debug build; one eigen-solver row takes milliseconds.
        #expect(stopped.seconds < 10, "took \(stopped.seconds) s to stop")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("eta.csv").path))
    }

    @Test("one Ctrl-C stops bench")
    func benchInterrupted() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stopped = try Self.interrupt(["bench", "--samples", "512"], in: folder, after: 2)
        #expect(stopped.status == 130, "\(stopped.message)")
        #expect(stopped.seconds < 10, "took \(stopped.seconds) s to stop")
    }

    @Test("standard error full or closed, standard output full: no trap, and a lost report is exit 74")
    func standardStreams() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fullError = try DiffodeProcess.runShell("\(Self.sample) --init init.npy --out out.npy --colour red 2>/dev/full", in: folder)
        #expect(fullError.status == 64)
        let closedError = try DiffodeProcess.runShell("\(Self.sample) --init init.npy --out out.npy --colour red 2>&-", in: folder)
        #expect(closedError.status == 64)
        let fullOutput = try DiffodeProcess.runShell("\(Self.sample) --init init.npy --out out.npy >/dev/full", in: folder)
        Self.expectOneLine(fullOutput, status: 74, mentions: "standard output", "report to /dev/full")
        let closedEverything = try DiffodeProcess.runShell("\(Self.sample) --init init.npy --out closed.npy >&- 2>&- <&-", in: folder)
        #expect(closedEverything.status == 0)
        let written = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("closed.npy").path)
        #expect(written.rows == 16 && written.columns == 6)
    }

    @Test("a replaced output keeps its mode, and a symlink stays a symlink to the updated file")
    func replacedOutputs() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("private.npy")
        try Data("an earlier result\n".utf8).write(to: output)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: output.path)
        let first = try DiffodeProcess.run(["sample", "--problem", "problem.json", "--schedule", "linear", "--solver", "ddim", "--steps", "5", "--init", "init.npy", "--out", "private.npy"], in: folder)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(try Self.permissions(output) == 0o600)
        #expect(try NumPyArray.read(contentsOfFile: output.path).rows == 16)

        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("latest.npy").path, withDestinationPath: "private.npy")
        try Data("stale\n".utf8).write(to: output)
        let second = try DiffodeProcess.run(["sample", "--problem", "problem.json", "--schedule", "linear", "--solver", "ddim", "--steps", "5", "--init", "init.npy", "--out", "latest.npy"], in: folder)
        #expect(second.status == 0, "\(second.standardError)")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("latest.npy").path)
        #expect(link == "private.npy")
        #expect(try NumPyArray.read(contentsOfFile: output.path).rows == 16)
        #expect(try Self.permissions(output) == 0o600)
    }

    @Test("an output that names an input is refused, by any spelling or link, and the input is untouched")
    func outputNamingAnInput() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let initial = try Data(contentsOf: folder.appendingPathComponent("init.npy"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("alias.npy").path, withDestinationPath: "init.npy")
        try Data(NumPyArray.encodeVector([10, 1, 0.1])).write(to: folder.appendingPathComponent("sigmas.npy"))
        let base = ["--problem", "problem.json", "--schedule", "linear", "--solver", "ddim"]
        let cases: [(label: String, arguments: [String], field: String)] = [
            ("out is init", ["sample"] + base + ["--steps", "5", "--init", "init.npy", "--out", "./init.npy"], "--init"),
            ("out links to init", ["sample"] + base + ["--steps", "5", "--init", "init.npy", "--out", "alias.npy"], "--init"),
            ("out is the sigmas grid", ["sample"] + base + ["--sigmas", "sigmas.npy", "--init", "init.npy", "--out", "sigmas.npy"], "--sigmas"),
            ("invert out is in", ["invert"] + base + ["--steps", "5", "--in", "init.npy", "--out", "init.npy"], "--in"),
        ]
        for item in cases {
            let result = try DiffodeProcess.run(item.arguments, in: folder)
            Self.expectOneLine(result, status: 64, mentions: item.field, item.label)
            #expect(result.standardError.contains("out:"), "\(item.label): \(result.standardError)")
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("init.npy")) == initial)
    }

    @Test("a FIFO as the problem file is named as one, without blocking; as the output it is refused, not replaced")
    func fifoProblem() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(folder.appendingPathComponent("pipe.json").path, 0o600) == 0)
        let result = try DiffodeProcess.run(["sample", "--problem", "pipe.json", "--schedule", "linear", "--solver", "ddim", "--steps", "5", "--init", "init.npy", "--out", "out.npy"], in: folder)
        Self.expectOneLine(result, status: 74, mentions: "FIFO", "FIFO problem")
        #expect(mkfifo(folder.appendingPathComponent("pipe.npy").path, 0o600) == 0)
        let output = try DiffodeProcess.run(["sample", "--problem", "problem.json", "--schedule", "linear", "--solver", "ddim", "--steps", "5", "--init", "init.npy", "--out", "pipe.npy"], in: folder)
        Self.expectOneLine(output, status: 74, mentions: "FIFO", "FIFO output")
        #expect(InputFile.nonRegularKind(atPath: folder.appendingPathComponent("pipe.npy").path) != nil, "the FIFO was replaced")
        #expect(throws: DiffusionODEError.self) { try AtomicFile.write(Data("x".utf8), toFile: folder.appendingPathComponent("pipe.npy").path) }
    }

    @Test("adaptive DPM-Solver on a span shorter than its end tolerance still steps to t_end")
    func shortAdaptiveSpan() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try DiffodeProcess.run(
            ["sample", "--problem", "problem.json", "--schedule", "linear", "--solver", "dpm-solver-12", "--t-start", "1.5e-5", "--t-end", "6e-6", "--init", "init.npy", "--out", "out.npy"],
            in: folder
        )
        #expect(result.status == 0, "\(result.standardError)")
        let steps = Int(result.value("steps") ?? "") ?? 0
        let finalTime = Double(result.value("t_final") ?? "") ?? .nan
        #expect(steps >= 1)
        #expect(abs(finalTime - 6e-6) <= 1e-12, "t_final \(finalTime)")
        let start = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("init.npy").path)
        let end = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("out.npy").path)
        #expect(end.maxAbsoluteDifference(to: start) > 0, "x_T was written unchanged")
    }

    @Test("valid JSON numbers below the smallest double read as 0, and eta-table runs on schedules its default grid overshoots")
    func acceptedEdgeCases() throws {
        let folder = try Self.prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{\"type\": \"gaussian-mixture\", \"weights\": [1], \"means\": [[1e-99999999999999999999999, 0, 0, 0, 0, 0]], \"variances\": [[1, 1, 1, 1, 1, 1]]}".utf8)
            .write(to: folder.appendingPathComponent("tiny.json"))
        let tiny = try DiffodeProcess.run(["sample", "--problem", "tiny.json", "--schedule", "linear", "--solver", "ddim", "--steps", "5", "--init", "init.npy", "--out", "out.npy"], in: folder)
        #expect(tiny.status == 0, "\(tiny.standardError)")
        for extra in [["--schedule", "discrete-cosine"], ["--schedule", "discrete-linear", "--beta-max", "30"]] {
            let result = try DiffodeProcess.run(["eta-table", "--problem", "problem.json", "--samples", "20", "--steps", "10", "--eta", "0", "--csv", "eta.csv"] + extra, in: folder)
            #expect(result.status == 0, "\(extra): \(result.standardError)")
        }
    }
}
