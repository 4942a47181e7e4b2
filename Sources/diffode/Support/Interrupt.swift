import Foundation
import Synchronization

/// Ctrl-C handling: the first SIGINT asks the running solve to stop between steps (it
/// ends with a `cancelled` error and writes no output); a second one exits at once.
/// Outputs are only ever renamed into place after success, so neither leaves a partial file.
enum Interrupt {
    static let requested = Atomic<Bool>(false)

    static func install() {
        // A process started from a thread that blocks SIGINT inherits the block; undo it.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            if Interrupt.requested.exchange(true, ordering: .relaxed) {
                _exit(ExitStatus.interrupted)
            }
        }
    }

    /// Runs `body` (writing the outputs) with SIGINT held, so a second Ctrl-C cannot cut a
    /// write between its temporary file and the rename; a pending one is delivered after.
    static func holding<Result>(_ body: () throws -> Result) rethrows -> Result {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_BLOCK, &set, nil)
        defer { sigprocmask(SIG_UNBLOCK, &set, nil) }
        return try body()
    }

    /// Whether the user has pressed Ctrl-C.
    @Sendable
    static func isRequested() -> Bool {
        requested.load(ordering: .relaxed)
    }
}
