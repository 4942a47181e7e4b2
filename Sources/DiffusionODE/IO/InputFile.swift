import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading an input file whole, with the reason named when it cannot be: missing, a folder,
/// not a regular file (a FIFO or a device such as /dev/null, which would block or read as
/// empty), unreadable, or larger than the caller's limit (checked from its size before a byte
/// is read). Every reader of the library's files goes through here.
public enum InputFile {
    /// The size of the regular file at `path`, in bytes.
    /// - Throws: ``DiffusionODEError`` of kind `io` naming the path and the reason.
    public static func size(ofFile path: String) throws -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let reason = errno == ENOENT ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))"
            throw DiffusionODEError(.io, field: path, reason)
        }
        if let kind = kind(ofMode: status.st_mode) {
            throw DiffusionODEError(.io, field: path, "is \(kind); give a file")
        }
        return Int(status.st_size)
    }

    /// What the file at `path` (symlinks followed) is when it exists and is not a regular file
    /// ("a folder", "a FIFO, not a regular file", ...); nil for a regular file or none.
    public static func nonRegularKind(atPath path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return kind(ofMode: status.st_mode)
    }

    private static func kind(ofMode mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO, not a regular file"
        case S_IFCHR, S_IFBLK: "a device, not a regular file"
        default: "not a regular file"
        }
    }

    /// The bytes of the regular file at `path`.
    /// - Parameter maximumBytes: a file larger than this is refused before it is read.
    /// - Throws: ``DiffusionODEError`` naming the path and the reason.
    public static func contents(ofFile path: String, maximumBytes: Int = .max) throws -> Data {
        let size = try size(ofFile: path)
        guard size <= maximumBytes else {
            throw DiffusionODEError.invalidInput(path, "is \(size) bytes; at most \(maximumBytes) can be read here")
        }
        return try readBytes(path, count: size)
    }

    /// The first `firstBytes` bytes of the regular file at `path` (all of a shorter file):
    /// a header, read without the data behind it.
    public static func contents(ofFile path: String, firstBytes: Int) throws -> Data {
        try readBytes(path, count: min(try size(ofFile: path), firstBytes))
    }

    private static func readBytes(_ path: String, count size: Int) throws -> Data {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let reason = errno == EACCES ? "permission denied" : String(cString: strerror(errno))
            throw DiffusionODEError(.io, field: path, "cannot be read (\(reason))")
        }
        defer { close(descriptor) }
        var data = Data(count: size)
        var offset = 0
        let failure: Int32? = data.withUnsafeMutableBytes { buffer in
            while offset < size {
                let count = read(descriptor, buffer.baseAddress! + offset, size - offset)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { return errno }
                if count == 0 { break }
                offset += count
            }
            return nil
        }
        if let failure {
            throw DiffusionODEError(.io, field: path, "cannot be read (\(String(cString: strerror(failure))))")
        }
        // A file that shrank while being read is read as far as it goes.
        return offset < size ? data.prefix(offset) : data
    }
}
