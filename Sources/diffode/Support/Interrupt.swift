import DiffusionODE
import Foundation
import Synchronization

/// The one cancellation path: SIGINT (Ctrl-C), SIGTERM and SIGHUP each ask the running work
/// to stop at its next check (every solve step, every study run, every benchmark figure, each
/// Fréchet distance, each wait for a model server); it ends with a `cancelled` error, exit 130,
/// and writes nothing. A second signal exits at once, after removing any temporary output
/// file being written. SIGXFSZ (a file-size limit) is ignored, so an over-long write fails
/// with EFBIG and ends as an I/O error (exit 74) with its temporary file removed.
enum Interrupt {
    static let requested = Atomic<Bool>(false)

    /// The signals that cancel.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    static func install() {
        AtomicFile.prepareForSignalHandlers()
        // A process started from a thread that blocks these signals inherits the block; undo it.
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        sigprocmask(SIG_UNBLOCK, &set, nil)
        for number in signals {
            signal(number) { _ in
                if Interrupt.requested.exchange(true, ordering: .relaxed) {
                    AtomicFile.removeTemporaryFiles()
                    _exit(ExitStatus.interrupted)
                }
            }
        }
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Runs `body` (writing the outputs) with the cancelling signals held, so a second one
    /// cannot cut a write between its temporary file and the rename; a pending one is
    /// delivered after.
    static func holding<Result>(_ body: () throws -> Result) rethrows -> Result {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        sigprocmask(SIG_BLOCK, &set, nil)
        defer { sigprocmask(SIG_UNBLOCK, &set, nil) }
        return try body()
    }

    /// Whether a cancelling signal has arrived.
    @Sendable
    static func isRequested() -> Bool {
        requested.load(ordering: .relaxed)
    }

    /// Throws `cancelled` when a cancelling signal has arrived.
    static func check(_ field: String) throws {
        if isRequested() { throw DiffusionODEError(.cancelled, field: field, "cancelled") }
    }
}
