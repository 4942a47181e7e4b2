#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A model served by a child process over its standard input and output: a PyTorch network,
/// or anything else that speaks the framed protocol of `Docs/ModelServer.md`.
///
/// The command runs under `/bin/sh -c`, in its own process group (so a Ctrl-C at the
/// terminal reaches the solve, which ends the server, rather than killing the server in the
/// middle of a reply); its standard error passes through. Both pipes are one Unix socket, so a
/// server that dies mid-call is an error here, never a SIGPIPE. The handshake gives the
/// dimension, what the server predicts (noise, data, velocity, score or flow velocity;
/// converted to noise as ``ConvertedPredictor`` does) and the value type on the wire
/// (float64, or float32 for servers that compute in single precision).
///
/// Every failure ends the call with a ``DiffusionODEError`` of kind `solveFailed` naming the
/// command and the call number: the server exited or closed its output, answered with
/// another shape, a non-finite value or an error frame, or did not answer within `timeout`.
/// The server is ended by ``close()`` or when the predictor is released: a `QUIT` frame, then
/// SIGTERM after a second and SIGKILL after two; then anything the command left in its process
/// group is killed too (a server under the shell that ignored SIGTERM), and the shell is reaped.
public final class ProcessNoisePredictor: NoisePredictor, @unchecked Sendable {
    /// The value type of the rows on the wire.
    public enum WireType: UInt8, Sendable {
        case float64 = 0
        case float32 = 1

        var width: Int { self == .float64 ? 8 : 4 }
    }

    /// The protocol version this side speaks.
    public static let protocolVersion: UInt32 = 1

    /// The shell command that started the server.
    public let command: String
    /// The longest wait for any reply, in seconds.
    public let timeout: Double
    /// The sample dimension the server declared, nil when it accepts any.
    public let dimension: Int?
    /// What the server's rows are a prediction of.
    public let prediction: PredictionTarget
    /// The value type of the rows on the wire.
    public let wireType: WireType

    /// The server's process ID (ended and reaped once the predictor is closed or released).
    public var processID: pid_t { serverProcessID }

    private let isCancelled: @Sendable () -> Bool
    private let lock = NSLock()
    private var connection: Int32
    private var serverProcessID: pid_t
    private var calls = 0
    private var ended = false
    /// The request frame and, for float32 rows, the reply's bytes: kept between calls (under
    /// the lock) so a solve allocates them once, not at every evaluation.
    private var request: [UInt8] = []
    private var replyBytes: [UInt8] = []

    /// Starts `command` and performs the handshake.
    /// - Parameters:
    ///   - command: a shell command line, e.g. `python3 examples/model-server/gmm_server.py P.json`.
    ///   - timeout: seconds to wait for the handshake and for each reply (> 0).
    ///   - isCancelled: polled while waiting; when it returns true the call ends with a `cancelled` error.
    /// - Throws: ``DiffusionODEError`` when the command cannot be started or the handshake fails.
    public init(command: String, timeout: Double = 60, isCancelled: @escaping @Sendable () -> Bool = { false }) throws {
        guard timeout > 0, timeout.isFinite else {
            throw DiffusionODEError.invalidArgument("model-timeout", "must be a positive number of seconds, got \(timeout)")
        }
        guard !command.allSatisfy(\.isWhitespace) else {
            throw DiffusionODEError.invalidArgument("model-command", "is empty; give the command that starts the model server")
        }
        self.command = command
        self.timeout = timeout
        self.isCancelled = isCancelled
        (serverProcessID, connection) = try Self.spawn(command)
        let processID = serverProcessID
        do {
            var hello = [UInt8]("DODE".utf8)
            Self.append(Self.protocolVersion, to: &hello)
            let channel = Channel(connection: connection, processID: processID, command: command, timeout: timeout, isCancelled: isCancelled)
            try channel.send(hello, during: "the handshake")
            let magic = try channel.receive(4, during: "the handshake")
            guard magic == Array("DODE".utf8) else {
                throw channel.failure("the handshake", "the server's first bytes are \(String(decoding: magic, as: UTF8.self).debugDescription), not \"DODE\"; is it a diffode model server?")
            }
            let reply = magic + (try channel.receive(10, during: "the handshake"))
            let version = Self.read(UInt32.self, from: reply, at: 4)
            guard version == Self.protocolVersion else {
                throw channel.failure("the handshake", "the server speaks protocol version \(version); this diffode speaks \(Self.protocolVersion)")
            }
            let declared = Self.read(UInt32.self, from: reply, at: 8)
            let predictions: [PredictionTarget] = [.noise, .data, .velocity, .score, .flowVelocity]
            guard Int(reply[12]) < predictions.count, let wireType = WireType(rawValue: reply[13]) else {
                throw channel.failure("the handshake", "the server declared prediction \(reply[12]) and type \(reply[13]); valid are 0-4 (noise, data, velocity, score, flow-velocity) and 0-1 (float64, float32)")
            }
            dimension = declared == 0 ? nil : Int(declared)
            prediction = predictions[Int(reply[12])]
            self.wireType = wireType
        } catch {
            Self.end(processID: processID, connection: connection)
            throw error
        }
    }

