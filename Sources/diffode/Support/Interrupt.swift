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

    /// Whether the user has pressed Ctrl-C.
    @Sendable
    static func isRequested() -> Bool {
        requested.load(ordering: .relaxed)
    }
}
