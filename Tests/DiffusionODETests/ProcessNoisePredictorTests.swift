import DiffusionODE
import Foundation
import Synchronization
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

@Suite("Model server bridge")
struct ProcessNoisePredictorTests {
    /// The reference server of `problem`, started through the shell as a user would.
    static func referenceServer(_ problem: GaussianMixture, float32: Bool = false) throws -> (ProcessNoisePredictor, URL) {
        let folder = try DiffodeProcess.scratchFolder()
        let file = folder.appendingPathComponent("problem.json")
        try problem.jsonData().write(to: file)
        let script = Fixtures.repositoryRoot.appendingPathComponent("examples/model-server/gmm_server.py").path
        let server = try ProcessNoisePredictor(command: "python3 '\(script)' '\(file.path)'" + (float32 ? " --float32" : ""), timeout: 30)
        return (server, folder)
    }

    static func faultyServer(_ mode: String, call: Int = 1, timeout: Double = 30) throws -> ProcessNoisePredictor {
        let script = Fixtures.modelServersDirectory.appendingPathComponent("faulty_server.py").path
        return try ProcessNoisePredictor(command: "python3 '\(script)' \(mode) \(call)", timeout: timeout)
    }

    @Test("the reference server reproduces the in-process mixture to 1e-12 for DDIM, DPM-Solver++(2M) and DPM-Solver-12, with the same NFE")
    func referenceServerMatches() throws {
        let mixture = try Problems.mixture()
        let (server, folder) = try Self.referenceServer(mixture)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(server.dimension == 2 && server.prediction == .noise && server.wireType == .float64)
        let schedule = try LinearVPSchedule()
        let initial = Problems.noise(rows: 300, columns: 2, seed: 11)
        let local = try SamplingProblem(schedule: schedule, model: mixture, initial: initial)
        let remote = try SamplingProblem(schedule: schedule, model: server, initial: initial)
        let runs: [(any Solver, Discretization)] = [
            (try DDIM(), .steps(10)), (try DPMSolverMultistep(order: 2, algorithm: .dpmSolverPlusPlus), .steps(15)),
            (try DPMSolverAdaptive(order: 2), .tolerances(try Tolerances(absolute: 1e-3, relative: 1e-3))),
        ]
        for (solver, discretization) in runs {
            let expected = try solver.solve(local, discretization)
            let served = try solver.solve(remote, discretization)
            #expect(served.final.maxAbsoluteDifference(to: expected.final) <= 1e-12 * max(1, expected.final.maxMagnitude), "\(solver.name)")
            #expect(served.statistics.evaluations == expected.statistics.evaluations, "\(solver.name)")
        }
    }