    deinit {
        endServer()
    }

    /// Ends the server (a `QUIT` frame, then signals) and reaps it; later calls fail.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        endServer()
    }

    /// Sends `x` and the level to the server and converts its reply to eps_theta(x, t).
    public func predictNoise(_ x: Batch, at level: NoiseLevel, into output: inout Batch) throws {
        lock.lock()
        defer { lock.unlock() }
        calls += 1
        let call = "call \(calls) (t = \(level.time))"
        guard !ended else {
            throw DiffusionODEError.solveFailed("model-command '\(command)'", "\(call): the server has already been ended")
        }
        guard output.hasSameShape(as: x) else {
            throw DiffusionODEError.invalidArgument("output", "has shape (\(output.rows), \(output.columns)); needs (\(x.rows), \(x.columns))")
        }
        if let dimension, x.columns != dimension {
            throw DiffusionODEError.invalidInput("x", "has \(x.columns) columns; the model server declared dimension \(dimension)")
        }
        let channel = Channel(connection: connection, processID: serverProcessID, command: command, timeout: timeout, isCancelled: isCancelled)
        do {
            request.removeAll(keepingCapacity: true)
            request.append(contentsOf: "EVAL".utf8)
            for value in [level.time, level.alpha, level.sigma, level.halfLogSNR] { Self.append(value.bitPattern, to: &request) }
            Self.append(UInt64(x.rows), to: &request)
            Self.append(UInt64(x.columns), to: &request)
            if Self.rowsAreWireFormat(wireType) {
                // Little-endian float64 rows are already the wire format: sent from the batch itself.
                try channel.send(request, during: call)
                try x.withUnsafeValues { try channel.send(UnsafeRawBufferPointer($0), during: call) }
            } else {
                let start = request.count
                request.append(contentsOf: repeatElement(0, count: x.count * wireType.width))
                x.withUnsafeValues { values in
                    request.withUnsafeMutableBytes { LittleEndianValues.write(values, width: wireType.width, into: $0, at: start) }
                }
                try channel.send(request, during: call)
            }
            let tag = String(decoding: try channel.receive(4, during: call), as: UTF8.self)
            switch tag {
            case "OKAY":
                let shape = try channel.receive(16, during: call)
                let rows = Self.read(UInt64.self, from: shape, at: 0), columns = Self.read(UInt64.self, from: shape, at: 8)
                guard rows == UInt64(x.rows), columns == UInt64(x.columns) else {
                    throw channel.failure(call, "the server answered with shape (\(rows), \(columns)); the call sent (\(x.rows), \(x.columns))")
                }
                try output.withUnsafeMutableValues { out in
                    if Self.rowsAreWireFormat(wireType) {
                        try channel.receive(into: UnsafeMutableRawBufferPointer(out), during: call)
                    } else {
                        if replyBytes.count != x.count * wireType.width { replyBytes = [UInt8](repeating: 0, count: x.count * wireType.width) }
                        try replyBytes.withUnsafeMutableBytes { try channel.receive(into: $0, during: call) }
                        replyBytes.withUnsafeBytes { LittleEndianValues.read($0, at: 0, width: wireType.width, into: out) }
                    }
                    if let index = UnsafeBufferPointer(out).firstNonFiniteIndex() {
                        throw channel.failure(call, "the server returned \(out[index]) at row \(index / x.columns), column \(index % x.columns)")
                    }
                    x.withUnsafeValues { x in prediction.convertToNoise(out, from: x, at: level) }
                }
            case "FAIL":
                let length = Self.read(UInt32.self, from: try channel.receive(4, during: call), at: 0)
                // Control characters (an escape sequence, a NUL) would act on the user's terminal.
                let message = String(String(decoding: try channel.receive(Int(min(length, 65536)), during: call), as: UTF8.self)
                    .unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
                throw channel.failure(call, "the server reported an error: \(message)")
            default:
                throw channel.failure(call, "the server answered with the frame \"\(tag.debugDescription)\"; \"OKAY\" or \"FAIL\" was expected")
            }
        } catch let error as DiffusionODEError {
            // The stream may be mid-frame; nothing more can be said to this server.
            endServer()
            throw error
        }
    }

    // MARK: - The child process

    private static func spawn(_ command: String) throws -> (pid_t, Int32) {
        var pair: [Int32] = [-1, -1]
        // Both ends close on exec from the start: a server spawned by another thread in the
        // window before they were marked would inherit this server's socket and hold it open, so
        // this server's exit would never read as the end of its output. (dup2 onto the child's
        // stdin and stdout clears the flag there.)
        #if canImport(Glibc)
        let streamType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        let streamType = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, streamType, 0, &pair) == 0 else {
            throw DiffusionODEError(.io, field: "model-command '\(command)'", "cannot create the socket to the server (\(String(cString: strerror(errno))))")
        }
        let (parentEnd, childEnd) = (pair[0], pair[1])
        // Room for a whole batch of rows in flight: fewer wake-ups per call for N x D of megabytes.
        var bufferBytes: Int32 = 4 << 20
        for end in pair {
            for option in [SO_SNDBUF, SO_RCVBUF] { setsockopt(end, SOL_SOCKET, option, &bufferBytes, socklen_t(MemoryLayout<Int32>.size)) }
        }
        #if !canImport(Glibc)
        for end in pair { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        #endif
        _ = fcntl(parentEnd, F_SETFL, fcntl(parentEnd, F_GETFL) | O_NONBLOCK)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, childEnd, 0)
        posix_spawn_file_actions_adddup2(&actions, childEnd, 1)
        posix_spawn_file_actions_addclose(&actions, childEnd)
        posix_spawn_file_actions_addclose(&actions, parentEnd)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ] { sigaddset(&defaults, signal) }
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { word in word.withCString { strdup($0) } }
        defer { arguments.forEach { free($0) } }
        var processID: pid_t = 0
        let status = posix_spawn(&processID, "/bin/sh", &actions, &attributes, arguments + [nil], environ)
        closeDescriptor(childEnd)
        guard status == 0 else {
            closeDescriptor(parentEnd)
            throw DiffusionODEError(.io, field: "model-command '\(command)'", "cannot start /bin/sh (\(String(cString: strerror(status))))")
        }
        return (processID, parentEnd)
    }

    /// Asks the server to quit, then signals it, and reaps it; idempotent.
    private func endServer() {
        guard !ended else { return }
        ended = true
        Self.end(processID: serverProcessID, connection: connection)
    }

    private static func end(processID: pid_t, connection: Int32) {
        var quit = [UInt8]("QUIT".utf8)
        quit.withUnsafeMutableBytes { _ = sendWithoutSignal(connection, $0.baseAddress!, $0.count) }
        shutdown(connection, Int32(SHUT_WR))
        for (signal, patience) in [(Int32(0), 1.0), (SIGTERM, 1.0), (SIGKILL, 5.0)] {
            if signal != 0 { kill(-processID, signal); kill(processID, signal) }
            if ending(of: processID, within: patience) != nil { break }
        }
        // The shell has ended but is not reaped yet, so its process group ID cannot have been
        // taken by another process: whatever else the command left in that group (a server
        // that ignored SIGTERM under the shell, the other end of a pipeline) ends with it.
        kill(-processID, SIGKILL)
        var status: Int32 = 0
        recheck(for: 5) { waitpid(processID, &status, WNOHANG) != 0 }
        closeDescriptor(connection)
    }

    /// How the server's shell ended, read without reaping it (``end(processID:connection:)``
    /// reaps it after ending its group): nil while it still runs after `seconds`.
    static func ending(of processID: pid_t, within seconds: Double) -> Ending? {
        var ending: Ending? = nil
        recheck(for: seconds) {
            var information = siginfo_t()
            if waitid(P_PID, id_t(processID), &information, WEXITED | WNOHANG | WNOWAIT) == 0 {
                let child = information._sifields._sigchld
                guard child.si_pid == processID else { return false }
                ending = information.si_code == CLD_EXITED ? .exited(child.si_status) : .killed(child.si_status)
            } else if errno == ECHILD {
                ending = .exited(0)
            }
            return ending != nil
        }
        return ending
    }

    /// Checks `condition` every 2 ms until it holds or `seconds` pass (at least once).
    @discardableResult
    static func recheck(for seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if condition() { return true }
            usleep(2000)
        } while Date() < deadline
        return false
    }

    /// How a process ended: its exit status, or the signal that killed it.
    enum Ending {
        case exited(Int32)
        case killed(Int32)
    }

    // MARK: - Bytes

    static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func read<Value: FixedWidthInteger>(_: Value.Type, from bytes: [UInt8], at offset: Int) -> Value {
        bytes.withUnsafeBytes { Value(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Value.self)) }
    }

    /// Whether rows of `type` have this machine's own layout (float64 on a little-endian host).
    static func rowsAreWireFormat(_ type: WireType) -> Bool {
        type == .float64 && 1.littleEndian == 1
    }
}

