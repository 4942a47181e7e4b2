import DiffusionODE
#if canImport(Glibc)
@preconcurrency import Glibc
#else
@preconcurrency import Darwin
#endif

/// Standard input, output and error as a command-line tool must treat them: present even
/// when the caller closed them, written without trapping, and a lost report made visible.
///
/// `FileHandle.write` traps on a write error (`2>/dev/full` ended the process with
/// SIGILL), and a descriptor the caller closed would be reused by the next file opened,
/// so a report could land in an output file. Writes here go through `write(2)` and give
/// up quietly on stderr (there is nowhere left to report to); standard output is
/// checked once, after the command ran, so a report lost to a full disk is exit 74.
enum StandardStreams {
    /// Reopens any of descriptors 0, 1, 2 that the caller closed on `/dev/null`.
    static func ensureOpen() {
        for descriptor in Int32(0)...2 where fcntl(descriptor, F_GETFD) == -1 {
            let opened = open("/dev/null", O_RDWR)
            // `open` returns the lowest free descriptor, which is this one; anything else
            // means the table is in a state we did not make, so leave it alone.
            if opened >= 0 && opened != descriptor { close(opened) }
        }
    }

    /// Writes all of `text` to standard error, ignoring failures.
    static func writeError(_ text: String) {
        Array(text.utf8).withUnsafeBytes { _ = FileDescriptorWrite.all($0, to: STDERR_FILENO) }
    }

    /// Flushes standard output; `false` when anything written to it was lost.
    static func flushOutput() -> Bool {
        fflush(stdout) == 0 && ferror(stdout) == 0
    }
}
