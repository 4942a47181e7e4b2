import Foundation

/// The `key: value` lines a command prints on standard output, in order.
struct Report {
    private(set) var lines: [(String, String)] = []

    mutating func add(_ key: String, _ value: String) {
        lines.append((key, value))
    }

    mutating func add(_ key: String, _ value: Double) {
        lines.append((key, "\(value)"))
    }

    mutating func add(_ key: String, _ value: Int) {
        lines.append((key, "\(value)"))
    }

    /// Seconds with six significant digits (timings carry no more).
    mutating func addSeconds(_ key: String, _ value: Double) {
        lines.append((key, String(format: "%.6g", value)))
    }

    func print() {
        for (key, value) in lines { Swift.print("\(key): \(value)") }
    }
}
