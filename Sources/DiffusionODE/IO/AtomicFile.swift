import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader never sees a partial one: the bytes go to a temporary
/// file in the destination's folder, are flushed to disk, and the temporary file is
/// renamed over the destination only when everything succeeded. A failed or
/// interrupted write leaves an existing file untouched.
///
/// Replacing a file keeps what the user set on it: its permission bits (a private 0600 result
/// stays private), and a symbolic link stays a link, the file it points to being replaced.
/// Temporary files being written are registered, so a signal handler can remove them
/// (``removeTemporaryFiles()``) before the process exits.
public enum AtomicFile {
    /// The temporary files being written, as C strings a signal handler can read without
    /// allocating; a fixed table, since a process writes only a few files at once.
    private static let registrySize = 64
    nonisolated(unsafe) private static let registry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: registrySize)
        table.initialize(repeating: nil, count: registrySize)
        return table
    }()
    private static let registryLock = NSLock()

    private static func register(_ path: String) {
        registryLock.lock()
        defer { registryLock.unlock() }
        for slot in 0..<registrySize where registry[slot] == nil {
            registry[slot] = strdup(path)
            return
        }
    }

    private static func unregister(_ path: String) {
        registryLock.lock()
        defer { registryLock.unlock() }
        for slot in 0..<registrySize {
            if let entry = registry[slot], String(cString: entry) == path {
                registry[slot] = nil
                free(entry)
            }
        }
    }

    /// Builds the table of temporary files now. Call it before installing a signal handler
    /// that calls ``removeTemporaryFiles()``: the table is built on first use, which allocates,
    /// and a handler that ran that first use could deadlock on the allocator's lock.
    public static func prepareForSignalHandlers() {
        _ = registry
    }

    /// Unlinks every temporary file being written. Async-signal-safe once
    /// ``prepareForSignalHandlers()`` has run: it only reads the table and calls unlink(2), so a
    /// signal handler may call it before `_exit`.
    public static func removeTemporaryFiles() {
        for slot in 0..<registrySize {
            if let entry = registry[slot] { unlink(entry) }
        }
    }

    /// The file a write to `path` replaces: `path` itself, or the file a symbolic link at
    /// `path` points to (followed through further links).
    static func destination(of path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK,
                let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current)
            else { return current }
            current = target.hasPrefix("/") ? target : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(target).path
        }
        return current
    }
    /// Writes `data` to `path` atomically.
    /// - Throws: ``DiffusionODEError`` of kind `io` naming the path and the system's reason.
    public static func write(_ data: Data, toFile path: String) throws {
        try write([(data, path)])
    }

    /// Writes what `produce` hands its sink, chunk by chunk, to a new temporary file in
    /// `path`'s folder, flushed to disk, and returns its path; the caller renames it into
    /// place or unlinks it. Streaming keeps a large output from being built whole in memory.
    private static func writeTemporary(beside path: String, _ produce: (_ sink: (Data) throws -> Void) throws -> Void) throws -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiffusionODEError(.io, field: path, "cannot be written: the folder \(folder) does not exist")
        }
        // A rename would replace a device, FIFO or folder entry by a regular file.
        if let kind = InputFile.nonRegularKind(atPath: path) {
            throw DiffusionODEError(.io, field: path, "is \(kind); give a file name to write")
        }
        var template = Array((folder + "/." + url.lastPathComponent + ".partial-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            throw DiffusionODEError(.io, field: path, "cannot be written: \(String(cString: strerror(errno)))")
        }
        let temporaryPath = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } ?? "" }
        register(temporaryPath)
        func sink(_ data: Data) throws {
            if !data.withUnsafeBytes({ FileDescriptorWrite.all($0, to: descriptor) }) {
                throw DiffusionODEError(.io, field: path, "cannot be written: \(String(cString: strerror(errno)))")
            }
        }
        do {
            try produce(sink)
        } catch {
            close(descriptor)
            unlink(temporaryPath)
            unregister(temporaryPath)
            throw error
        }
        let flushed = fsync(descriptor) == 0
        let reason = String(cString: strerror(errno))
        // mkstemp creates the file 0600: give it the replaced file's permissions, or the usual
        // ones of a new file.
        var existing = stat()
        if stat(path, &existing) == 0 {
            fchmod(descriptor, existing.st_mode & 0o7777)
        } else {
            let mask = umask(0)
            umask(mask)
            fchmod(descriptor, 0o666 & ~mask)
        }
        close(descriptor)
        guard flushed else {
            unlink(temporaryPath)
            unregister(temporaryPath)
            throw DiffusionODEError(.io, field: path, "cannot be written: \(reason)")
        }
        return temporaryPath
    }

    /// Writes several files all or nothing: every temporary file is written and flushed first,
    /// and only then are they renamed into place; if any write fails, none is renamed.
    public static func write(_ files: [(data: Data, path: String)]) throws {
        try write(files.map { file in (path: file.path, produce: { sink in try sink(file.data) }) })
    }

    /// Writes several files all or nothing, each streamed by its `produce` closure as
    /// chunks handed to the sink it is given.
    public static func write(_ files: [(path: String, produce: (_ sink: (Data) throws -> Void) throws -> Void)]) throws {
        var written: [(temporary: String, path: String)] = []
        defer { for file in written { unregister(file.temporary) } }
        do {
            for file in files {
                let target = destination(of: file.path)
                written.append((try writeTemporary(beside: target, file.produce), target))
            }
        } catch {
            for file in written { unlink(file.temporary) }
            throw error
        }
        for file in written where rename(file.temporary, file.path) != 0 {
            let reason = String(cString: strerror(errno))
            for other in written { unlink(other.temporary) }
            throw DiffusionODEError(.io, field: file.path, "cannot be written: \(reason)")
        }
    }

    /// Writes the chunks `produce` hands its sink to `path` atomically.
    public static func write(toFile path: String, streaming produce: (_ sink: (Data) throws -> Void) throws -> Void) throws {
        try withoutActuallyEscaping(produce) { produce in try write([(path: path, produce: produce)]) }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, toFile path: String) throws {
        try write(Data(text.utf8), toFile: path)
    }
}
