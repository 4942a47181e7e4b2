import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// Writes files so that a reader never sees a partial one: the bytes go to a temporary
/// file in the destination's folder, are flushed to disk, and the temporary file is
/// renamed over the destination only when everything succeeded. A failed or
/// interrupted write leaves an existing file untouched.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    /// - Throws: ``DiffusionODEError`` of kind `io` naming the path and the system's reason.
    public static func write(_ data: Data, toFile path: String) throws {
        try write([(data, path)])
    }

    /// Writes `data` to a new temporary file in `path`'s folder, flushed to disk, and returns
    /// its path; the caller renames it into place or unlinks it.
    private static func writeTemporary(_ data: Data, beside path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiffusionODEError(.io, field: path, "cannot be written: the folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DiffusionODEError(.io, field: path, "is a folder; give a file name")
        }
        var template = Array((folder + "/." + url.lastPathComponent + ".partial-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            throw DiffusionODEError(.io, field: path, "cannot be written: \(String(cString: strerror(errno)))")
        }
        let temporaryPath = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } ?? "" }
        let written: Bool = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let result = systemWrite(descriptor, base + offset, buffer.count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += result
            }
            return true
        }
        let reason = String(cString: strerror(errno))
        let flushed = written && fsync(descriptor) == 0
        // mkstemp creates the file 0600; give it the usual permissions of a new file.
        let mask = umask(0)
        umask(mask)
        fchmod(descriptor, 0o666 & ~mask)
        close(descriptor)
        guard written, flushed else {
            unlink(temporaryPath)
            throw DiffusionODEError(.io, field: path, "cannot be written: \(reason)")
        }
        return temporaryPath
    }

    /// Writes several files all or nothing: every temporary file is written and flushed first,
    /// and only then are they renamed into place; if any write fails, none is renamed.
    public static func write(_ files: [(data: Data, path: String)]) throws {
        var written: [(temporary: String, path: String)] = []
        do {
            for file in files {
                written.append((try writeTemporary(file.data, beside: file.path), file.path))
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

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, toFile path: String) throws {
        try write(Data(text.utf8), toFile: path)
    }
}
