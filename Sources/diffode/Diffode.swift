import ArgumentParser
import DiffusionODE
import Foundation

/// `diffode`: sample, compare and benchmark diffusion ODE solvers.
@main
struct Diffode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diffode",
        abstract: "Sample diffusion models by solving their probability-flow ODE, and compare the solvers.",
        discussion: """
            Every solver (DDIM, the DPM-Solver family, Runge-Kutta in t or lambda, GSL's integrators) \
            runs on one ODE with exact analytic problems, so errors and orders are measured, not guessed.
            Exit status: 0 success, 64 bad arguments, 65 bad input file, 1 a solve failed, 74 a file \
            could not be read or written, 130 interrupted.
            """,
        subcommands: [SampleCommand.self, InvertCommand.self, ConvergeCommand.self, OptimizeGridCommand.self, EtaTableCommand.self, BenchCommand.self, RenderCommand.self, SolversCommand.self]
    )

    /// Parses the arguments and runs the command, turning every error into one line on
    /// standard error and an exit status by its kind.
    static func main() {
        StandardStreams.ensureOpen()
        Interrupt.install()
        Allocator.keepBatchBuffersInHeap()
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withParsingError: error)
        }
        do {
            var command = command
            try command.run()
            finishOutput()
        } catch let error as DiffusionODEError {
            exit(with: error)
        } catch {
            exit(withParsingError: error)
        }
    }

    /// A report that did not reach standard output (a full disk, a closed pipe reader that
    /// did not raise SIGPIPE) is a failed run, not a silent success.
    private static func finishOutput() {
        guard StandardStreams.flushOutput() else {
            printError("standard output: the report could not be written (\(String(cString: strerror(errno))))")
            Foundation.exit(ExitStatus.ioError)
        }
    }

    private static func exit(with error: DiffusionODEError) -> Never {
        printError(error.description)
        switch error.kind {
        case .invalidArgument: Foundation.exit(ExitStatus.usage)
        case .invalidInput: Foundation.exit(ExitStatus.dataError)
        case .solveFailed: Foundation.exit(ExitStatus.failure)
        case .io: Foundation.exit(ExitStatus.ioError)
        case .cancelled: Foundation.exit(ExitStatus.interrupted)
        }
    }

    private static func exit(withParsingError error: any Error) -> Never {
        if let error = error as? DiffusionODEError { exit(with: error) }
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            finishOutput()
            Foundation.exit(0)
        }
        let message = self.message(for: error)
        if !message.isEmpty { printError(message) }
        Foundation.exit(code == .failure ? ExitStatus.failure : (code == .validationFailure ? ExitStatus.usage : code.rawValue))
    }
}

/// The exit statuses of `diffode` (sysexits.h where one fits).
enum ExitStatus {
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let ioError: Int32 = 74
    static let interrupted: Int32 = 130
}

/// Writes one line to standard error, prefixed with the program name.
func printError(_ message: String) {
    let line = "diffode: error: " + message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") + "\n"
    StandardStreams.writeError(line)
}