    @Test("a float32 server is converted both ways and agrees to single precision")
    func float32Server() throws {
        let mixture = try Problems.mixture()
        let (server, folder) = try Self.referenceServer(mixture, float32: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(server.wireType == .float32)
        let x = Problems.noise(rows: 100, columns: 2, seed: 4)
        let level = try LinearVPSchedule().level(at: 0.5)
        let difference = try server.predictNoise(x, at: level).maxAbsoluteDifference(to: try mixture.predictNoise(x, at: level))
        #expect(difference > 0 && difference < 1e-5)
    }

    @Test("each failure names the server and the call, and leaves no process behind", arguments: [
        ("exit", "exited with status 3"), ("shape", "shape (3, 2)"), ("nan", "nan at row 0"), ("fail", "CUDA out of memory"),
        ("garbage", "\"WHAT\""), ("sleep", "did not answer within 2.0 s"),
    ])
    func failures(mode: String, expected: String) throws {
        let server = try Self.faultyServer(mode, call: 2, timeout: 2)
        let x = Problems.noise(rows: 4, columns: 2, seed: 1)
        let level = try LinearVPSchedule().level(at: 0.5)
        _ = try server.predictNoise(x, at: level)
        do {
            _ = try server.predictNoise(x, at: level)
            Issue.record("call 2 of the \(mode) server succeeded")
        } catch let error as DiffusionODEError {
            #expect(error.kind == .solveFailed)
            #expect(error.description.contains("call 2"), "\(error)")
            #expect(error.description.contains("faulty_server.py"), "\(error)")
            #expect(error.description.contains(expected), "\(error)")
            #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(error)")
        }
        #expect(kill(server.processID, 0) != 0, "the \(mode) server is still running or a zombie")
        #expect(throws: DiffusionODEError.self) { try server.predictNoise(x, at: level) }
    }

    @Test("a failed handshake is an error naming its cause: a server that exits, one of another version, a program that is no server")
    func handshakeFailures() throws {
        for (command, expected) in [("exit 4", "exited with status 4"), ("cat >/dev/null", "did not answer"), ("head -c 8 >/dev/null; echo hello", "\"hell\", not \"DODE\"")] {
            #expect {
                _ = try ProcessNoisePredictor(command: command, timeout: 0.5)
            } throws: { error in
                (error as? DiffusionODEError)?.description.contains(expected) == true
            }
        }
        #expect {
            _ = try Self.faultyServer("version")
        } throws: { error in
            (error as? DiffusionODEError)?.description.contains("protocol version 9") == true
        }
        #expect(throws: DiffusionODEError.self) { _ = try ProcessNoisePredictor(command: " ", timeout: 1) }
        #expect(throws: DiffusionODEError.self) { _ = try ProcessNoisePredictor(command: "true", timeout: 0) }
    }

    @Test("close ends the server and reaps it; cancellation ends a wait")
    func lifecycle() throws {
        let (server, folder) = try Self.referenceServer(try Problems.gaussian())
        defer { try? FileManager.default.removeItem(at: folder) }
        let processID = server.processID
        #expect(kill(processID, 0) == 0)
        server.close()
        #expect(kill(processID, 0) != 0)
        let script = Fixtures.modelServersDirectory.appendingPathComponent("faulty_server.py").path
        let flag = CancelFlag()
        let sleeper = try ProcessNoisePredictor(command: "python3 '\(script)' sleep", timeout: 60, isCancelled: { flag.raised.load(ordering: .relaxed) })
        let start = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { flag.raised.store(true, ordering: .relaxed) }
        #expect {
            _ = try sleeper.predictNoise(Problems.noise(rows: 2, columns: 3, seed: 1), at: try LinearVPSchedule().level(at: 0.5))
        } throws: { error in
            (error as? DiffusionODEError)?.kind == .cancelled
        }
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(kill(sleeper.processID, 0) != 0)
    }

    @Test("a server under a shell that ignores SIGTERM and QUIT is killed with its process group")
    func stubbornServer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stubborn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Fixtures.modelServersDirectory.appendingPathComponent("faulty_server.py").path
        let pidFile = folder.appendingPathComponent("server.pid").path
        // `; true` keeps the shell as the server's parent instead of exec-ing it.
        let server = try ProcessNoisePredictor(command: "python3 '\(script)' stubborn '\(pidFile)'; true", timeout: 10)
        let serverID = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8)))
        // Should close fail to end it, the server would keep the test runner's output open.
        defer { kill(serverID, SIGKILL) }
        #expect(Self.isRunning(serverID))
        server.close()
        let deadline = Date().addingTimeInterval(3)
        while Self.isRunning(serverID) && Date() < deadline { usleep(10_000) }
        #expect(!Self.isRunning(serverID))
    }

    /// Whether a process exists and is not a zombie (one left for another parent to reap has ended).
    static func isRunning(_ processID: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(processID)/stat", encoding: .utf8) else { return false }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state != "Z"
    }
}

/// A cancellation request raised from another thread once the server is running.
final class CancelFlag: Sendable {
    let raised = Atomic<Bool>(false)
}
