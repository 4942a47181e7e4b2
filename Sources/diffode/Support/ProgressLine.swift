import Foundation

/// A progress line on standard error for runs longer than a second: rewritten in place
/// on a terminal, one line every few seconds otherwise (so logs stay readable).
final class ProgressLine {
    private let label: String
    private let started = ContinuousClock.now
    private var lastPrinted: ContinuousClock.Instant?
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var printedAny = false

    init(label: String) {
        self.label = label
    }

    func update(done: Int, total: Int, current: String) {
        let now = ContinuousClock.now
        guard now - started >= .seconds(1) else { return }
        let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(5)
        if let lastPrinted, now - lastPrinted < interval { return }
        lastPrinted = now
        let text = "\(label): \(done)/\(total) runs, \(current)"
        if isTerminal {
            StandardStreams.writeError("\r\u{1B}[K" + text)
        } else {
            StandardStreams.writeError(text + "\n")
        }
        printedAny = true
    }

    /// Ends the line (on a terminal) so what follows starts on a fresh one.
    func finish() {
        if printedAny && isTerminal { StandardStreams.writeError("\r\u{1B}[K") }
    }
}
