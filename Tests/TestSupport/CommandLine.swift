import Foundation

/// Runs the built `diffode` executable as a user would.
public enum DiffodeProcess {
    /// What a run printed and how it ended.
    public struct Result: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String

        /// The value of a `key: value` line of standard output.
        public func value(_ key: String) -> String? {
            for line in standardOutput.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    /// The executable: `$DIFFODE` if set, else `diffode` next to the test bundle.
    public static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["DIFFODE"] {
            return URL(fileURLWithPath: path)
        }
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("diffode"),
            Bundle.main.bundleURL.appendingPathComponent("diffode"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("diffode"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `diffode arguments...` in `directory`.
    public static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        return try collect(process)
    }

    /// Runs `script` with `/bin/sh -c` in `directory`, `$DIFFODE` naming the executable: for
    /// runs under `ulimit` or with redirections a `Process` cannot express (`2>/dev/full`, `2>&-`).
    public static func runShell(_ script: String, in directory: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["DIFFODE"] = executable.path
        process.environment = environment
        return try collect(process)
    }

    /// Runs `process` to its end with its output and error captured.
    private static func collect(_ process: Process) throws -> Result {
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }

    /// A fresh scratch folder, removed by the caller with `FileManager.removeItem`.
    public static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("diffode-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