/// send(2) without SIGPIPE: a dead server is an error to report, not a signal to die of.
private func sendWithoutSignal(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return send(descriptor, bytes, count, Int32(MSG_NOSIGNAL))
    #else
    return send(descriptor, bytes, count, 0)
    #endif
}

private func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}

/// The socket to one server, with the deadline, cancellation and error wording of a call.
private struct Channel {
    let connection: Int32
    let processID: pid_t
    let command: String
    let timeout: Double
    let isCancelled: @Sendable () -> Bool

    func failure(_ during: String, _ message: String) -> DiffusionODEError {
        DiffusionODEError.solveFailed("model-command '\(command)'", "\(during): \(message)")
    }

    /// Waits until the socket is ready for `events`, in slices so cancellation is seen.
    private func wait(for events: Int16, until deadline: Date, during: String) throws {
        while true {
            if isCancelled() {
                throw DiffusionODEError(.cancelled, field: "model-command '\(command)'", "\(during): cancelled")
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw failure(during, "the server did not answer within \(timeout) s (--model-timeout)")
            }
            var descriptor = pollfd(fd: connection, events: events, revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 0.1) * 1000) + 1)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw failure(during, "cannot wait for the server (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Why the server stopped talking: its exit status if it ends within a second.
    private func ending(_ during: String) -> DiffusionODEError {
        switch ProcessNoisePredictor.ending(of: processID, within: 1) {
        case nil: return failure(during, "the server closed its output")
        case .exited(let status): return failure(during, "the server exited with status \(status)")
        case .killed(let signal): return failure(during, "the server was killed by signal \(signal)")
        }
    }

    func send(_ bytes: [UInt8], during: String) throws {
        try bytes.withUnsafeBytes { try send($0, during: during) }
    }

    func send(_ raw: UnsafeRawBufferPointer, during: String) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var sent = 0
        while sent < raw.count {
            let count = sendWithoutSignal(connection, raw.baseAddress! + sent, raw.count - sent)
            if count > 0 {
                sent += count
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                try wait(for: Int16(POLLOUT), until: deadline, during: during)
            } else {
                throw ending(during)
            }
        }
    }

    func receive(_ count: Int, during: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try receive(into: $0, during: during) }
        return bytes
    }

    func receive(into raw: UnsafeMutableRawBufferPointer, during: String) throws {
        let deadline = Date().addingTimeInterval(timeout)
        let count = raw.count
        var received = 0
        while received < count {
            let got = recv(connection, raw.baseAddress! + received, count - received, 0)
            if got > 0 {
                received += got
            } else if got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                try wait(for: Int16(POLLIN), until: deadline, during: during)
            } else {
                throw ending(during)
            }
        }
    }
}
